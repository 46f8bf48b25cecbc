import pc from 'picocolors'
import type { ReportRow } from './types.ts'

/**
 * Progress on stderr while a run goes on: a single rewritten line on a terminal, one line per
 * finished bot elsewhere (CI logs keep every line, so they get no control codes).
 */
export class Progress {
  private done = 0
  private failed = 0
  private readonly tty: boolean

  constructor(
    private readonly total: number,
    private readonly stream: { write(text: string): unknown; isTTY?: boolean } = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY)
  }

  result(row: ReportRow): void {
    this.done++
    if (!row.pass) this.failed++
    const mark = row.pass ? pc.green('✓') : pc.red('✗')
    const line = `${mark} ${row.scenario} › ${row.bot} [${row.version}] ${row.outcome} ${(row.ms / 1000).toFixed(2)} s`
    if (this.tty) {
      if (!row.pass) this.stream.write(`\r\x1b[2K${line}\n`)
      this.stream.write(
        `\r\x1b[2K[${this.done}/${this.total}] ${this.failed ? pc.red(`${this.failed} failed`) : 'all passing'} · ${row.scenario}`,
      )
    } else {
      this.stream.write(`[${this.done}/${this.total}] ${line}\n`)
    }
  }

  finish(): void {
    if (this.tty) this.stream.write('\r\x1b[2K')
  }
}
