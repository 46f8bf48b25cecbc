import { ScopeDisposeError, type ResourceScope } from '../resource-scope.ts'

/**
 * Disposes a command's scope in its `finally`. A stop that failed is a warning, not the command's
 * result: what the command found stands, and throwing here would hide the error it is handling.
 */
export async function disposeCommandScope(scope: ResourceScope): Promise<void> {
  try {
    await scope.dispose()
  } catch (error) {
    const errors = error instanceof ScopeDisposeError ? error.errors : [error]
    for (const e of errors) process.stderr.write(`warning: could not stop everything this command started: ${e instanceof Error ? e.message : String(e)}\n`)
  }
}
