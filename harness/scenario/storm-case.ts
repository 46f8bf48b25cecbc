import type { ResourceScope } from '../resource-scope.ts'
import type { StartedServer } from '../server/types.ts'
import type { SessionServerControl } from '../session/types.ts'
import { runStorm } from '../storm/run-storm.ts'
import type { StormReport } from '../storm/types.ts'
import type { ReportRow } from '../report/types.ts'
import type { ScenarioCase } from './matrix.ts'
import type { ScenarioStorm } from './schema.ts'

/** The report row's label of a scenario's storm, e.g. `storm ×100 premium (light)`. */
export function stormLabel(storm: ScenarioStorm): string {
  const account =
    typeof storm.account === 'object'
      ? `mix ${Object.entries(storm.account)
          .map(([k, w]) => `${k}:${w}`)
          .join(' ')}`
      : (storm.account ?? 'cracked')
  return `storm ×${storm.n} ${account} (${storm.client ?? 'light'})`
}

function expected(storm: ScenarioStorm): string {
  const e = storm.expect ?? {}
  const parts = [`${e.outcome ?? 'success'} ×${storm.n}`]
  if (e.maxFailures) parts.push(`≤ ${e.maxFailures} failures`)
  if (e.minLoginsPerSec) parts.push(`≥ ${e.minLoginsPerSec}/s`)
  return parts.join(', ')
}

/** One summary row: the most frequent outcome, throughput and latency; the storm's verdict. */
export function stormRow(c: ScenarioCase, report: StormReport): ReportRow {
  const storm = c.scenario.storm!
  const top = Object.entries(report.outcomes).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none'
  const histogram = Object.entries(report.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  return {
    scenario: c.scenario.name,
    file: c.scenario.file,
    bot: stormLabel(storm),
    version: c.version,
    expected: expected(storm),
    outcome: top,
    key: null,
    message: `${histogram}; ${report.loginsPerSec} logins/s, p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms`,
    pass: report.pass,
    ms: report.elapsedMs,
    reason: report.reasons.join('; '),
  }
}

export function stormErrorRow(c: ScenarioCase, reason: string): ReportRow {
  const storm = c.scenario.storm!
  return {
    scenario: c.scenario.name,
    file: c.scenario.file,
    bot: stormLabel(storm),
    version: c.version,
    expected: expected(storm),
    outcome: 'error',
    key: null,
    message: '',
    pass: false,
    ms: 0,
    reason,
  }
}

/** Runs the scenario's storm against the case's own server and session server, in the case's scope. */
export async function runStormCase(
  c: ScenarioCase,
  server: StartedServer,
  session: SessionServerControl,
  scope: ResourceScope,
): Promise<ReportRow> {
  const storm = c.scenario.storm!
  const report = await runStorm({
    n: storm.n,
    concurrency: storm.concurrency,
    rampPerSec: storm.rampPerSec,
    accounts: storm.account,
    client: storm.client,
    server,
    session,
    outage: storm.outage,
    expect: storm.expect,
    scope,
  })
  return stormRow(c, report)
}
