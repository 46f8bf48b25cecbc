import Table from 'cli-table3'
import pc from 'picocolors'
import type { StormReport } from '../storm/types.ts'

/** The human summary of a storm: figures, the outcome histogram, the first failures. */
export function stormTable(report: StormReport, color = pc.isColorSupported): string {
  const paint = color ? pc : pc.createColors(false)
  const style = { head: color ? ['bold'] : [], border: color ? ['grey'] : [] }
  const t = report.target
  const figures = new Table({ style })
  const lat = report.latencyMs
  figures.push(
    { target: `${t.host}:${t.port} ${t.version} (${t.auth}${t.startedByStorm ? ', started by the storm' : ''})` },
    { clients: `${report.client}, ${report.workers === 0 ? 'in this thread' : `${report.workers} worker thread(s)`}` },
    {
      logins: `${report.started} of ${report.n} started, concurrency ${report.concurrency}${report.rampPerSec ? `, ramp ${report.rampPerSec}/s` : ''}`,
    },
    { throughput: `${report.loginsPerSec} logins/s (${report.ok} ${report.expectedOutcome} in ${(report.elapsedMs / 1000).toFixed(2)} s)` },
    { latency: `p50 ${lat.p50} ms, p95 ${lat.p95} ms, p99 ${lat.p99} ms, max ${lat.max} ms` },
    { memory: `${report.rssPerBotMb} MB RSS per login in flight (peak ${report.peakRssMb} MB)` },
  )
  if (report.outage) {
    const o = report.outage
    figures.push({
      outage: `${o.faults} fault(s) for ${o.loginsUnderFault} logins, lifted ${o.liftedAtMs === null ? 'at the end' : `at ${o.liftedAtMs} ms`}`,
    })
  }
  const outcomes = new Table({ head: ['outcome', 'logins'], style })
  for (const [outcome, count] of Object.entries(report.outcomes)) {
    outcomes.push([outcome === report.expectedOutcome ? paint.green(outcome) : paint.red(outcome), String(count)])
  }
  let text = `${figures.toString()}\n${outcomes.toString()}\n`
  if (report.failureSamples.length > 0) {
    const failures = new Table({ head: ['login', 'outcome', 'message', 'ms'], style, wordWrap: true, colWidths: [18, 26, 60, 8] })
    for (const f of report.failureSamples.slice(0, 10)) failures.push([`${f.name} (${f.kind})`, f.outcome, f.message, String(f.ms)])
    text += `first failures:\n${failures.toString()}\n`
  }
  text += report.pass ? paint.green('storm passed\n') : paint.red(`storm failed: ${report.reasons.join('; ')}\n`)
  return text
}
