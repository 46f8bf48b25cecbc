/**
 * `npx tsx bench/cost.ts [--quick] [--sizes 200,1000,5000] [--version V] [--no-container] [--only suite|storm|container|reuse]`: the
 * cost table of docs/benchmarks.md ("Cost as the work grows"), as a user meets it: each figure is
 * one CLI process of the installed package (`node dist/cli/bin.js`, built first when dist/ is
 * stale), timed spawn to exit, with the process's peak memory.
 *
 * - the built-in suite on embedded servers: the first run on a machine (an empty compile cache)
 *   and a later run;
 * - storms offline and premium at each size: logins/s, p50/p95, failures, peak memory;
 * - the built-in suite on the container backend (local stand-in image), without and with
 *   `--reuse`: containers started (Docker's start events for the run's label), wall time, the
 *   harness process's peak memory and the peak of its containers' memory together (sampled with
 *   `docker stats` about every 2 s, so a short peak can be missed).
 *
 * Prints a Markdown table to paste, the machine (cores, load before and after) and notes. No figure
 * is asserted. Everything runs in child processes that stop their own servers; the container runs
 * have a run id of their own, and a `docker events` / `docker stats` child is stopped when its run ends.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { StormReport } from '../harness/storm/types.ts'
import type { RunReport } from '../harness/report/types.ts'
import { ensureBuilt, runCli, tail, VIA_LABEL, type CliRun } from './cli-process.ts'

const PARTS = ['suite', 'storm', 'container', 'reuse'] as const
type Part = (typeof PARTS)[number]

interface Args {
  quick: boolean
  sizes: number[]
  version: string
  /** The rows to measure: the embedded suite, the storms, the container suite without and with --reuse. */
  parts: Set<Part>
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, sizes: [200, 1000, 5000], version: '1.20.4', parts: new Set(PARTS) }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--quick') {
      args.quick = true
      args.sizes = [200]
    } else if (a === '--sizes') args.sizes = (argv[++i] ?? '').split(',').map(Number)
    else if (a === '--version') args.version = argv[++i]!
    else if (a === '--no-container') {
      args.parts.delete('container')
      args.parts.delete('reuse')
    } else if (a === '--only') {
      const part = argv[++i] as Part
      if (!PARTS.includes(part)) {
        console.error(`bench/cost.ts: --only takes one of ${PARTS.join(', ')}`)
        process.exit(2)
      }
      args.parts = new Set([part])
    } else if (a === '--') continue
    else {
      console.error(
        `bench/cost.ts: unknown argument "${a}"; use --quick, --sizes 200,1000,5000, --version V, --no-container, --only ${PARTS.join('|')}`,
      )
      process.exit(2)
    }
  }
  if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error('bench/cost.ts: --sizes takes whole numbers separated by commas, e.g. --sizes 200,1000,5000')
    process.exit(2)
  }
  return args
}

