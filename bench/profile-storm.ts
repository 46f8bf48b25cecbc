/**
 * `node --import tsx bench/profile-storm.ts [--auth cracked|premium] [--n N] [--version V] [--top K] [--keep DIR]`:
 * runs one storm as a user runs it (the CLI, concurrency 50) under V8's CPU profiler, which writes
 * one `.cpuprofile` per thread (the main thread runs the server and the mock, worker threads run
 * the bots), and prints where the time went: the top functions and files by self time, per
 * thread kind. Use it before and after a change to a login's path; `--keep DIR` keeps the
 * profiles for Chrome DevTools.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

interface Args {
  auth: 'cracked' | 'premium'
  n: number
  version: string
  top: number
  keep?: string
}

function parseArgs(argv: string[]): Args {
  const args: Args = { auth: 'cracked', n: 200, version: '1.20.4', top: 15 }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    if (flag === '--auth' && (value === 'cracked' || value === 'premium')) args.auth = value
    else if (flag === '--n' && Number(value) > 0) args.n = Number(value)
    else if (flag === '--version' && value) args.version = value
    else if (flag === '--top' && Number(value) > 0) args.top = Number(value)
    else if (flag === '--keep' && value) args.keep = path.resolve(value)
    else {
      console.error(`profile-storm: bad argument "${flag}"; use --auth cracked|premium, --n N, --version V, --top K, --keep DIR`)
      process.exit(2)
    }
    i++
  }
  return args
}

/** Self time in ms per key (a function with its file and line, or a file), from one profile. */
function selfTimes(profile: CpuProfile, keyOf: (node: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const times = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)
    if (!node) return
    const key = keyOf(node)
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return times
}

function shortUrl(url: string): string {
  if (!url) return '(native)'
  const clean = url.replace(/^file:\/\//, '')
  const nm = clean.lastIndexOf('node_modules/')
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length)
  return clean.startsWith(ROOT) ? clean.slice(ROOT.length + 1) : clean
}

const byFunction = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`
const byFile = (node: ProfileNode) => shortUrl(node.callFrame.url)

function add(into: Map<string, number>, from: Map<string, number>): void {
  for (const [key, ms] of from) into.set(key, (into.get(key) ?? 0) + ms)
}

function printTop(title: string, times: Map<string, number>, total: number, top: number, logins: number): void {
  console.log(`\n${title} (total ${(total / 1000).toFixed(2)} s, ${(total / Math.max(1, logins)).toFixed(2)} ms per login)`)
  const rows = [...times].sort((a, b) => b[1] - a[1]).slice(0, top)
  for (const [key, ms] of rows)
    console.log(`  ${(ms / 1000).toFixed(2).padStart(7)} s  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${key}`)
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const dir = args.keep ?? (await mkdtemp(path.join(os.tmpdir(), 'mc-storm-profile-')))
  const out = path.join(dir, 'storm.json')
  try {
    const child = spawn(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${dir}`,
        '--conditions=mc-login-harness-source',
        '--import',
        'tsx',
        'harness/cli/main.ts',
        'storm',
        '--auth',
        args.auth,
        '--n',
        String(args.n),
        '--concurrency',
        '50',
        '--version',
        args.version,
        '--reporter',
        'json',
        '--out',
        out,
        '--time-bound-ms',
        '120000',
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    )
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (c) => resolve(c ?? 1))
    })
    const report = JSON.parse(await readFile(out, 'utf8')) as { loginsPerSec: number; succeeded?: number; failures: number }
    const logins = args.n - report.failures
    console.log(
      `storm ${args.auth} N=${args.n} ${args.version}: exit ${code}, ${report.loginsPerSec.toFixed(1)} logins/s, ${report.failures} failures`,
    )
    const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))
    // Node names each profile CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main thread.
    const groups = {
      main: { fn: new Map<string, number>(), file: new Map<string, number>(), total: 0, count: 0 },
      workers: { fn: new Map<string, number>(), file: new Map<string, number>(), total: 0, count: 0 },
    }
    for (const file of files) {
      const threadId = Number(file.split('.').at(-3))
      const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile
      const group = threadId === 0 ? groups.main : groups.workers
      add(group.fn, selfTimes(profile, byFunction))
      add(group.file, selfTimes(profile, byFile))
      group.total += profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000
      group.count++
    }
    for (const [name, group] of Object.entries(groups)) {
      if (group.count === 0) continue
      const label = name === 'main' ? 'main thread (server, mock, storm driver)' : `${group.count} worker thread(s) (bots)`
      printTop(`${label}: top functions by self time`, group.fn, group.total, args.top, logins)
      printTop(`${label}: top files by self time`, group.file, group.total, args.top, logins)
    }
    if (args.keep) console.log(`\nprofiles kept in ${dir}`)
  } finally {
    if (!args.keep) await rm(dir, { recursive: true, force: true })
  }
}

await main()
