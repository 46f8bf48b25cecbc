import Table from 'cli-table3'
import pc from 'picocolors'
import { summarize, type ReportRow, type RunReport } from './types.ts'

const HEAD = ['', 'scenario', 'bot', 'version', 'expected', 'actual', 'time']
const COL_WIDTHS = [3, 36, 24, 9, 26, 52, 9]

function newTable(color: boolean, head: string[] = HEAD): InstanceType<typeof Table> {
  return new Table({
    head,
    style: { head: color ? ['bold'] : [], border: color ? ['grey'] : [] },
    wordWrap: true,
    colWidths: COL_WIDTHS,
  })
}

function cells(r: ReportRow, color: boolean): string[] {
  const paint = color ? pc : pc.createColors(false)
  const actual = r.outcome + (r.message ? `\n${r.message}` : '') + (r.pass ? '' : `\n${r.reason}`)
  return [
    r.pass ? paint.green('✓') : paint.red('✗'),
    r.scenario,
    r.bot,
    r.version,
    r.expected,
    r.pass ? actual : paint.red(actual),
    `${(r.ms / 1000).toFixed(2)} s`,
  ]
}

/**
 * The table is drawn a row at a time. With fixed column widths a row's lines depend on its own
 * cells only, so the table is its head, then each row's lines with the separator between them,
 * then the bottom border: what cli-table3 draws in one go (a unit test holds the two equal). Drawn
 * in one go, it took about 0.1 s for the built-in suite's 90 rows (cli-table3 measures every cell
 * over and over), after the last case; a run draws each row as its result comes (prepareTableRow),
 * while other cases still run.
 */
const drawnRows: Record<'color' | 'plain', WeakMap<ReportRow, string>> = { color: new WeakMap(), plain: new WeakMap() }
const frames: Partial<Record<'color' | 'plain', { head: string; separator: string; bottom: string }>> = {}

function drawnRow(r: ReportRow, color: boolean): string {
  const cache = drawnRows[color ? 'color' : 'plain']
  let drawn = cache.get(r)
  if (drawn === undefined) {
    const table = newTable(color, [])
    table.push(cells(r, color))
    // Without its top and bottom border.
    drawn = table.toString().split('\n').slice(1, -1).join('\n')
    cache.set(r, drawn)
  }
  return drawn
}

function frame(color: boolean): { head: string; separator: string; bottom: string } {
  const key = color ? 'color' : 'plain'
  const known = frames[key]
  if (known) return known
  // The top border and head, and the bottom border, of the head alone; the separator, of a table
  // with one row, below its head.
  const alone = newTable(color).toString().split('\n')
  const withRow = newTable(color)
  withRow.push(HEAD.map(() => ''))
  const made = {
    head: alone.slice(0, -1).join('\n'),
    separator: withRow.toString().split('\n')[alone.length - 1]!,
    bottom: alone[alone.length - 1]!,
  }
  frames[key] = made
  return made
}

/** The rows drawn by cli-table3 in one go: what toTable() draws a row at a time (for its test). */
export function tableInOneGo(rows: readonly ReportRow[], color: boolean): string {
  const table = newTable(color)
  for (const r of rows) table.push(cells(r, color))
  return table.toString()
}

/** Draws `row` for the table now, so that toTable() later only puts it in its place. */
export function prepareTableRow(row: ReportRow, color = pc.isColorSupported): void {
  drawnRow(row, color)
}

/** The human summary: one row per bot and version, then the totals. */
export function toTable(report: RunReport, color = pc.isColorSupported): string {
  const paint = color ? pc : pc.createColors(false)
  let drawn: string
  if (report.results.length === 0) drawn = newTable(color).toString()
  else {
    const { head, separator, bottom } = frame(color)
    drawn = `${head}\n${separator}\n${report.results.map((r) => drawnRow(r, color)).join(`\n${separator}\n`)}\n${bottom}`
  }
  const { passed, failed, ms } = summarize(report)
  const totals = `${passed} passed, ${failed} failed`
  const interrupted = report.complete === false ? `\n${paint.red(`INCOMPLETE: interrupted, ${report.unrun?.length ?? 0} not run`)}` : ''
  return `${drawn}\n${failed ? paint.red(totals) : paint.green(totals)} in ${(ms / 1000).toFixed(1)} s${interrupted}\n`
}
