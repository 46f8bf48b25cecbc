import { Option, type Command } from 'commander'
import { HarnessInputError } from '../../errors.ts'
import { integerOption } from '../options.ts'
import { stopAll, track } from '../../lifecycle.ts'
import { prepareOut, writeOut } from '../../report/output.ts'
import { Progress } from '../../report/progress.ts'
import { toJson } from '../../report/json.ts'
import { toJunit } from '../../report/junit.ts'
import { toTable } from '../../report/table.ts'
import { runToHtml } from '../../report/html/index.ts'
import type { ReportRow, RunReport, UnrunRow } from '../../report/types.ts'
import { createBackend, DEFAULT_CONCURRENCY } from '../../scenario/backends/create-backend.ts'
import { loadScenarios } from '../../scenario/load.ts'
import { expandCases, filterCases, type ScenarioCase } from '../../scenario/matrix.ts'
import { botLabel, runCases } from '../../scenario/runner.ts'
import { stormErrorRow } from '../../scenario/storm-case.ts'

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
  if (flags.versions !== undefined && flags.versions.trim() === '') {
    throw new HarnessInputError('--versions is empty; give a list (1.8.8,1.20.4), all or latest, or leave the flag out to use each scenario\'s own versions')
  }
  const scenarios = await loadScenarios(targets)
  // The same warnings `server` and `check` print for a properties file (each file once).
  const warned = new Set<string>()
  for (const warning of scenarios.flatMap((sc) => sc.fileWarnings ?? [])) {
    if (warned.has(warning)) continue
    warned.add(warning)
    process.stderr.write(`warning: ${warning}\n`)
  }
  const cases = filterCases(expandCases(scenarios, flags.versions), flags.grep)
  if (cases.length === 0) throw new HarnessInputError(`--grep "${flags.grep}": no scenario matches`)

  const render = (r: RunReport) =>
    flags.reporter === 'json' ? toJson(r) : flags.reporter === 'junit' ? toJunit(r) : flags.reporter === 'html' ? runToHtml(r) : toTable(r)
  const progress = new Progress(cases.reduce((n, c) => n + c.scenario.bots.length, 0))
  const started = performance.now()
  const seen: ReportRow[] = []
  let finished = false
  let outUsable = true
  // Interrupted (Ctrl-C, SIGTERM) or failed: stopAll() stops this too, and the --out file gets
  // what ran so far, marked incomplete, with what did not run. Tracked before the stale report is
  // removed: a signal handled right after the removal must still leave a report behind.
  const partial = flags.out
    ? track({
        stop: async () => {
          if (finished || !outUsable) return
          const report: RunReport = { results: [...seen], ms: performance.now() - started, complete: false, unrun: unrunRows(cases, seen) }
          await writeOut(flags.out!, render(report))
          process.stderr.write(`run interrupted: incomplete report written to ${flags.out}\n`)
        },
      })
    : undefined
  if (flags.out) {
    try {
      await prepareOut(flags.out)
    } catch (error) {
      outUsable = false
      throw error
    }
  }
  const backend = await createBackend(flags.backend)
  let report: RunReport
  try {
    await backend.prepare()
    const results = await runCases(cases, {
      backend,
      concurrency,
      bail: flags.bail,
      onResult: (r) => {
        seen.push(r)
        progress.result(r)
      },
    })
    report = { results, ms: performance.now() - started }
    finished = true
  } finally {
    progress.finish()
    await backend.dispose()
    await stopAll()
  }
  void partial

  const rendered = render(report)
  if (flags.out) {
    await writeOut(flags.out, rendered)
    // A file report is for machines; people watching the run still want the summary.
    if (flags.reporter !== 'table') process.stdout.write(toTable(report))
    process.stderr.write(`report written to ${flags.out}\n`)
  } else {
    process.stdout.write(rendered)
  }
  return report.results.every((r) => r.pass) ? 0 : 1
}

/** The planned rows (each bot, and the storm, of each case) that have no result yet. */
function unrunRows(cases: ScenarioCase[], seen: ReportRow[]): UnrunRow[] {
  const key = (r: UnrunRow) => JSON.stringify([r.file, r.scenario, r.bot, r.version])
  const left = new Map<string, number>()
  for (const r of seen) left.set(key(r), (left.get(key(r)) ?? 0) + 1)
  const unrun: UnrunRow[] = []
  for (const c of cases) {
    const planned: UnrunRow[] = c.scenario.bots.map((bot) => ({ scenario: c.scenario.name, file: c.scenario.file, bot: botLabel(bot), version: c.version }))
    if (c.scenario.storm) {
      const { scenario, file, bot, version } = stormErrorRow(c, '')
      planned.push({ scenario, file, bot, version })
    }
    for (const row of planned) {
      const n = left.get(key(row)) ?? 0
      if (n > 0) left.set(key(row), n - 1)
      else unrun.push(row)
    }
  }
  return unrun
}
