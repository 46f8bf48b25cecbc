/**
 * The command line as a user runs it, for the benches: `node dist/cli/bin.js ...` (what
 * `npx mc-login-harness` runs from an installed package), built first when dist/ is older than the
 * sources, timed from spawn to exit, with the process's peak memory (bench/peak-rss.mjs).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { readdirSync, statSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.join(ROOT, 'dist/cli/bin.js')
const PEAK_RSS = path.join(ROOT, 'bench/peak-rss.mjs')

/** How the command is started: the installed package's compiled bin, or the repository's sources through tsx. */
export type Via = 'dist' | 'tsx'

export const VIA_LABEL: Record<Via, string> = {
  dist: 'installed package (node dist/cli/bin.js, as npx mc-login-harness)',
  tsx: 'repository sources through tsx (npm run harness)',
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs)
  }
  return newest
}

/** Builds dist/ (npm run build) when it is missing or older than a source under harness/; returns whether it built. */
export function ensureBuilt(log: (line: string) => void): boolean {
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= newestMtime(path.join(ROOT, 'harness'))) return false
  log('bench: dist/ is missing or older than harness/: npm run build ...')
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] })
  if (build.status !== 0) throw new Error(`npm run build exited ${build.status}`)
  return true
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  ms: number
  /** The process's peak resident memory in MB (worker threads included), or 0 when unknown. */
  peakRssMb: number
}

/** Runs the CLI with `args` in a fresh process; `env` adds to the environment. */
export async function runCli(args: string[], options: { via?: Via; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CliRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc-bench-rss-'))
  const rssFile = path.join(dir, 'rss')
  const entry =
    (options.via ?? 'dist') === 'dist'
      ? [BIN]
      : ['--conditions=mc-login-harness-source', '--import', 'tsx', path.join(ROOT, 'harness/cli/main.ts')]
  try {
    const started = performance.now()
    const result = await new Promise<Omit<CliRun, 'ms' | 'peakRssMb'>>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', PEAK_RSS, ...entry, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...options.env, MC_BENCH_PEAK_RSS_FILE: rssFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs)
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ code: code ?? 1, stdout, stderr })
      })
    })
    const ms = performance.now() - started
    const kb = Number(await readFile(rssFile, 'utf8').catch(() => '0'))
    return { ...result, ms, peakRssMb: Math.round(kb / 1024) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The last lines of a process's stderr, for a note. */
export function tail(text: string, lines = 3): string {
  return text.trim().split('\n').slice(-lines).join(' | ')
}
