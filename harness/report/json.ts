import { summarize, type RunReport } from './types.ts'

/** The documented JSON shape, exactly: `{results:[{scenario,bot,version,expected,outcome,key,message,pass,ms}], summary:{passed,failed,ms}, complete}` (+ `unrun:[{scenario,bot,version}]` when complete is false). */
export function toJson(report: RunReport): string {
  const results = report.results.map(({ scenario, bot, version, expected, outcome, key, message, pass, ms }) => ({
    scenario,
    bot,
    version,
    expected,
    outcome,
    key,
    message,
    pass,
    ms,
  }))
  const complete = report.complete !== false
  // An interrupted run says so, and lists what it never ran.
  const tail = complete ? { complete } : { complete, unrun: (report.unrun ?? []).map(({ scenario, bot, version }) => ({ scenario, bot, version })) }
  return JSON.stringify({ results, summary: summarize(report), ...tail }, null, 2) + '\n'
}
