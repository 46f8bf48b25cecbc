/**
 * `npm run bench -- --shards [--quick] [--version V]`: only the storm-shard check: one storm
 * process against two shard processes (`storm --shard 1/2` and `2/2`, side by side) whose JSON
 * reports are merged (mergeStormReports); prints both, and whether the outcome counts match.
 *
 * `npm run bench -- [--out FILE] [--quick] [--version V]`: the harness against stock
 * minecraft-protocol, measured in the same run on the same machine, printed as a table and written
 * as JSON:
 *
 *   {"suite":{"coldMs","warmMs"},   (cold: a whole `run` process of the installed package, dist/)"login":{"harnessP50Ms","rawP50Ms","ratio"},
 *    "storm":[{"mode","via","n","loginsPerSec","p50Ms","p95Ms","failures","rssPerBotMb"}],
 *    "container":{"startToJoinMs"}|null}
 *
 * No figure is asserted: a bench reports, CI decides. Every server, client and container it starts
 * is stopped before it exits; every loop is bounded in count and time.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Table from 'cli-table3'
import { attemptLogin } from '../harness/bot/login-attempt.ts'
import { rootScope } from '../harness/resource-scope.ts'
import { EmbeddedBackend } from '../harness/backends/embedded.ts'
import { loadScenarios } from '../harness/scenario/load.ts'
import { expandCases } from '../harness/scenario/matrix.ts'
import { runCases } from '../harness/scenario/runner.ts'
import { EmbeddedMinecraftServer } from '../harness/server/embedded-server.ts'
import { LatencyHistogram } from '../harness/storm/stats.ts'
import type { StormReport } from '../harness/storm/types.ts'
import { mergeStormReports } from '../harness/storm/merge.ts'
import { rawLogin, startRawServer, type RawOptions, type RawStormResult } from './raw.ts'
import { ensureBuilt, runCli, tail, VIA_LABEL } from './cli-process.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

interface StormRow {
  mode: 'offline' | 'premium'
  via: 'harness' | 'raw'
  n: number
  loginsPerSec: number
  p50Ms: number
  p95Ms: number
  failures: number
  rssPerBotMb: number
}

interface BenchResult {
  suite: { coldMs: number; warmMs: number }
  login: { harnessP50Ms: number; rawP50Ms: number; ratio: number }
  storm: StormRow[]
  container: { startToJoinMs: number } | null
}

interface Args {
  out?: string
  quick: boolean
  shards: boolean
  version: string
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, shards: false, version: '1.20.4' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--out') args.out = argv[++i]
    else if (a === '--quick') args.quick = true
    else if (a === '--shards') args.shards = true
    else if (a === '--version') args.version = argv[++i]!
    else if (a === '--') continue
    else {
      console.error(`bench: unknown argument "${a}"; use --out FILE, --quick, --shards, --version V`)
      process.exit(2)
    }
  }
  if (args.out === undefined && argv.includes('--out')) {
    console.error('bench: --out needs a file name')
    process.exit(2)
  }
  return args
}

const notes: string[] = []
const log = (line: string) => process.stderr.write(`${line}\n`)
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits

/**
 * The built-in suite as a user runs it: a whole `run` process of the installed package
 * (`node dist/cli/bin.js`, what `npx mc-login-harness run` starts; built first when stale), timed
 * from spawn to exit, as on a fresh CI machine: Node's compile cache starts empty.
 */
async function suiteCold(): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc-bench-'))
  try {
    if (ensureBuilt(log)) notes.push('suite (cold): dist/ was built first (not counted)')
    const run = await runCli(['run', '--reporter', 'json', '--out', path.join(dir, 'report.json')], {
      env: { NODE_COMPILE_CACHE: path.join(dir, 'compile-cache') },
      timeoutMs: 120_000,
    })
    if (run.code !== 0) {
      notes.push(`suite (cold) exited ${run.code}: ${tail(run.stderr)}`)
      log(`suite cold run exited with ${run.code}`)
    }
    return run.ms
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The same suite through the runner in this process: once to warm up, then timed. */
async function suiteWarm(): Promise<number> {
  const once = async () => {
    const started = performance.now()
    const cases = expandCases(await loadScenarios([path.join(ROOT, 'scenarios')]))
    const results = await runCases(cases, { backend: new EmbeddedBackend(), concurrency: 8 })
    const failed = results.filter((r) => !r.pass)
    if (failed.length)
      notes.push(`suite (warm): ${failed.length} failed: ${failed.map((f) => `${f.scenario} › ${f.bot}: ${f.reason}`).join('; ')}`)
    return performance.now() - started
  }
  await once()
  return once()
}

async function p50Of(samples: number, run: (i: number) => Promise<number>): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i < samples; i++) ms.push(await run(i))
  return LatencyHistogram.of(ms).percentileMs(50)
}

