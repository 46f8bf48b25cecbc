/**
 * One storm from its shards: storms run at the same time in separate processes (or machines),
 * each against its share of the logins (`storm --shard i/n`), added up into the report one
 * process would have written. Counts add; throughput adds (the shards ran side by side); the
 * latency percentiles come from the sum of the shards' HDR histograms, which is exactly the
 * histogram of all their logins; the wall time is the longest shard's.
 */
import { HarnessInputError } from '../errors.ts'
import type { OutcomeCode } from '../outcome/codes.ts'
import { LatencyHistogram } from './stats.ts'
import { FAILURE_SAMPLES } from './run-storm.ts'
import type { StormReport } from './types.ts'

export function mergeStormReports(reports: readonly StormReport[]): StormReport {
  const [first] = reports
  if (!first) throw new HarnessInputError('mergeStormReports: no storm reports to merge; give the reports of every shard')
  const expected = reports.find((r) => r.expectedOutcome !== first.expectedOutcome)
  if (expected)
    throw new HarnessInputError(
      `mergeStormReports: the shards expected different outcomes (${first.expectedOutcome}, ${expected.expectedOutcome}); run every shard with the same expectation`,
    )
  const missingHistogram = reports.findIndex((r) => typeof r.latencyHistogram !== 'string')
  if (missingHistogram >= 0)
    throw new HarnessInputError(
      `mergeStormReports: report ${missingHistogram + 1} has no latencyHistogram (written by an older harness, or an interrupted storm); re-run that shard`,
    )

  const sum = (pick: (r: StormReport) => number) => reports.reduce((total, r) => total + pick(r), 0)
  const latency = LatencyHistogram.empty()
  for (const r of reports) latency.add(LatencyHistogram.decode(r.latencyHistogram))
  const outcomes: Partial<Record<OutcomeCode, number>> = {}
  for (const r of reports)
    for (const [code, n] of Object.entries(r.outcomes) as Array<[OutcomeCode, number]>) outcomes[code] = (outcomes[code] ?? 0) + n
  const outages = reports.flatMap((r) => (r.outage ? [r.outage] : []))
  const lifted = outages.map((o) => o.liftedAtMs)
  const rampPerSec = reports.every((r) => r.rampPerSec !== null) ? sum((r) => r.rampPerSec!) : null
  const reasons = reports.flatMap((r, i) =>
    r.reasons.map((reason) => (reports.length > 1 ? `shard ${i + 1}/${reports.length}: ${reason}` : reason)),
  )

  return {
    target: first.target,
    client: first.client,
    workers: sum((r) => r.workers),
    n: sum((r) => r.n),
    concurrency: sum((r) => r.concurrency),
    rampPerSec,
    started: sum((r) => r.started),
    notStarted: sum((r) => r.notStarted),
    ok: sum((r) => r.ok),
    failures: sum((r) => r.failures),
    expectedOutcome: first.expectedOutcome,
    elapsedMs: Math.max(...reports.map((r) => r.elapsedMs)),
    loginsPerSec: Math.round(sum((r) => r.loginsPerSec) * 10) / 10,
    latencyMs: latency.summary(),
    latencyHistogram: latency.encode(),
    outcomes,
    // Per-process charts (bins of each shard's own range and clock) do not add up; left out.
    byKind: { cracked: sum((r) => r.byKind.cracked), premium: sum((r) => r.byKind.premium) },
    failureSamples: reports.flatMap((r) => r.failureSamples).slice(0, FAILURE_SAMPLES),
    // Each process's own memory: the largest says what one runner needs.
    rssPerBotMb: Math.max(...reports.map((r) => r.rssPerBotMb)),
    peakRssMb: Math.max(...reports.map((r) => r.peakRssMb)),
    outage:
      outages.length === 0
        ? null
        : {
            faults: Math.max(...outages.map((o) => o.faults)),
            liftedAtMs: lifted.every((l) => l !== null) ? Math.max(...(lifted as number[])) : null,
            loginsUnderFault: outages.reduce((t, o) => t + o.loginsUnderFault, 0),
          },
    timeBoundHit: reports.some((r) => r.timeBoundHit),
    pass: reports.every((r) => r.pass),
    reasons,
  }
}

/** Shard `index` of `total` (1-based) of `n` logins: the first n % total shards take one more. */
export function stormShareOf(n: number, index: number, total: number): number {
  return Math.floor(n / total) + (index <= n % total ? 1 : 0)
}
