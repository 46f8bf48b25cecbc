import { summarize, type RunReport } from './types.ts'

/**
 * The documented JSON shape, exactly: `{results:[{scenario,bot,version,expected,outcome,key,message,pass,ms}], summary:{passed,failed,ms}, complete}`
 * (+ `error` on a row whose outcome is `error`, + `unrun:[{scenario,bot,version}]` when complete is false).
 */
export function toJson(report: RunReport): string {
  const results = report.results.map(({ scenario, bot, version, expected, outcome, key, message, pass, ms, reason }) => ({
    scenario,
    bot,
    version,
    expected,
    outcome,
    key,
    message,
    pass,
    ms,
    // A harness error (a server that never started, a plugin that never enabled) has no message
    // from a client: its reason is the only account of what went wrong, so it is kept, as in JUnit.
    ...(outcome === 'error' ? { error: reason } : {}),
  }))
  const complete = report.complete !== false
  // An interrupted run says so, and lists what it never ran.
  const tail = complete
    ? { complete }
    : { complete, unrun: (report.unrun ?? []).map(({ scenario, bot, version }) => ({ scenario, bot, version })) }
  return JSON.stringify({ results, summary: summarize(report), ...tail }, null, 2) + '\n'
}