/** One warm login to spawn, sequential: the harness's mineflayer bot vs a stock client, each on its own server. */
async function singleLogin(version: string, samples: number): Promise<{ harness: number; raw: number; rawTuned: number }> {
  const server = await new EmbeddedMinecraftServer().withAuth('cracked').withVersion(version).start()
  let harness: number
  try {
    const login = async (i: number) => {
      const a = await attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version,
        account: { kind: 'cracked', name: `Bench${i}` },
      })
      if (a.outcome !== 'success') throw new Error(`harness login failed: ${a.outcome} ${a.message}`)
      return a.ms
    }
    for (let i = 0; i < 3; i++) await login(100 + i)
    harness = await p50Of(samples, login)
  } finally {
    await server.stop()
  }
  const rawP50 = async (tuned: boolean) => {
    const options: RawOptions = { version, tuned }
    const raw = await startRawServer(options)
    try {
      const login = async (i: number) => {
        const r = await rawLogin(raw.port, { name: `Raw${i}` }, options)
        if (!r.ok) throw new Error(`stock login failed: ${r.detail}`)
        return r.ms
      }
      for (let i = 0; i < 3; i++) await login(100 + i)
      return await p50Of(samples, login)
    } finally {
      await raw.stop()
    }
  }
  return { harness, raw: await rawP50(false), rawTuned: await rawP50(true) }
}

/** Runs `args` as a fresh Node process under tsx in the repository; resolves with its stdout. */
function runNode(args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=mc-login-harness-source', '--import', 'tsx', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, stdout, stderr })
    })
  })
}

/**
 * The storm command as a user runs it, in a fresh process: the figures (memory above all) are the
 * storm's own, not what the suite runs before it left in this process's heap.
 */
async function harnessStorm(mode: 'offline' | 'premium', n: number, version: string): Promise<StormRow> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc-bench-'))
  try {
    const out = path.join(dir, 'storm.json')
    const args = [
      'harness/cli/main.ts',
      'storm',
      '--auth',
      mode === 'offline' ? 'cracked' : 'premium',
      '--n',
      String(n),
      '--concurrency',
      '50',
      '--version',
      version,
      '--reporter',
      'json',
      '--out',
      out,
      '--time-bound-ms',
      '120000',
    ]
    const run = await runNode(args, 180_000)
    let report: StormReport
    try {
      report = JSON.parse(await readFile(out, 'utf8')) as StormReport
    } catch {
      throw new Error(`storm ${mode} N=${n} exited ${run.code} without a report: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`)
    }
    if (report.failures + report.notStarted > 0)
      notes.push(
        `harness ${mode} N=${n}: ${JSON.stringify(report.outcomes)}${report.failureSamples[0] ? ` first: ${report.failureSamples[0].message}` : ''}`,
      )
    return {
      mode,
      via: 'harness',
      n,
      loginsPerSec: report.loginsPerSec,
      p50Ms: Math.round(report.latencyMs.p50),
      p95Ms: Math.round(report.latencyMs.p95),
      failures: report.failures + report.notStarted,
      rssPerBotMb: report.rssPerBotMb,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Stock server and clients in one fresh process (bench/raw-storm.ts); bounded, since stock runs at ~20 logins/s. */
async function stockStorm(mode: 'offline' | 'premium', n: number, version: string, timeBoundMs: number): Promise<StormRow> {
  const run = await runNode(['bench/raw-storm.ts', JSON.stringify({ mode, n, version, timeBoundMs })], timeBoundMs + 60_000)
  let r: RawStormResult
  try {
    r = JSON.parse(run.stdout.trim().split('\n').pop()!) as RawStormResult
  } catch {
    throw new Error(`stock storm ${mode} N=${n} exited ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`)
  }
  if (r.timeBoundHit)
    notes.push(
      `raw ${mode} N=${n}: the ${timeBoundMs / 1000} s bound stopped it after ${r.started} logins; unstarted ones count as failures`,
    )
  if (r.firstFailure) notes.push(`raw ${mode} N=${n}: first failure: ${r.firstFailure}`)
  return {
    mode,
    via: 'raw',
    n,
    loginsPerSec: r.loginsPerSec,
    p50Ms: r.p50Ms,
    p95Ms: r.p95Ms,
    failures: r.failures,
    rssPerBotMb: r.rssPerBotMb,
  }
}

/** start() of the local image -> first joined bot, when a Docker daemon answers. */
async function containerStartToJoin(version: string): Promise<{ startToJoinMs: number } | null> {
  let probe: typeof import('../harness/server/container/docker-probe.ts')
  let images: typeof import('../harness/server/container/local-image.ts')
  let containers: typeof import('../harness/server/container/minecraft-server-container.ts')
  try {
    probe = await import('../harness/server/container/docker-probe.ts')
    images = await import('../harness/server/container/local-image.ts')
    containers = await import('../harness/server/container/minecraft-server-container.ts')
  } catch (error) {
    notes.push(`container: the container backend did not load (${(error as Error).message.split('\n')[0]})`)
    return null
  }
  const docker = await probe.probeDocker(5000)
  if (!docker.ok) {
    notes.push(`container: null, ${docker.reason}`)
    return null
  }
  try {
    const image = await images.ensureLocalImage({ timeoutMs: 120_000 })
    if (image.built) notes.push(`container: local image built first (${round(image.ms / 1000)} s, not counted)`)
    const started = performance.now()
    const server = await new containers.MinecraftServerContainer().withLocalImage().withVersion(version).withAuth('cracked').start()
    try {
      const attempt = await attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version,
        account: { kind: 'cracked', name: 'BenchBot' },
      })
      if (!attempt.joined) throw new Error(`the bot did not join: ${attempt.outcome} ${attempt.message}`)
      return { startToJoinMs: Math.round(performance.now() - started) }
    } finally {
      await server.stop()
    }
  } catch (error) {
    notes.push(`container: null, ${(error as Error).message.split('\n')[0]}`)
    return null
  }
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  log(`bench: ${label} ...`)
  const started = performance.now()
  const value = await run()
  log(`bench: ${label} done in ${round((performance.now() - started) / 1000)} s`)
  return value
}