const notes: string[] = []
const log = (line: string) => process.stderr.write(`${line}\n`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc-bench-cost-'))
  try {
    return await run(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function runReport(run: CliRun, out: string, what: string): Promise<RunReport | undefined> {
  try {
    const report = JSON.parse(await readFile(out, 'utf8')) as RunReport
    if (report.complete === false) notes.push(`${what}: the run did not finish (exit ${run.code}): ${tail(run.stderr)}`)
    return report
  } catch {
    notes.push(`${what}: exited ${run.code} without a report: ${tail(run.stderr)}`)
    return undefined
  }
}

function rowsCell(report: RunReport | undefined): string {
  if (!report) return 'no report'
  const failed = report.results.filter((r) => !r.pass).length
  return `${report.results.length} rows, ${failed} failed`
}

type Row = [string, string, string, string, string]

/** The built-in suite on embedded servers, twice in one compile-cache folder: the first run on a machine, then a later one. */
async function suiteRows(): Promise<Row[]> {
  return withTempDir(async (dir) => {
    const rows: Row[] = []
    for (const which of ['first run (empty compile cache)', 'later run'] as const) {
      const out = path.join(dir, 'report.json')
      log(`bench: built-in suite, embedded, ${which} ...`)
      const run = await runCli(['run', '--reporter', 'json', '--out', out], {
        env: { NODE_COMPILE_CACHE: path.join(dir, 'compile-cache') },
        timeoutMs: 180_000,
      })
      const report = await runReport(run, out, `suite (${which})`)
      rows.push([`built-in suite, embedded, ${which}`, seconds(run.ms), `${run.peakRssMb} MB`, rowsCell(report), ''])
    }
    return rows
  })
}

async function stormRow(mode: 'offline' | 'premium', n: number, version: string): Promise<Row> {
  return withTempDir(async (dir) => {
    const out = path.join(dir, 'storm.json')
    log(`bench: storm ${mode} N=${n} ...`)
    const args = ['storm', '--auth', mode === 'offline' ? 'cracked' : 'premium', '--n', String(n), '--concurrency', '50']
    const run = await runCli([...args, '--version', version, '--reporter', 'json', '--out', out, '--time-bound-ms', '300000'], {
      timeoutMs: 360_000,
    })
    let report: StormReport
    try {
      report = JSON.parse(await readFile(out, 'utf8')) as StormReport
    } catch {
      notes.push(`storm ${mode} N=${n}: exited ${run.code} without a report: ${tail(run.stderr)}`)
      return [`storm ${mode} N=${n}`, seconds(run.ms), `${run.peakRssMb} MB`, 'no report', '']
    }
    const failed = report.failures + report.notStarted
    if (failed > 0) notes.push(`storm ${mode} N=${n}: ${JSON.stringify(report.outcomes)}`)
    return [
      `storm ${mode} N=${n}`,
      seconds(run.ms),
      `${run.peakRssMb} MB (${report.rssPerBotMb} MB per login in flight)`,
      `${failed} failed`,
      `${report.loginsPerSec} logins/s, p50 ${Math.round(report.latencyMs.p50)} / p95 ${Math.round(report.latencyMs.p95)} ms`,
    ]
  })
}

/** Counts Docker's start events and samples the memory of the containers labelled with `runId` while `run` goes on. */
async function watchContainers<T>(runId: string, run: () => Promise<T>): Promise<{ value: T; started: number; peakMb: number }> {
  const label = `mc-login-harness.run=${runId}`
  const events = spawn('docker', ['events', '--filter', `label=${label}`, '--filter', 'event=start', '--format', '{{.ID}}'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  let started = 0
  events.stdout.on('data', (d: Buffer) => (started += d.toString().split('\n').filter(Boolean).length))
  let peakMb = 0
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      const ids = spawnSync('docker', ['ps', '-q', '--filter', `label=${label}`], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
      if (ids.length > 0) {
        const stats = spawnSync('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', ...ids], { encoding: 'utf8' })
        const mb = stats.stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => toMb(line.split('/')[0]!.trim()))
          .reduce((a, b) => a + b, 0)
        peakMb = Math.max(peakMb, mb)
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  })()
  try {
    const value = await run()
    return { value, started, peakMb: Math.round(peakMb) }
  } finally {
    sampling = false
    await sampler
    events.kill('SIGTERM')
  }
}

function toMb(text: string): number {
  const match = /^([\d.]+)\s*([KMG]i?B|B)$/.exec(text)
  if (!match) return 0
  const value = Number(match[1])
  const unit = match[2]!
  return unit.startsWith('G') ? value * 1024 : unit.startsWith('M') ? value : unit.startsWith('K') ? value / 1024 : value / 1024 / 1024
}

async function containerRows(modes: boolean[]): Promise<Row[]> {
  if (spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' }).status !== 0) {
    notes.push('container: no Docker engine answered (docker info); the container rows are left out')
    return []
  }
  const rows: Row[] = []
  for (const reuse of modes) {
    const what = `built-in suite, container (local image)${reuse ? ', --reuse' : ''}`
    const row = await withTempDir(async (dir) => {
      const out = path.join(dir, 'report.json')
      const runId = `bench-cost-${Date.now().toString(36)}`
      log(`bench: ${what} ...`)
      const {
        value: run,
        started,
        peakMb,
      } = await watchContainers(runId, () =>
        runCli(['run', '--backend', 'container', ...(reuse ? ['--reuse'] : []), '--reporter', 'json', '--out', out], {
          env: { MC_LOGIN_HARNESS_RUN_ID: runId },
          timeoutMs: 900_000,
        }),
      )
      const report = await runReport(run, out, what)
      const reuseLine = run.stderr.split('\n').find((line) => line.startsWith('reuse:'))
      if (reuseLine) notes.push(`${what}: ${reuseLine}`)
      const r: Row = [
        what,
        seconds(run.ms),
        `${run.peakRssMb} MB harness + ${peakMb} MB containers`,
        rowsCell(report),
        `${started} containers started`,
      ]
      return r
    })
    rows.push(row)
  }
  return rows
}

const args = parseArgs(process.argv.slice(2))
const began = performance.now()
const loadBefore = os.loadavg()[0]!
if (ensureBuilt(log)) notes.push('dist/ was built first (not counted)')
const rows: Row[] = args.parts.has('suite') ? await suiteRows() : []
if (args.parts.has('storm'))
  for (const mode of ['offline', 'premium'] as const) for (const n of args.sizes) rows.push(await stormRow(mode, n, args.version))
const containerModes = [...(args.parts.has('container') ? [false] : []), ...(args.parts.has('reuse') ? [true] : [])]
if (containerModes.length > 0) rows.push(...(await containerRows(containerModes)))

const line = (cells: string[]) => `| ${cells.join(' | ')} |`
process.stdout.write(
  [
    line(['what', 'wall time', 'peak memory', 'result', 'throughput / servers']),
    line(['---', '---:', '---:', '---', '---']),
    ...rows.map(line),
    '',
    `Each row one process of the ${VIA_LABEL.dist}; storms at concurrency 50 on ${args.version} with light clients.`,
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after; the bench took ${seconds(performance.now() - began)}.`,
    ...notes.map((note) => `note: ${note}`),
    '',
  ].join('\n'),
)
