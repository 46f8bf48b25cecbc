import { summarize, type RunReport } from './types.ts'

/** The documented JSON shape, exactly: `{results:[{scenario,bot,version,expected,outcome,key,message,pass,ms}], summary:{passed,failed,ms}}`. */
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
  return JSON.stringify({ results, summary: summarize(report) }, null, 2) + '\n'
}
