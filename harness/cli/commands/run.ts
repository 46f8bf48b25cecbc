import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Option, type Command } from 'commander'
import { HarnessInputError } from '../../errors.ts'
import { parseInput, platformSchema } from '../../input/index.ts'
import type { Platform } from '../../platforms.ts'
import { integerOption } from '../options.ts'
import { writeCompileCacheSoon } from '../compile-cache.ts'
import type { CliContext } from '../context.ts'
import { addContainerOptions, resolveContainerFlags, type ContainerFlags } from '../container-flags.ts'
import { outWithPartialReport, writeOut } from '../../report/output.ts'
import { Progress } from '../../report/progress.ts'
import { toJson } from '../../report/json.ts'
import { toJunit } from '../../report/junit.ts'
import { prepareTableRow, toTable } from '../../report/table.ts'
import { runToHtml } from '../../report/html/index.ts'
import { toBlob, type BlobContext } from '../../report/blob.ts'
import type { ReportRow, RunReport, UnrunRow } from '../../report/types.ts'
import { createBackend, DEFAULT_CONCURRENCY } from '../../backends/create-backend.ts'
import { builtinScenariosDir, harnessVersion } from '../../scenario/builtin.ts'
import { loadScenarios, type LoadedScenario } from '../../scenario/load.ts'
import { expandCases, filterCases, type ScenarioCase } from '../../scenario/matrix.ts'
import { botLabel, inCaseOrder, plannedRows, runCases } from '../../scenario/runner.ts'
import { stormErrorRow } from '../../scenario/storm-case.ts'
import { ServerPool, type ReuseStats } from '../../scenario/server-pool.ts'
import { parseShard, selectShard, shardLabel, type Shard } from '../../scenario/shard.ts'

interface RunFlags extends ContainerFlags {
  versions?: string
  platform?: string
  backend: 'embedded' | 'container'
  reporter: 'table' | 'json' | 'junit' | 'html' | 'blob'
  out?: string
  shard?: string
  label?: string
  grep?: string
  skip: string[]
  builtin?: boolean
  list?: boolean
  bail?: boolean
  concurrency?: number
  reuse?: boolean
  serversPerConfig?: number
}

export function registerRunCommand(program: Command, context: CliContext): void {
  const command = program
    .command('run')
    .description('run scenario files (default: ./scenarios/, or the built-in suite when there is none) and report what each bot saw')
    .argument('[targets...]', 'scenario files or folders (default: ./scenarios/ when it exists, else the built-in suite)')
    .option('--builtin', 'also run the built-in scenarios shipped with the package (alone when no files or folders are given)')
    .option('--versions <list>', "versions to run on: a,b | all | latest (overrides each scenario's own list)")
    .option(
      '--platform <name>',
      'vanilla or paper: the platform of every scenario that names none (a container with --type PAPER plays paper already)',
    )
    .addOption(new Option('--backend <name>', 'where servers run').choices(['embedded', 'container']).default('embedded'))
    .addOption(
      new Option('--reporter <name>', 'report format; blob: a file for merge-reports (default --out: blob-report/report-<i>-of-<n>.json)')
        .choices(['table', 'json', 'junit', 'html', 'blob'])
        .default('table'),
    )
    .option('--out <file>', 'write the report to a file instead of stdout (the table summary still prints)')
    .option(
      '--shard <i/n>',
      "run only shard i of n: the cases split evenly by expected cost, the same split on every machine (merge the shards' --reporter blob files with merge-reports)",
    )
    .option('--label <text>', 'with --reporter blob: the environment label the blob records (default: OS, CPU, Node version and backend)')
    .option('--grep <regex>', 'only scenarios whose name matches this regular expression (case-insensitive; names only, not bots or files)')
    .option('--skip <regex>', 'leave out scenarios whose name matches this regular expression (case-insensitive; repeatable)', collect, [])
    .option('--list', 'print the scenarios (and versions) that would run, after --grep/--skip, and exit 0 without starting anything')
    .option('--bail', 'stop starting new scenarios after the first failure')
    .option(
      '--reuse',
      'give a scenario the server and mock of an earlier scenario with the same server config, reset, instead of starting new ones (not for guarded servers, or plugins unless --stateless-plugins)',
    )
    .option(
      '--servers-per-config <n>',
      'with --reuse: servers of one config at most; a scenario whose config has that many busy waits for one (default 1)',
      integerOption('--servers-per-config', 1, 64),
    )
    .option(
      '--concurrency <n>',
      `scenarios run at once (default: ${DEFAULT_CONCURRENCY.embedded} embedded, ${DEFAULT_CONCURRENCY.container} container)`,
      integerOption('--concurrency', 1, 256),
    )
  addContainerOptions(command).action(async (targets: string[], flags: RunFlags) => {
    context.exitCode = await run(targets, flags, context)
  })
}

