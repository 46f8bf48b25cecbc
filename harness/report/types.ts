/** What reporters read: the runner's rows plus the run's wall time. Reporters never see the runner. */
export interface ReportRow {
  scenario: string
  file: string
  bot: string
  version: string
  expected: string
  outcome: string
  key: string | null
  message: string
  pass: boolean
  ms: number
  reason: string
}

/** A bot (or storm) of the plan that has no result: the run was interrupted before it ran. */
export interface UnrunRow {
  scenario: string
  file: string
  bot: string
  version: string
}

export interface RunReport {
  results: ReportRow[]
  /** Wall time of the whole run. */
  ms: number
  /** false when the run was interrupted (Ctrl-C, SIGTERM, a harness error): `unrun` did not run. Default true. */
  complete?: boolean
  unrun?: UnrunRow[]
}

export function summarize(report: RunReport) {
  const passed = report.results.filter((r) => r.pass).length
  return { passed, failed: report.results.length - passed, ms: Math.round(report.ms) }
}
