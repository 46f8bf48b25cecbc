import { summarize, type ReportRow, type RunReport, type UnrunRow } from './types.ts'
import { xml } from './xml.ts'

/**
 * JUnit XML in the shape GitHub (dorny/test-reporter, mikepenz/action-junit-report) and GitLab
 * render: one testsuite per scenario file, one testcase per bot and version.
 */
export function toJunit(report: RunReport): string {
  const byFile = new Map<string, Array<ReportRow | UnrunRow>>()
  for (const row of [...report.results, ...(report.unrun ?? [])]) byFile.set(row.file, [...(byFile.get(row.file) ?? []), row])
  const { passed, failed, ms } = summarize(report)
  const skippedAll = report.unrun?.length ?? 0
  const suites = [...byFile].map(([file, all]) => {
    const rows = all.filter((r): r is ReportRow => 'pass' in r)
    const unrun = all.filter((r) => !('pass' in r))
    const failures = rows.filter((r) => !r.pass).length
    const time = rows.reduce((t, r) => t + r.ms, 0) / 1000
    const cases = rows.map((row) => {
      const name = `${row.scenario} › ${row.bot} [${row.version}]`
      const open = `    <testcase classname="${xml(row.scenario)}" name="${xml(name)}" file="${xml(row.file)}" time="${(row.ms / 1000).toFixed(3)}"`
      if (row.pass) return `${open} />`
      const detail = `${row.reason}\nexpected: ${row.expected}\nactual: ${row.outcome}${row.key ? ` (${row.key})` : ''}\nmessage: ${row.message}`
      return `${open}>\n      <failure message="${xml(row.reason)}" type="${xml(row.outcome)}">${xml(detail)}</failure>\n    </testcase>`
    })
    for (const row of unrun) {
      const name = `${row.scenario} › ${row.bot} [${row.version}]`
      cases.push(
        `    <testcase classname="${xml(row.scenario)}" name="${xml(name)}" file="${xml(row.file)}" time="0.000">\n      <skipped message="not run: the run was interrupted" />\n    </testcase>`,
      )
    }
    return `  <testsuite name="${xml(file)}" tests="${all.length}" failures="${failures}" errors="0" skipped="${unrun.length}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mc-login-harness" tests="${passed + failed + skippedAll}" failures="${failed}" errors="0" skipped="${skippedAll}" time="${(ms / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
