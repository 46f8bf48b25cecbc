/**
 * Where a storm login's time goes: runs the `storm` command in a fresh process under V8's CPU
 * profiler (`--cpu-prof` profiles the main thread, where the embedded server and the mock run,
 * and each worker thread, where the clients run), then prints the top self-time functions and
 * files per thread, summed over that thread's profiles, and CPU ms per login (idle left out;
 * process start-up and module loading are in it, as a storm user pays them).
 *
 *   npx tsx bench/profile-storm.ts [--auth premium|cracked] [--n 300] [--top 15] [--version 1.20.4]
 *                                  [--root DIR] [--keep DIR]
 *
 * `--root` runs the storm of another checkout (e.g. a worktree of main), so a before/after pair
 * is two runs of this script. The profiles are read as Chrome's `.cpuprofile` JSON (nodes with a
 * callFrame and hitCount, samples and timeDeltas in µs): a sample's delta is its node's self time.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

interface Args {
  auth: 'premium' | 'cracked'
  n: number
  top: number
  version: string
  root: string
  keep?: string
}

const HERE = path.dirname(fileURLToPath(import.meta.url))

function parseArgs(argv: string[]): Args {
  const args: Args = { auth: 'premium', n: 300, top: 15, version: '1.20.4', root: path.resolve(HERE, '..') }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    const need = (): string => {
      if (value === undefined) throw new Error(`profile-storm: ${flag} needs a value`)
      i++
      return value
    }
    if (flag === '--auth') {
      const v = need()
      if (v !== 'premium' && v !== 'cracked') throw new Error(`profile-storm: --auth is premium or cracked, not "${v}"`)
      args.auth = v
    } else if (flag === '--n') args.n = positive(flag, need())
    else if (flag === '--top') args.top = positive(flag, need())
    else if (flag === '--version') args.version = need()
    else if (flag === '--root') args.root = path.resolve(need())
    else if (flag === '--keep') args.keep = path.resolve(need())
    else throw new Error(`profile-storm: unknown argument "${flag}"; use --auth, --n, --top, --version, --root, --keep`)
  }
  return args
}

function positive(flag: string | undefined, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`profile-storm: ${flag} takes a positive whole number, not "${value}"`)
  return n
}

function run(args: string[], cwd: string, timeoutMs: number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? 1, stderr })
    })
  })
}

/** Self time (µs) per key, where `keyOf` names a node (a function, or the file it is in). */
function selfTimes(profile: CpuProfile, keyOf: (frame: CpuProfile['nodes'][number]['callFrame']) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)
    // Idle is waiting, not work: left out so the per-login figure is CPU.
    if (!node || node.callFrame.functionName === '(idle)') return
    const key = keyOf(node.callFrame)
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  return totals
}

/** A short place: the package and file for node_modules, the path in the repository otherwise. */
function shortFile(url: string, root: string): string {
  if (!url) return '(native / V8)'
  const file = url.startsWith('file://') ? fileURLToPath(url) : url
  const nm = file.lastIndexOf('node_modules/')
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length)
  return file.startsWith(root) ? path.relative(root, file) : file
}

function add(into: Map<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v)
}

function table(title: string, totals: Map<string, number>, top: number, logins: number): string {
  const all = [...totals.values()].reduce((a, b) => a + b, 0)
  const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
  const lines = [`${title}: ${(all / 1000).toFixed(0)} ms sampled, ${(all / 1000 / logins).toFixed(2)} ms per login`]
  for (const [key, us] of rows)
    lines.push(`  ${(us / 1000).toFixed(0).padStart(7)} ms ${((us / all) * 100).toFixed(1).padStart(5)} %  ${key}`)
  return lines.join('\n')
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const dir = args.keep ?? (await mkdtemp(path.join(os.tmpdir(), 'mc-profile-storm-')))
  try {
    const out = path.join(dir, 'storm.json')
    const result = await run(
      [
        '--cpu-prof',
        `--cpu-prof-dir=${dir}`,
        '--conditions=mc-login-harness-source',
        '--import',
        'tsx',
        'harness/cli/main.ts',
        'storm',
        ...['--auth', args.auth, '--n', String(args.n), '--concurrency', '50', '--version', args.version],
        ...['--reporter', 'json', '--out', out, '--time-bound-ms', '120000'],
      ],
      args.root,
      180_000,
    )
    let report: { loginsPerSec: number; ok: number; failures: number; latencyMs: { p50: number } }
    try {
      report = JSON.parse(await readFile(out, 'utf8')) as typeof report
    } catch {
      throw new Error(`the storm exited ${result.code} without a report: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`)
    }
    const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))
    // Node names each profile CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main one.
    const threadOf = (f: string) => (f.split('.').at(-3) === '0' ? 'main thread (server + mock)' : 'worker threads (clients)')
    const byThread = new Map<string, { fns: Map<string, number>; files: Map<string, number> }>()
    for (const f of files) {
      const profile = JSON.parse(await readFile(path.join(dir, f), 'utf8')) as CpuProfile
      const entry = byThread.get(threadOf(f)) ?? { fns: new Map(), files: new Map() }
      byThread.set(threadOf(f), entry)
      add(
        entry.fns,
        selfTimes(
          profile,
          (c) => `${c.functionName || '(anonymous)'} ${shortFile(c.url, args.root)}${c.url ? `:${c.lineNumber + 1}` : ''}`,
        ),
      )
      add(
        entry.files,
        selfTimes(profile, (c) => shortFile(c.url, args.root)),
      )
    }
    const logins = Math.max(1, report.ok)
    console.log(
      `storm ${args.auth} N=${args.n} (${args.root}): ${report.loginsPerSec} logins/s, p50 ${Math.round(report.latencyMs.p50)} ms, ` +
        `${report.failures} failed; whole process (profiler on, so slower than a plain run)`,
    )
    for (const [thread, { fns, files: byFile }] of [...byThread.entries()].sort()) {
      console.log(`\n${table(`${thread}, top functions by self time`, fns, args.top, logins)}`)
      console.log(`\n${table(`${thread}, top files by self time`, byFile, args.top, logins)}`)
    }
  } finally {
    if (!args.keep) await rm(dir, { recursive: true, force: true })
  }
}

await main()
