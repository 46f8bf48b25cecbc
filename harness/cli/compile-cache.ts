import module from 'node:module'

/**
 * Node's on-disk cache of compiled modules (bin.ts turns it on): a later run skips compiling the
 * ~700 modules a command loads. Node writes what it gathered at exit, by default: about a quarter
 * of a second, the first time on a machine (an empty cache, a fresh CI runner), after the last case.
 * A run writes it once its first case has ended instead: the modules a case needs are loaded by
 * then, and the other cases, or a case waiting out a timeout, are still running, so the write
 * overlaps them. What loads later is written at exit as before. No cache (turned off, or a caller
 * that never turned it on): nothing to write.
 */
export function writeCompileCacheSoon(): void {
  setImmediate(() => module.flushCompileCache?.())
}
