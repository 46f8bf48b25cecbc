import { describe, expect, it } from 'vitest'
import { toJson } from './json.ts'
import { toJunit } from './junit.ts'
import { prepareTableRow, tableInOneGo, toTable } from './table.ts'
import type { ReportRow, RunReport } from './types.ts'

const row = (fields: Partial<ReportRow>): ReportRow => ({
  scenario: 'premium: joins',
  file: 'scenarios/premium.ts',
  bot: 'Alice (premium)',
  version: '1.20.4',
  expected: 'success',
  outcome: 'success',
  key: null,
  message: '',
  pass: true,
  ms: 812,
  reason: '',
  ...fields,
})

const report: RunReport = {
  ms: 2345.6,
  results: [
    row({}),
    row({
      bot: 'Steve & <co>',
      expected: 'success',
      outcome: 'unverified_username',
      key: 'multiplayer.disconnect.unverified_username',
      message: 'Failed to verify username!',
      pass: false,
      reason: 'expected success, got unverified_username',
    }),
  ],
}

describe('reporters', () => {
  it('JSON has exactly the documented fields', () => {
    const parsed = JSON.parse(toJson(report))
    expect(Object.keys(parsed)).toEqual(['results', 'summary', 'complete'])
    expect(parsed.complete).toBe(true)
    expect(Object.keys(parsed.results[0])).toEqual(['scenario', 'bot', 'version', 'expected', 'outcome', 'key', 'message', 'pass', 'ms'])
    expect(parsed.summary).toEqual({ passed: 1, failed: 1, ms: 2346 })
    // A row that failed on what the client saw carries no error field.
    expect(parsed.results[1]).not.toHaveProperty('error')
  })

  it("JSON keeps a harness error's reason on its row (as JUnit does)", () => {
    const reason = 'harness error: plugin Guard never logged "Enabling Guard" (server log tail: ...)'
    const failed: RunReport = { ms: 10, results: [row({ outcome: 'error', pass: false, ms: 0, reason })] }
    const [parsed] = JSON.parse(toJson(failed)).results
    expect(Object.keys(parsed)).toEqual(['scenario', 'bot', 'version', 'expected', 'outcome', 'key', 'message', 'pass', 'ms', 'error'])
    expect(parsed.error).toBe(reason)
    expect(toJunit(failed)).toContain('plugin Guard never logged &quot;Enabling Guard&quot;')
  })

  it('an interrupted run is marked incomplete and lists what did not run (JSON, JUnit, table)', () => {
    const unrun = [{ scenario: 'later', file: 'scenarios/later.ts', bot: 'Bob (cracked)', version: '26.1' }]
    const partial: RunReport = { ...report, complete: false, unrun }
    const parsed = JSON.parse(toJson(partial))
    expect(parsed.complete).toBe(false)
    expect(parsed.unrun).toEqual([{ scenario: 'later', bot: 'Bob (cracked)', version: '26.1' }])
    const xml = toJunit(partial)
    expect(xml).toContain('<testsuites name="mc-login-harness" tests="3" failures="1" errors="0" skipped="1"')
    expect(xml).toContain('<testsuite name="scenarios/later.ts" tests="1" failures="0" errors="0" skipped="1"')
    expect(xml).toContain('<skipped message="not run: the run was interrupted" />')
    expect(toTable(partial, false)).toContain('INCOMPLETE: interrupted, 1 not run')
  })

  it('JUnit counts failures and escapes text', () => {
    const xml = toJunit(report)
    expect(xml).toContain('<testsuites name="mc-login-harness" tests="2" failures="1"')
    expect(xml).toContain('<testsuite name="scenarios/premium.ts" tests="2" failures="1"')
    expect(xml).toContain('Steve &amp; &lt;co&gt;')
    expect(xml).toMatch(/<failure message="expected success, got unverified_username" type="unverified_username">/)
    expect(xml.match(/<testcase /g)).toHaveLength(2)
  })

  it("table: drawn a row at a time, it is cli-table3's table drawn in one go, in colour and without, whichever rows were drawn early", () => {
    // Rows that wrap (a long scenario name, a kick message over lines), fail (red), or are short.
    const rows: ReportRow[] = [
      ...report.results,
      { ...report.results[0]!, scenario: 'a scenario whose name is long enough to wrap over three lines of its column', ms: 5123 },
      { ...report.results[1]!, message: 'You are not whitelisted on this server!\nSecond line', reason: 'expected kicked' },
    ]
    for (const color of [false, true]) {
      prepareTableRow(rows[1]!, color)
      prepareTableRow(rows[3]!, color)
      const text = toTable({ results: rows, ms: 1000 }, color)
      expect(text.slice(0, text.lastIndexOf('\n', text.length - 2))).toBe(tableInOneGo(rows, color))
      expect(text.split('\n').length).toBeGreaterThan(rows.length * 2 + 3)
    }
    expect(toTable({ results: [], ms: 0 }, false)).toContain(tableInOneGo([], false))
  })

  it('table shows each row and the totals', () => {
    const text = toTable(report, false)
    expect(text).toContain('Alice (premium)')
    expect(text).toContain('Failed to verify username!')
    expect(text).toContain('1 passed, 1 failed')
  })
})
