import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Option, type Command } from 'commander'
import { HarnessInputError } from '../../errors.ts'
import { integerOption } from '../options.ts'
import { stopAll } from '../../lifecycle.ts'
import { Progress } from '../../report/progress.ts'
import { toJson } from '../../report/json.ts'
import { toJunit } from '../../report/junit.ts'
import { toTable } from '../../report/table.ts'
import { runToHtml } from '../../report/html/index.ts'
import type { RunReport } from '../../report/types.ts'
import { createBackend, DEFAULT_CONCURRENCY } from '../../scenario/backends/create-backend.ts'
import { loadScenarios } from '../../scenario/load.ts'
import { expandCases, filterCases } from '../../scenario/matrix.ts'
import { runCases } from '../../scenario/runner.ts'

interface RunFlags {
  versions?: string
  backend: 'embedded' | 'container'
  reporter: 'table' | 'json' | 'junit' | 'html'
  out?: string
  grep?: string
  bail?: boolean
  concurrency?: number
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run scenario files (default: scenarios/) and report what each bot saw')
    .argument('[targets...]', 'scenario files or folders', ['scenarios'])
    .option('--versions <list>', 'versions to run on: a,b | all | latest (overrides each scenario\'s own list)')
    .addOption(new Option('--backend <name>', 'where servers run').choices(['embedded', 'container']).default('embedded'))
    .addOption(new Option('--reporter <name>', 'report format').choices(['table', 'json', 'junit', 'html']).default('table'))
    .option('--out <file>', 'write the report to a file instead of stdout (the table summary still prints)')
    .option('--grep <pattern>', 'only scenarios (or bots) whose name matches this regular expression')
    .option('--bail', 'stop starting new scenarios after the first failure')
    .option('--concurrency <n>', `scenarios run at once (default: ${DEFAULT_CONCURRENCY.embedded} embedded, ${DEFAULT_CONCURRENCY.container} container)`, integerOption('--concurrency', 1, 256))
    .action(async (targets: string[], flags: RunFlags) => {
      const exitCode = await run(targets, flags)
      process.exitCode = exitCode
    })
}

async function run(targets: string[], flags: RunFlags): Promise<number> {
  const concurrency = flags.concurrency ?? DEFAULT_CONCURRENCY[flags.backend]
  if (flags.grep) {
    try {
      new RegExp(flags.grep)
    } catch (error) {
      throw new HarnessInputError(`--grep: ${(error as Error).message}`)
    }
  }
  const scenarios = await loadScenarios(targets)
  const cases = filterCases(expandCases(scenarios, flags.versions), flags.grep)
  if (cases.length === 0) throw new HarnessInputError(`--grep "${flags.grep}": no scenario matches`)

  const backend = await createBackend(flags.backend)
  const progress = new Progress(cases.reduce((n, c) => n + c.scenario.bots.length, 0))
  const started = performance.now()
  let report: RunReport
  try {
    await backend.prepare()
    const results = await runCases(cases, { backend, concurrency, bail: flags.bail, onResult: (r) => progress.result(r) })
    report = { results, ms: performance.now() - started }
  } finally {
    progress.finish()
    await backend.dispose()
    await stopAll()
  }

  const rendered = flags.reporter === 'json' ? toJson(report) : flags.reporter === 'junit' ? toJunit(report) : flags.reporter === 'html' ? runToHtml(report) : toTable(report)
  if (flags.out) {
    await mkdir(path.dirname(path.resolve(flags.out)), { recursive: true })
    await writeFile(flags.out, rendered)
    // A file report is for machines; people watching the run still want the summary.
    if (flags.reporter !== 'table') process.stdout.write(toTable(report))
    process.stderr.write(`report written to ${flags.out}\n`)
  } else {
    process.stdout.write(rendered)
  }
  return report.results.every((r) => r.pass) ? 0 : 1
}
