import { formatChange, type CheckDiff } from '../check/diff.ts'
import type { CheckReport, ProbeResult } from '../check/types.ts'
import { describe } from '../check/warnings.ts'
import { xml } from './xml.ts'

/**
 * JUnit XML for `check` and `diff`, for CI pages that render test reports. `check`: one testcase
 * per probe (an `<error>` when the harness could not run it; warnings go to system-out, since they
 * describe choices, not failures). `diff`: one testcase per probe, failing when its change was not
 * accepted.
 */
export function checkToJunit(report: CheckReport): string {
  const errors = report.probes.filter((p) => p.outcome === 'error').length
  const cases = report.probes.map((p) => {
    const open = `    <testcase classname="check" name="${xml(`${p.probe}: ${p.label}`)}" time="${(p.ms / 1000).toFixed(3)}"`
    if (p.outcome !== 'error') return `${open}>\n      <system-out>${xml(`${p.who}: ${describe(p)}`)}</system-out>\n    </testcase>`
    return `${open}>\n      <error message="${xml(p.message)}" type="error">${xml(p.message)}</error>\n    </testcase>`
  })
  const out = report.warnings.map((w) => `warning: ${w}`).join('\n')
  return wrap(`check ${report.context.file}`, report.probes.length, 0, errors, report.ms, cases, out)
}

export function diffToJunit(diff: CheckDiff, before: CheckReport, after: CheckReport): string {
  const ids = [...new Set([...before.probes, ...after.probes].map((p) => p.probe))]
  let failures = 0
  const cases = ids.map((id) => {
    const change = diff.changes.find((c) => c.probe === id)
    const row: ProbeResult | undefined = after.probes.find((p) => p.probe === id) ?? before.probes.find((p) => p.probe === id)
    const open = `    <testcase classname="diff" name="${xml(`${id}: ${row?.label ?? id}`)}"`
    if (!change) return `${open} />`
    if (change.accepted) return `${open}>\n      <system-out>${xml(`accepted: ${formatChange(change)}`)}</system-out>\n    </testcase>`
    failures++
    return `${open}>\n      <failure message="${xml(formatChange(change))}" type="unaccepted change">${xml(`${formatChange(change)}\naccept with --accept ${id}`)}</failure>\n    </testcase>`
  })
  const out = [...diff.warningsAdded.map((w) => `new warning: ${w}`), ...diff.warningsRemoved.map((w) => `warning gone: ${w}`)].join('\n')
  return wrap(`diff ${before.context.file} -> ${after.context.file}`, ids.length, failures, 0, Math.max(before.ms, after.ms), cases, out)
}

function wrap(name: string, tests: number, failures: number, errors: number, ms: number, cases: string[], out: string): string {
  const time = (ms / 1000).toFixed(3)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mc-login-harness" tests="${tests}" failures="${failures}" errors="${errors}" time="${time}">`,
    `  <testsuite name="${xml(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${time}">`,
    ...cases,
    ...(out ? [`    <system-out>${xml(out)}</system-out>`] : []),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
