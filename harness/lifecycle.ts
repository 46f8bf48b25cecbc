/**
 * Everything the harness starts (servers, bots, containers, networks) registers here while it
 * runs, so Ctrl-C or SIGTERM stops it all even when the code that started it never reaches its
 * `finally`.
 */
export interface Stoppable {
  stop(): Promise<void>
}

const live = new Set<Stoppable>()
/** Stops still in progress: a second stopAll() (e.g. the CLI's error path racing a signal) waits for them. */
const inFlight = new Set<Promise<unknown>>()
const shutdown = new AbortController()

/**
 * Aborted once a signal asked the process to stop. Long loops (the runner, storms) check it so
 * they start nothing new; anything tracked after it is stopped at once.
 */
export const shutdownSignal: AbortSignal = shutdown.signal

/** Tracks `handle` until it stops; returns it for chaining. */
export function track<T extends Stoppable>(handle: T): T {
  live.add(handle)
  const stop = handle.stop.bind(handle)
  handle.stop = async () => {
    live.delete(handle)
    await stop()
  }
  // Started while shutting down (its start was already under way): stop it right away.
  if (shutdown.signal.aborted) void stopAll()
  return handle
}

/** Stops every tracked handle (all at once) and waits for every stop in flight, up to `timeoutMs`. */
export async function stopAll(timeoutMs = 15_000): Promise<void> {
  const handles = [...live].reverse()
  live.clear()
  const mine = Promise.allSettled(handles.map((h) => h.stop()))
  inFlight.add(mine)
  void mine.then(() => inFlight.delete(mine))
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), timeoutMs)
    timer.unref()
  })
  // Stops may be added while we wait (a start that finished during shutdown): wait for those too.
  while (inFlight.size > 0) {
    if ((await Promise.race([Promise.allSettled([...inFlight]), deadline])) === 'deadline') break
  }
  clearTimeout(timer)
}

let installed = false

/** Installs SIGINT/SIGTERM handlers that stop everything tracked, then exit (130 / 143). */
export function installSignalHandlers(): void {
  if (installed) return
  installed = true
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143
    if (shutdown.signal.aborted) process.exit(code)
    shutdown.abort(new Error(`interrupted by ${signal}`))
    void stopAll().finally(() => process.exit(code))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
