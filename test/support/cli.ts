/**
 * The command line as a user runs it, for tests: a separate Node process (the project's pinned
 * Node 24, through tsx), so exit codes, stdout/stderr and signals are the real ones. Use it where
 * the process is the point (one test per exit code, signals, another working directory, many
 * servers side by side); flag checks and exit codes alone go through support/in-process-cli.ts.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'

const root = path.resolve(import.meta.dirname, '../..')
const exec = promisify(execFile)
// The sources, not dist/: scenario files' `mc-login-harness` imports resolve to harness/ too.
// Absolute (tsx by its resolved URL) so a command may also run from another working directory.
const entry = ['--conditions=mc-login-harness-source', '--import', import.meta.resolve('tsx'), path.join(root, 'harness/cli/main.ts')]

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command to its end. A non-zero exit is a result, not an exception. */
export async function runCli(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [...entry, ...args], {
      cwd: options.cwd ?? root,
      timeout: options.timeoutMs ?? 170_000,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout, stderr: e.stderr }
  }
}

/** A long-running command (a server, the session server): read its lines, signal it, await its exit. */
export class CliProcess {
  /** stdout lines so far. */
  readonly lines: string[] = []
  readonly stderrLines: string[] = []
  private stderrText = ''
  private readonly waiters: Array<{ stream: 'stdout' | 'stderr'; re: RegExp; resolve: (m: RegExpMatchArray) => void }> = []

  constructor(readonly child: ChildProcess) {
    child.stderr!.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()))
    const read = (stream: 'stdout' | 'stderr', lines: string[]) => (line: string) => {
      lines.push(line)
      for (const waiter of [...this.waiters]) {
        const match = waiter.stream === stream && line.match(waiter.re)
        if (!match) continue
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        waiter.resolve(match)
      }
    }
    createInterface({ input: child.stdout! }).on('line', read('stdout', this.lines))
    createInterface({ input: child.stderr! }).on('line', read('stderr', this.stderrLines))
  }

  stderr(): string {
    return this.stderrText
  }

  /** The first stdout line (seen so far or to come) matching `re`; rejects on exit or timeout. */
  waitFor(re: RegExp, timeoutMs = 20_000, stream: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpMatchArray> {
    for (const line of stream === 'stdout' ? this.lines : this.stderrLines) {
      const match = line.match(re)
      if (match) return Promise.resolve(match)
    }
    return new Promise((resolve, reject) => {
      const describe = () => `lines ${JSON.stringify(this.lines)}; stderr: ${this.stderrText}`
      const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; ${describe()}`)), timeoutMs)
      const onExit = (code: number | null) => {
        clearTimeout(timer)
        reject(new Error(`exited with ${code} before ${re}; ${describe()}`))
      }
      this.child.once('exit', onExit)
      this.waiters.push({
        stream,
        re,
        resolve: (match) => {
          clearTimeout(timer)
          this.child.off('exit', onExit)
          resolve(match)
        },
      })
    })
  }

  /** The first `count` stdout lines. The limit only catches a hang: a CLI start takes 10 s and more at load 10. */
  firstLines(count: number, timeoutMs = 60_000): Promise<string[]> {
    if (this.lines.length >= count) return Promise.resolve(this.lines.slice(0, count))
    return new Promise((resolve, reject) => {
      const reader = this.child.stdout!
      const timer = setTimeout(
        () => finish(new Error(`no ${count} lines within ${timeoutMs} ms; got ${JSON.stringify(this.lines)}; stderr: ${this.stderrText}`)),
        timeoutMs,
      )
      // readline emits each line before this 'data' listener runs for the next chunk, so count here.
      const onData = () => setImmediate(() => this.lines.length >= count && finish())
      const onExit = (code: number | null) =>
        finish(new Error(`exited with ${code} after ${JSON.stringify(this.lines)}; stderr: ${this.stderrText}`))
      const finish = (error?: Error) => {
        clearTimeout(timer)
        reader.off('data', onData)
        this.child.off('exit', onExit)
        if (error) reject(error)
        else resolve(this.lines.slice(0, count))
      }
      reader.on('data', onData)
      this.child.once('exit', onExit)
    })
  }

  /**
   * Awaits the exit (SIGKILL after `timeoutMs`), returning the exit code (null when killed by a
   * signal). A hang guard, not a speed limit: at load ~10 a CLI that starts, fails and exits 2 took
   * over 15 s, and the SIGKILL then read as a wrong exit code.
   */
  async exit(timeoutMs = 60_000): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs)
      await once(this.child, 'exit')
      clearTimeout(timer)
    }
    return this.child.exitCode
  }
}

const running = new Set<ChildProcess>()

/** Starts a long-running command; call killAllCli() in afterEach so a failed test leaves nothing. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.once('exit', () => running.delete(child))
  return new CliProcess(child)
}

export function killAllCli(): void {
  for (const child of running) child.kill('SIGKILL')
}