/** The storm command in a fresh process with `extra` flags; its JSON report. */
async function stormProcess(
  mode: 'offline' | 'premium',
  n: number,
  version: string,
  out: string,
  extra: string[] = [],
): Promise<StormReport> {
  const args = [
    'harness/cli/main.ts',
    'storm',
    '--auth',
    mode === 'offline' ? 'cracked' : 'premium',
    '--n',
    String(n),
    '--concurrency',
    '50',
    '--version',
    version,
    '--reporter',
    'json',
    '--out',
    out,
    '--time-bound-ms',
    '120000',
    ...extra,
  ]
  const run = await runNode(args, 180_000)
  try {
    return JSON.parse(await readFile(out, 'utf8')) as StormReport
  } catch {
    throw new Error(
      `storm ${mode} N=${n} ${extra.join(' ')} exited ${run.code} without a report: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    )
  }
}

/**
 * One storm process, then the same storm as two shard processes at once (each with its own
 * embedded server and half the logins and concurrency), merged. Outcome counts must match exactly;
 * throughput and latency are shown side by side (on a machine of 2 cores, two shard processes
 * share the cores one process had).
 */
async function shardedStorms(version: string, quick: boolean): Promise<void> {
  const n = quick ? 200 : 1000
  const table = new Table({ head: ['storm', 'one process', 'two shard processes, merged', 'outcome counts'] })
  let allMatch = true
  for (const mode of ['offline', 'premium'] as const) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mc-bench-shards-'))
    try {
      const one = await timed(`storm ${mode} N=${n}, one process`, () => stormProcess(mode, n, version, path.join(dir, 'one.json')))
      const shards = await timed(`storm ${mode} N=${n}, two shard processes`, () =>
        Promise.all([1, 2].map((i) => stormProcess(mode, n, version, path.join(dir, `shard-${i}.json`), ['--shard', `${i}/2`]))),
      )
      const merged = mergeStormReports(shards)
      const key = (r: StormReport) => JSON.stringify(Object.entries(r.outcomes).sort())
      const match = key(one) === key(merged) && one.n === merged.n
      allMatch &&= match
      const cell = (r: StormReport) =>
        `${JSON.stringify(r.outcomes)}; ${r.loginsPerSec}/s, p50 ${r.latencyMs.p50} / p95 ${r.latencyMs.p95} ms`
      table.push([`${mode} N=${n}`, cell(one), cell(merged), match ? 'match' : 'DIFFER'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  process.stdout.write(`${table.toString()}\n`)
  process.stdout.write(
    `machine: ${os.cpus().length} cores (load ${os.loadavg()[0]!.toFixed(1)}), node ${process.version}, version ${version}\n`,
  )
  if (!allMatch) process.exitCode = 1
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const { version } = args
  if (args.shards) return shardedStorms(version, args.quick)
  const sizes = args.quick ? [50, 200] : [200, 1000]
  const rawBoundMs = args.quick ? 20_000 : 75_000
  const benchStarted = performance.now()

  const coldMs = await timed('built-in suite, cold (whole process)', suiteCold)
  const warmMs = await timed('built-in suite, warm (in process)', suiteWarm)
  const login = await timed(`single login p50 on ${version}`, () => singleLogin(version, args.quick ? 10 : 20))
  const storm: StormRow[] = []
  // A storm that could not run at all is a row with nothing logged in, and a note saying why.
  const guarded = async (
    mode: 'offline' | 'premium',
    via: 'harness' | 'raw',
    n: number,
    run: () => Promise<StormRow>,
  ): Promise<StormRow> => {
    try {
      return await run()
    } catch (error) {
      notes.push(`${via} ${mode} N=${n}: ${(error as Error).message}`)
      return { mode, via, n, loginsPerSec: 0, p50Ms: 0, p95Ms: 0, failures: n, rssPerBotMb: 0 }
    }
  }
  for (const mode of ['offline', 'premium'] as const) {
    for (const n of sizes) {
      storm.push(await timed(`storm ${mode} N=${n} via harness`, () => guarded(mode, 'harness', n, () => harnessStorm(mode, n, version))))
      storm.push(
        await timed(`storm ${mode} N=${n} via stock minecraft-protocol`, () =>
          guarded(mode, 'raw', n, () => stockStorm(mode, n, version, rawBoundMs)),
        ),
      )
    }
  }
  const container = await timed('container start -> joined bot', () => containerStartToJoin(version))

  const result: BenchResult = {
    suite: { coldMs: Math.round(coldMs), warmMs: Math.round(warmMs) },
    login: { harnessP50Ms: round(login.harness), rawP50Ms: round(login.raw), ratio: round(login.harness / login.raw, 2) },
    storm,
    container,
  }

  const table = new Table({ head: ['measure', 'harness', 'stock minecraft-protocol', 'ratio'] })
  table.push(
    ['built-in suite, cold (a whole run process, see below)', `${result.suite.coldMs} ms`, '', ''],
    ['built-in suite, warm (in process)', `${result.suite.warmMs} ms`, '', ''],
    [`one warm login p50 (${version})`, `${result.login.harnessP50Ms} ms`, `${result.login.rawP50Ms} ms`, `${result.login.ratio}x`],
    ['  ... stock with validateChannelProtocol: false', '', `${round(login.rawTuned)} ms`, `${round(login.harness / login.rawTuned, 2)}x`],
  )
  for (const mode of ['offline', 'premium'] as const) {
    for (const n of sizes) {
      const h = storm.find((s) => s.mode === mode && s.n === n && s.via === 'harness')!
      const r = storm.find((s) => s.mode === mode && s.n === n && s.via === 'raw')!
      const cell = (s: StormRow) => `${s.loginsPerSec}/s, p50 ${s.p50Ms} / p95 ${s.p95Ms} ms, ${s.failures} failed, ${s.rssPerBotMb} MB/bot`
      table.push([`storm ${mode} N=${n}`, cell(h), cell(r), r.loginsPerSec > 0 ? `${round(h.loginsPerSec / r.loginsPerSec)}x` : '-'])
    }
  }
  table.push(['container start() -> joined bot', container ? `${container.startToJoinMs} ms` : 'n/a', '', ''])
  process.stdout.write(`${table.toString()}\n`)
  process.stdout.write(
    `machine: ${os.cpus().length} cores, node ${process.version}, version ${version}, bench took ${round((performance.now() - benchStarted) / 1000)} s\n` +
      `cold: one \`run\` of the built-in suite by the ${VIA_LABEL.dist}, spawn to exit, Node's compile cache empty (a fresh CI machine); warm: the same cases through the runner in this process, after one unmeasured run\n`,
  )
  for (const note of notes) process.stdout.write(`note: ${note}\n`)
  const json = `${JSON.stringify(result, null, 2)}\n`
  if (args.out) {
    await mkdir(path.dirname(path.resolve(args.out)), { recursive: true })
    await writeFile(args.out, json)
    log(`bench: JSON written to ${args.out}`)
  } else {
    process.stdout.write(json)
  }
}

try {
  await main()
} finally {
  // Anything a run of the bench left open (runStorm and the runner dispose their own scopes).
  await rootScope.dispose()
}
