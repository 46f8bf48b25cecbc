import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { Option, type Command } from 'commander'
import { HarnessInputError } from '../../errors.ts'
import { mergeBlobs, type BlobFile } from '../../report/blob.ts'
import { toJson } from '../../report/json.ts'
import { toJunit } from '../../report/junit.ts'
import { toTable } from '../../report/table.ts'
import { runToHtml } from '../../report/html/index.ts'
import { prepareOut, writeOut } from '../../report/output.ts'
import type { RunReport } from '../../report/types.ts'
import { harnessVersion } from '../../scenario/builtin.ts'
import type { CliContext } from '../context.ts'

interface MergeFlags {
  reporter: 'table' | 'json' | 'junit' | 'html'
  out?: string
}

export function registerMergeReportsCommand(program: Command, context: CliContext): void {
  program
    .command('merge-reports')
    .description(
      'merge the blob reports of a sharded run (run --shard i/n --reporter blob) into one report, and exit as the whole run would have',
    )
    .argument('<dir>', "the folder holding every shard's blob (*.json), e.g. blob-report")
    .addOption(new Option('--reporter <name>', 'report format').choices(['table', 'json', 'junit', 'html']).default('table'))
    .option('--out <file>', 'write the report to a file instead of stdout (the table summary still prints)')
    .action(async (dir: string, flags: MergeFlags) => {
      context.exitCode = await mergeReports(dir, flags, context)
    })
}

async function mergeReports(dir: string, flags: MergeFlags, context: CliContext): Promise<number> {
  if (flags.out) await prepareOut(flags.out)
  const { report, shards } = mergeBlobs(await readBlobFiles(dir), harnessVersion())
  for (const s of shards) {
    context.err(
      `shard ${s.shard.index}/${s.shard.total} (${s.label}): ${s.rows} row(s) in ${(s.ms / 1000).toFixed(1)} s${s.complete ? '' : ', INCOMPLETE'} from ${s.name}\n`,
    )
  }
  const rendered = render(report, flags.reporter)
  if (flags.out) {
    await writeOut(flags.out, rendered)
    if (flags.reporter !== 'table') context.out(toTable(report))
    context.err(`report written to ${flags.out}\n`)
  } else {
    context.out(rendered)
  }
  // As `run` on the whole suite: 0 only when every row passed; a shard that was interrupted
  // leaves cases unrun, which is not a pass.
  return report.complete !== false && report.results.every((r) => r.pass) ? 0 : 1
}

function render(report: RunReport, reporter: MergeFlags['reporter']): string {
  if (reporter === 'json') return toJson(report)
  if (reporter === 'junit') return toJunit(report)
  if (reporter === 'html') return runToHtml(report)
  return toTable(report)
}

/** Every *.json file directly in `dir` (CI download steps put each shard's blob there). */
async function readBlobFiles(dir: string): Promise<BlobFile[]> {
  const info = await stat(dir).catch(() => undefined)
  if (!info)
    throw new HarnessInputError(`merge-reports ${dir}: no such folder; give the folder the shards' blob reports were downloaded to`)
  if (!info.isDirectory())
    throw new HarnessInputError(`merge-reports ${dir}: not a folder; give the folder holding the blobs, e.g. ${path.dirname(dir)}`)
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  if (names.length === 0) {
    throw new HarnessInputError(
      `merge-reports ${dir}: no *.json blob in the folder; run each shard with --shard i/n --reporter blob --out ${path.join(dir, 'report-<i>.json')} (or copy their blob-report/ files here)`,
    )
  }
  return Promise.all(names.map(async (name) => ({ name: path.join(dir, name), text: await readFile(path.join(dir, name), 'utf8') })))
}