async function run(targets: string[], flags: RunFlags, context: CliContext): Promise<number> {
  const concurrency = flags.concurrency ?? DEFAULT_CONCURRENCY[flags.backend]
  for (const [flag, pattern] of [['--grep', flags.grep], ...flags.skip.map((s) => ['--skip', s])] as const) {
    if (pattern === undefined) continue
    try {
      new RegExp(pattern, 'i')
    } catch (error) {
      throw new HarnessInputError(
        `${flag} ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message}); it is matched against scenario names, e.g. ${flag} '^premium' or ${flag} '^(?!guarded)'`,
      )
    }
  }
  if (flags.serversPerConfig !== undefined && !flags.reuse) {
    throw new HarnessInputError(
      '--servers-per-config: only with --reuse (without it every scenario starts servers of its own); add --reuse or leave the flag out',
    )
  }
  if (flags.statelessPlugins && !flags.reuse) {
    throw new HarnessInputError(
      '--stateless-plugins: only with --reuse (it lets servers with plugins be shared); add --reuse or leave the flag out',
    )
  }
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard)
  if (flags.label !== undefined && flags.reporter !== 'blob') {
    throw new HarnessInputError(
      '--label: only with --reporter blob (it labels the blob for merge-reports); add --reporter blob or leave the flag out',
    )
  }
  if (flags.versions !== undefined && flags.versions.trim() === '') {
    throw new HarnessInputError(
      "--versions is empty; give a list (1.8.8,1.20.4), all or latest, or leave the flag out to use each scenario's own versions",
    )
  }
  // Before the scenario files load: a wrong flag is cheaper to report than a slow load.
  const container = resolveContainerFlags(flags, flags.backend)
  const platform = flags.platform !== undefined ? parseInput(platformSchema, flags.platform, '--platform') : undefined
  const files = scenarioTargets(targets, flags.builtin, context)
  const scenarios = withPlatform(await context.withTypeScript(() => loadScenarios(files)), platform)
  // The same warnings `server` and `check` print for a properties file (each file once).
  const warned = new Set<string>()
  for (const warning of scenarios.flatMap((sc) => sc.fileWarnings ?? [])) {
    if (warned.has(warning)) continue
    warned.add(warning)
    context.err(`warning: ${warning}\n`)
  }
  let allCases = filterCases(expandCases(scenarios, flags.versions), flags.grep, flags.skip)
  if (allCases.length === 0) throw new HarnessInputError(noMatch(scenarios, flags))
  // Before --list too: it reads and checks the backend's environment (MC_LOGIN_HARNESS_*) but starts nothing.
  const backend = await createBackend(flags.backend, container)
  // A proxy the backend cannot run against the mock (real BungeeCord in online mode asks Mojang,
  // hard-coded) is left out with a note, never silently.
  const unsupported = allCases.filter((c) => c.scenario.proxy && backend.proxyUnsupportedReason?.(c.scenario.proxy) !== undefined)
  if (unsupported.length > 0) {
    allCases = allCases.filter((c) => !unsupported.includes(c))
    const reasons = [...new Set(unsupported.map((c) => backend.proxyUnsupportedReason!(c.scenario.proxy!)))]
    context.err(
      `note: left out ${unsupported.length} proxy scenario case(s) (${[...new Set(unsupported.map((c) => c.scenario.name))].join('; ')}): ${reasons.join('; ')} (docs/proxies.md)\n`,
    )
    if (allCases.length === 0) throw new HarnessInputError(`every selected scenario has such a proxy: ${reasons.join('; ')}`)
  }
  // Selected before the runner: it runs this machine's part as it would run a whole suite.
  const cases = shard ? selectShard(allCases, shard, flags.backend) : allCases

  const blobContext: BlobContext = {
    harnessVersion: harnessVersion(),
    shard: shard ?? { index: 1, total: 1 },
    label: flags.label ?? `${os.platform()}-${os.arch()} node ${process.version} ${flags.backend}`,
    backend: flags.backend,
    startedAt: new Date(),
    suite: allCases.map((c) => ({ file: c.scenario.file, scenario: c.scenario.name, version: c.version })),
  }
  const render = (r: RunReport) =>
    flags.reporter === 'json'
      ? toJson(r)
      : flags.reporter === 'junit'
        ? toJunit(r)
        : flags.reporter === 'html'
          ? runToHtml(r)
          : flags.reporter === 'blob'
            ? toBlob(r, blobContext)
            : toTable(r)
  // A blob is for merge-reports, never for a terminal: it always goes to a file.
  const outFile = flags.out ?? (flags.reporter === 'blob' ? defaultBlobPath(shard) : undefined)
  const printsTable = flags.reporter === 'table' || outFile !== undefined
  const standIn = backend.standInPlugins?.(cases.map((c) => c.scenario.containerServer)) ?? []
  if (standIn.length > 0) process.stderr.write(`${standInPluginNote(standIn)}\n`)
  if (flags.list) {
    // A dry run: proves a CI command line (paths, filters, versions) before paying for servers.
    for (const c of cases) context.out(`${c.scenario.name}\t${c.version}\t${c.scenario.file}\n`)
    const ofShard = shard ? ` as shard ${shardLabel(shard)} (of ${allCases.length} in the whole run)` : ''
    context.out(
      `${cases.length} case(s) of ${new Set(cases.map((c) => c.scenario.name)).size} scenario(s) would run on the ${flags.backend} backend${ofShard}\n`,
    )
    return 0
  }
  const progress = new Progress(
    cases.reduce((n, c) => n + plannedRows(c), 0),
    context.io.stderr,
  )
  const started = performance.now()
  const seen: ReportRow[] = []
  // Everything the run starts: the report writer, what the backend prepares, each case's scope
  // under it. A signal disposes it through the process's root scope.
  const scope = context.scope.child({ name: 'run' })
  let report: RunReport
  let pool: ServerPool | undefined
  try {
    // Interrupted (Ctrl-C, SIGTERM) or failed: the --out file gets what ran so far, marked
    // incomplete, with what did not run.
    const out = outFile
      ? await outWithPartialReport(
          scope,
          outFile,
          // What ran, in the suite's order (cases start longest first and finish in any order).
          () =>
            render({ results: inCaseOrder(seen, cases), ms: performance.now() - started, complete: false, unrun: unrunRows(cases, seen) }),
          'run',
        )
      : undefined
    // A shard can be empty (more shards than cases): it prepares nothing and reports no rows.
    if (cases.length === 0)
      context.err(`shard ${shardLabel(shard!)}: no case of the ${allCases.length} falls to this shard; nothing to run\n`)
    else await backend.prepare(scope)
    // Made after prepare(): its servers stop before the network they are on.
    pool = flags.reuse
      ? new ServerPool(backend, scope.child({ name: 'shared servers' }), { serversPerConfig: flags.serversPerConfig })
      : undefined
    const results = await runCases(cases, {
      backend,
      scope,
      pool,
      concurrency,
      bail: flags.bail,
      onResult: (r) => {
        seen.push(r)
        progress.result(r)
        // The table (printed at the end whenever the report is a table or goes to a file) is drawn
        // a row at a time as results come, not all after the last case (report/table.ts).
        if (printsTable) prepareTableRow(r)
        if (seen.length === 1) writeCompileCacheSoon()
      },
    })
    report = { results, ms: performance.now() - started }
    out?.finish()
  } finally {
    progress.finish()
    await context.disposeCommandScope(scope, backend.leftoverAdvice())
  }
  if (pool) context.err(`${reuseSummary(pool.summary())}\n`)

  const rendered = render(report)
  if (outFile) {
    await writeOut(outFile, rendered)
    // A file report is for machines; people watching the run still want the summary.
    if (flags.reporter !== 'table') context.out(toTable(report))
    context.err(`report written to ${outFile}\n`)
  } else {
    context.out(rendered)
  }
  return report.results.every((r) => r.pass) ? 0 : 1
}

