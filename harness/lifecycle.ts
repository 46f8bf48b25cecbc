/**
 * Everything the harness starts (servers, bots, containers, networks) registers here while it
 * runs, so Ctrl-C or SIGTERM stops it all even when the code that started it never reaches its
 * `finally`.
 */
export interface Stoppable {
  stop(): Promise<void>
}

const live = new Set<Stoppable>()

/** Tracks `handle` until it stops; returns it for chaining. */
export function track<T extends Stoppable>(handle: T): T {
  live.add(handle)
  const stop = handle.stop.bind(handle)
  handle.stop = async () => {
    live.delete(handle)
    await stop()
  }
  return handle
}

/** Stops still in progress: a second stopAll() (e.g. the CLI's error path racing a signal) waits for them. */
const inFlight = new Set<Promise<unknown>>()

/** Stops every tracked handle, newest first (bots before servers before networks). */
export async function stopAll(timeoutMs = 15_000): Promise<void> {
  const handles = [...live].reverse()
  live.clear()
  const mine = Promise.allSettled(handles.map((h) => h.stop()))
  inFlight.add(mine)
  void mine.then(() => inFlight.delete(mine))
  const stopping = Promise.allSettled([...inFlight])
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs)
    timer.unref()
  })
  await Promise.race([stopping, deadline])
  clearTimeout(timer)
}

let installed = false

/** Installs SIGINT/SIGTERM handlers that stop everything tracked, then exit (130 / 143). */
export function installSignalHandlers(): void {
  if (installed) return
  installed = true
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143)
    stopping = true
    void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
