/**
 * `npx tsx bench/reuse.ts [--backend embedded|container] [--rounds N] [--concurrency N] [--skip REGEX]`:
 * the built-in suite with a server per case (the baseline) against `run --reuse` (one shared
 * server per config), alternating the two in one process so machine load falls on both alike.
 * After one unmeasured warm-up run, prints per round and the median: wall time, servers
 * started, and the ratio reuse/baseline (below 1: reuse is faster). The gain grows with the server's start time: a real Paper server
 * takes 20-60 s, the embedded server milliseconds and the local image a few seconds.
 *
 * No figure is asserted. Everything started is stopped: each run has its own scope.
 */
import Table from 'cli-table3'
import { ResourceScope } from '../harness/resource-scope.ts'
import type { Backend } from '../harness/backends/backend.ts'
import { createBackend, DEFAULT_CONCURRENCY } from '../harness/backends/create-backend.ts'
import { builtinScenariosDir } from '../harness/scenario/builtin.ts'
import { loadScenarios } from '../harness/scenario/load.ts'
import { expandCases, filterCases, type ScenarioCase } from '../harness/scenario/matrix.ts'
import { runCases } from '../harness/scenario/runner.ts'
import { ServerPool } from '../harness/scenario/server-pool.ts'
import type { ServerConfig } from '../harness/server/types.ts'

interface Args {
  backend: 'embedded' | 'container'
  rounds: number
  concurrency?: number
  skip: string[]
}

function parseArgs(argv: string[]): Args {
  const args: Args = { backend: 'embedded', rounds: 3, skip: [] }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    const value = argv[++i]
    if (value === undefined) throw new Error(`${flag} needs a value`)
    if (flag === '--backend' && (value === 'embedded' || value === 'container')) args.backend = value
    else if (flag === '--rounds' && /^[1-9]\d*$/.test(value)) args.rounds = Number(value)
    else if (flag === '--concurrency' && /^[1-9]\d*$/.test(value)) args.concurrency = Number(value)
    else if (flag === '--skip') args.skip.push(value)
    else
      throw new Error(
        `bench/reuse.ts: unknown flag or bad value "${flag} ${value}"; flags: --backend embedded|container, --rounds N, --concurrency N, --skip REGEX`,
      )
  }
  return args
}

/** The backend, counting server starts (the pool's and the cases' own) on the instance itself. */
function counting(backend: Backend): Backend & { starts: number } {
  const counted = Object.assign(backend, { starts: 0 })
  const start = backend.startServer.bind(backend)
  counted.startServer = async (config: ServerConfig, scope: ResourceScope) => {
    counted.starts++
    return start(config, scope)
  }
  return counted
}

interface Sample {
  mode: 'baseline' | 'reuse'
  ms: number
  servers: number
  failed: number
}

async function runOnce(mode: Sample['mode'], cases: ScenarioCase[], args: Args): Promise<Sample> {
  const backend = counting(await createBackend(args.backend))
  const scope = new ResourceScope({ name: `bench ${mode}` })
  const started = performance.now()
  try {
    await backend.prepare(scope)
    const pool = mode === 'reuse' ? new ServerPool(backend, scope.child({ name: 'shared servers' })) : undefined
    const results = await runCases(cases, { backend, scope, pool, concurrency: args.concurrency ?? DEFAULT_CONCURRENCY[args.backend] })
    await scope.dispose()
    return { mode, ms: performance.now() - started, servers: backend.starts, failed: results.filter((r) => !r.pass).length }
  } finally {
    await scope.dispose()
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const args = parseArgs(process.argv.slice(2))
const cases = filterCases(expandCases(await loadScenarios([builtinScenariosDir()]), undefined), undefined, args.skip)
process.stderr.write(`bench/reuse: ${cases.length} cases on the ${args.backend} backend, ${args.rounds} round(s) of baseline then reuse\n`)
// Unmeasured: the first run in a process loads and compiles the protocol (and on containers may
// build the local image), which would count against whichever mode went first.
const warmup = await runOnce('baseline', cases, args)
process.stderr.write(`warm-up (not counted): ${(warmup.ms / 1000).toFixed(1)} s\n`)
const samples: Sample[] = []
for (let round = 1; round <= args.rounds; round++) {
  // Alternating, baseline first in odd rounds and reuse first in even ones, so a warm-up or a
  // change in load does not favour one side.
  const order: Sample['mode'][] = round % 2 ? ['baseline', 'reuse'] : ['reuse', 'baseline']
  for (const mode of order) {
    const sample = await runOnce(mode, cases, args)
    samples.push(sample)
    process.stderr.write(`round ${round} ${mode}: ${(sample.ms / 1000).toFixed(1)} s, ${sample.servers} servers, ${sample.failed} failed\n`)
  }
}

const table = new Table({ head: ['mode', 'median wall', 'servers started', 'failed rows (all rounds)'] })
const of = (mode: Sample['mode']) => samples.filter((s) => s.mode === mode)
for (const mode of ['baseline', 'reuse'] as const) {
  table.push([
    mode,
    `${(median(of(mode).map((s) => s.ms)) / 1000).toFixed(1)} s`,
    String(median(of(mode).map((s) => s.servers))),
    String(of(mode).reduce((n, s) => n + s.failed, 0)),
  ])
}
process.stdout.write(`${table.toString()}\n`)
const ratio = median(of('reuse').map((s) => s.ms)) / median(of('baseline').map((s) => s.ms))
process.stdout.write(
  `reuse/baseline wall time: ${ratio.toFixed(2)}x (median of ${args.rounds}; below 1 is faster); servers: ${median(of('reuse').map((s) => s.servers))} vs ${median(of('baseline').map((s) => s.servers))}\n`,
)