/** e.g. "reuse: 14 scenario run(s) on 4 shared server(s); 4 on servers of their own (4: a password guard keeps its registrations)". */
export function reuseSummary(stats: ReuseStats): string {
  const own = [...stats.unshareable.values()].reduce((a, b) => a + b, 0)
  const why = [...stats.unshareable.entries()].map(([reason, n]) => `${n}: ${reason}`).join('; ')
  const retired = stats.retired > 0 ? `; ${stats.retired} stopped early (would not drain or reset, or their scenario failed to run)` : ''
  return `reuse: ${stats.cases} scenario run(s) on ${stats.started} shared server(s)${retired}${own > 0 ? `; ${own} on servers of their own (${why})` : ''}`
}

/** Where `--reporter blob` writes without --out: one file per shard in one folder, for merge-reports. */
function defaultBlobPath(shard: Shard | undefined): string {
  return path.join('blob-report', shard ? `report-${shard.index}-of-${shard.total}.json` : 'report.json')
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/**
 * What to load. No paths: ./scenarios/ when the working directory has one (a project's own
 * suite), else the built-in suite shipped with the package, said on stderr so a plugin repo that
 * copied the CI template is not surprised by what ran. `--builtin` adds the built-in suite
 * explicitly (alone when no paths are given).
 */
function scenarioTargets(targets: string[], builtin: boolean | undefined, context: CliContext): string[] {
  const shipped = builtinScenariosDir()
  if (builtin) return [...targets, shipped]
  if (targets.length > 0) return targets
  if (existsSync('scenarios')) return ['scenarios']
  context.err(
    `no scenario paths given and no ./scenarios/ folder here: running the built-in scenarios from ${path.relative(process.cwd(), shipped) || '.'} (say --builtin to ask for them explicitly)\n`,
  )
  return [shipped]
}

/** Bad input: the filters left nothing. Names what exists, so the next try can succeed. */
/** `--platform`: the platform of every scenario that does not name its own (a scenario's own wins). */
function withPlatform(scenarios: LoadedScenario[], platform: Platform | undefined): LoadedScenario[] {
  if (platform === undefined) return scenarios
  return scenarios.map((sc) => (sc.server.platform !== undefined ? sc : { ...sc, server: { ...sc.server, platform } }))
}

function noMatch(scenarios: LoadedScenario[], flags: RunFlags): string {
  const filters = [
    flags.grep !== undefined ? `--grep ${JSON.stringify(flags.grep)}` : '',
    ...flags.skip.map((s) => `--skip ${JSON.stringify(s)}`),
  ].filter(Boolean)
  const shown = 8
  const names = scenarios.slice(0, shown).map((s) => JSON.stringify(s.name))
  const more = scenarios.length > shown ? `, … (${scenarios.length - shown} more)` : ''
  return `${filters.join(' ')}: no scenario name matches (only names are matched, not bots or files); the ${scenarios.length} scenario(s) loaded are ${names.join(', ')}${more}`
}

/** The planned rows (each bot, and the storm, of each case) that have no result yet. */
function unrunRows(cases: ScenarioCase[], seen: ReportRow[]): UnrunRow[] {
  const key = (r: UnrunRow) => JSON.stringify([r.file, r.scenario, r.bot, r.version])
  const left = new Map<string, number>()
  for (const r of seen) left.set(key(r), (left.get(key(r)) ?? 0) + 1)
  const unrun: UnrunRow[] = []
  for (const c of cases) {
    const planned: UnrunRow[] = c.scenario.bots.map((bot) => ({
      scenario: c.scenario.name,
      file: c.scenario.file,
      bot: botLabel(bot),
      version: c.version,
    }))
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

/**
 * Said once per run: the stand-in image checks a plugin's jar as Paper's loader does, but it is not
 * Java, so a scenario that expects the plugin's own kick gets what the server does without it.
 */
export function standInPluginNote(jars: string[]): string {
  return `note: ${jars.join(', ')} ${jars.length > 1 ? 'go' : 'goes'} to the local stand-in image, which checks a plugin's jar and plugin.yml as Paper's loader does but never runs its code: a scenario that expects the plugin's own kick or message fails there ("got success"). Only real Paper tests the plugin's behaviour: --image itzg (or MC_LOGIN_HARNESS_IMAGE=itzg)`
}
