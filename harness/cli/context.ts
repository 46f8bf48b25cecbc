import { stopFailures, type ResourceScope } from '../resource-scope.ts'

/** Where a command writes: process.stdout/stderr for the real CLI, buffers in tests. */
export interface CliOutput {
  write(text: string): unknown
  /** A terminal: progress lines may redraw themselves. */
  isTTY?: boolean
}

export interface CliIo {
  stdout: CliOutput
  stderr: CliOutput
}

/**
 * Makes TypeScript files importable until the returned function is awaited (the CLI's process
 * registers tsx's loader hooks; tests run where TypeScript imports work already).
 */
export type TypeScriptLoader = () => Promise<() => Promise<void>>

/**
 * One invocation of the command line: its streams, the scope every command's own scope lives
 * under, and the exit code the command sets. Commands never touch `process.stdout`,
 * `process.exitCode` or `process.exit`, so `main()` runs in a test's process as it does in its own.
 */
export class CliContext {
  /** What the command decided (0 pass, 1 fail, 2 bad input); `main()` returns it, raised to 1 when the run leaked. */
  exitCode = 0
  /** A stop failed: something the command started may still be running (reported on stderr). */
  leaked = false

  constructor(
    readonly io: CliIo,
    readonly scope: ResourceScope,
    private readonly typeScript?: TypeScriptLoader,
  ) {}

  /**
   * Runs `load` (the import of users' scenario files, which may be TypeScript) with TypeScript
   * importable, and only then: loader hooks slow every later import and require in the process
   * (each one a round trip to the hooks), and a run loads more as it goes (each version's data, the
   * bot library at its first bot).
   */
  async withTypeScript<T>(load: () => Promise<T>): Promise<T> {
    const unregister = await this.typeScript?.()
    try {
      return await load()
    } finally {
      await unregister?.()
    }
  }

  /** What `main()` returns: the command's code, raised to 1 when something it started would not stop. */
  finalExitCode(): number {
    return this.leaked && this.exitCode === 0 ? 1 : this.exitCode
  }

  out(text: string): void {
    this.io.stdout.write(text)
  }

  err(text: string): void {
    this.io.stderr.write(text)
  }

  /**
   * Disposes a command's scope in its `finally`. What would not stop is not the command's result
   * (what it found stands, and throwing here would hide the error it may be handling): a warning
   * per thing left running, then how to remove it (`advice`, from the backend), and the run counts
   * as failed.
   */
  async disposeCommandScope(scope: ResourceScope, advice: string): Promise<void> {
    try {
      await scope.dispose()
    } catch (error) {
      this.reportLeftRunning(error, advice)
    }
  }

  /** Prints what would not stop (a StopError per thing, flattened) and how to clean it; marks the run as leaked. */
  reportLeftRunning(error: unknown, advice: string): void {
    const failures = stopFailures(error)
    for (const failure of failures) this.err(`warning: left running: ${failure instanceof Error ? failure.message : String(failure)}\n`)
    this.err(`warning: ${failures.length} thing(s) this command started could not be stopped; ${advice}\n`)
    this.leaked = true
  }
}
