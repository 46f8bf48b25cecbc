import Table from 'cli-table3'
import pc from 'picocolors'
import { summarize, type RunReport } from './types.ts'

/** The human summary: one row per bot and version, then the totals. */
export function toTable(report: RunReport, color = pc.isColorSupported): string {
  const paint = color ? pc : pc.createColors(false)
  const table = new Table({
    head: ['', 'scenario', 'bot', 'version', 'expected', 'actual', 'time'],
    style: { head: color ? ['bold'] : [], border: color ? ['grey'] : [] },
    wordWrap: true,
    colWidths: [3, 36, 24, 9, 26, 52, 9],
  })
  for (const r of report.results) {
    const actual = r.outcome + (r.message ? `\n${r.message}` : '') + (r.pass ? '' : `\n${r.reason}`)
    table.push([
      r.pass ? paint.green('✓') : paint.red('✗'),
      r.scenario,
      r.bot,
      r.version,
      r.expected,
      r.pass ? actual : paint.red(actual),
      `${(r.ms / 1000).toFixed(2)} s`,
    ])
  }
  const { passed, failed, ms } = summarize(report)
  const totals = `${passed} passed, ${failed} failed`
  const interrupted = report.complete === false ? `\n${paint.red(`INCOMPLETE: interrupted, ${report.unrun?.length ?? 0} not run`)}` : ''
  return `${table.toString()}\n${failed ? paint.red(totals) : paint.green(totals)} in ${(ms / 1000).toFixed(1)} s${interrupted}\n`
}
