/**
 * One place that decides who stops what: a scope, modelled on TC39's AsyncDisposableStack (which
 * Node 22 lacks). Whoever starts a process, socket, container or network registers it in the scope
 * of the run that owns it (`use`, `defer`, `adopt`), and the owner disposes that scope in its
 * `finally`. Disposal stops everything in reverse order (a container before the network it is
 * on), each thing once, collects every failure instead of stopping at the first, and is bounded
 * by a timeout so a hung stop cannot hang the process.
 *
 * Scopes nest: each one lives under a parent, by default the process's `rootScope`, so a signal
 * that disposes the root (the CLI's SIGINT/SIGTERM handlers) stops everything still open,
 * wherever it was registered. Anything registered in a scope that is already disposing (a start
 * that was under way when Ctrl-C landed) is stopped at once.
 */

/** A started thing the harness can stop: the contract every handle (server, mock, container) keeps. */
export interface Stoppable {
  stop(): Promise<unknown>
}

/** What `use()` takes: a handle with `stop()` or a standard async disposable. */
export type Resource = Stoppable | AsyncDisposable

export interface ResourceScopeOptions {
  /** The scope this one lives under (disposed with it); default `rootScope`. `null`: none. */
  parent?: ResourceScope | null
  /**
   * Independent of its siblings (one case of a run, one probe of a check): the parent disposes
   * adjacent concurrent children together instead of one after the other.
   */
  concurrent?: boolean
  /**
   * How long disposal may take in all, plus `perStopMs` for each thing in the scope's tree; what is
   * still running then is left behind (default 15 s).
   */
  timeoutMs?: number
  /**
   * Time added to `timeoutMs` for every thing the scope's tree holds when disposal begins (default
   * 1 s). Docker stops and removes containers one at a time at heart: on an idle 2-core runner
   * about 30 containers took 8.5 s at once and 10.7 s four at a time, and 54 (27 shared server
   * pairs of `run --reuse`) ran past 16 s each under CI's load, so no flat budget fits every run.
   */
  perStopMs?: number
  /** Names the scope in errors. */
  name?: string
}

/**
 * One thing that would not stop: `what` names it (e.g. `StartedMinecraftServerContainer 3f2a9c1b`),
 * `scope` whose it was; `cause` is the stop's own error (absent when the stop hung past the
 * timeout). What failed to stop may still be running: the CLI lists these as left running.
 */
export class StopError extends Error {
  constructor(
    readonly scope: string,
    readonly what: string,
    cause?: unknown,
    timeoutMs?: number,
  ) {
    super(
      cause === undefined
        ? `${scope}: stopping ${what} did not finish in time (timeout ${timeoutMs} ms); left running`
        : `${scope}: stopping ${what} failed: ${messageOf(cause)}`,
      cause === undefined ? undefined : { cause },
    )
    this.name = 'StopError'
  }
}

/** More than one stop failed: `errors` in the order they were stopped, `cause` the first. */
export class ScopeDisposeError extends AggregateError {
  constructor(scope: string, errors: unknown[]) {
    super(errors, `${scope}: ${errors.length} stops failed; the first: ${messageOf(errors[0])}`, { cause: errors[0] })
    this.name = 'ScopeDisposeError'
  }
}

type Entry = { kind: 'handle'; handle: object } | { kind: 'fn'; fn: () => unknown; what: string } | { kind: 'child'; scope: ResourceScope }

const DEFAULT_TIMEOUT_MS = 15_000
const DEFAULT_PER_STOP_MS = 1_000
/** Once the time is up, what was not yet stopped is started all at once and given this long. */
const OVERDUE_GRACE_MS = 1_000

/**
 * Stops begun, by handle, across every scope: a handle registered in two scopes (or disposed by
 * its scope while a signal disposes the root) is stopped once, and both wait for the same stop.
 * Handles are one-shot (every start() returns a new one), so "once" is for the handle's life.
 */
const stops = new WeakMap<object, Promise<void>>()

function stopOnce(handle: object): Promise<void> {
  let stopping = stops.get(handle)
  if (!stopping) {
    // Our own contract first (a handle may also be AsyncDisposable, e.g. testcontainers', whose dispose calls stop()).
    const h = handle as Partial<Stoppable> & Partial<AsyncDisposable>
    stopping = Promise.resolve()
      .then((): PromiseLike<unknown> => (typeof h.stop === 'function' ? h.stop() : h[Symbol.asyncDispose]!()))
      .then(() => undefined)
    stops.set(handle, stopping)
  }
  return stopping
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Every StopError in `error` (nested ScopeDisposeErrors flattened); other errors as they are. */
export function stopFailures(error: unknown): unknown[] {
  if (error instanceof ScopeDisposeError) return error.errors.flatMap(stopFailures)
  return [error]
}

/** A handle's name for a message: its class, and its container id, port or URL when it has one. */
function describeHandle(handle: object): string {
  const name = handle.constructor?.name && handle.constructor !== Object ? handle.constructor.name : 'a handle'
  const h = handle as { getId?: () => unknown; getPort?: () => unknown; getUrl?: () => unknown }
  try {
    if (typeof h.getId === 'function') return `${name} ${String(h.getId()).slice(0, 12)}`
    if (typeof h.getPort === 'function') return `${name} on port ${String(h.getPort())}`
    if (typeof h.getUrl === 'function') return `${name} at ${String(h.getUrl())}`
  } catch {
    // A handle half torn down may not answer; its class still names it.
  }
  return name
}

function label(entry: Entry): string {
  if (entry.kind === 'child') return entry.scope.name
  if (entry.kind === 'fn') return entry.what
  return describeHandle(entry.handle)
}

export class ResourceScope implements AsyncDisposable {
  readonly name: string
  readonly concurrent: boolean
  private readonly timeoutMs: number
  private readonly perStopMs: number
  /** The time this scope's disposal was given when it began (for the message of what did not stop). */
  private disposalBudgetMs: number
  private readonly parent: ResourceScope | null
  private readonly entries: Entry[] = []
  private readonly controller = new AbortController()
  /** Set once disposal begins; its result never rejects (errors are rethrown by dispose()). */
  private disposing?: Promise<unknown[]>
  /** Stops of things registered after disposal began: a later dispose() (here or above) waits for them. */
  private readonly late = new Set<Promise<void>>()
  /** Stop failures owners below handed up (disposeHandingUp), thrown by this scope's dispose(). */
  private readonly handedUp: unknown[] = []
  /** Set once this scope's first dispose() has settled: failures handed up later go further up. */
  private finished = false

  constructor(options: ResourceScopeOptions = {}) {
    this.parent = options.parent === undefined ? rootScope : options.parent
    this.concurrent = options.concurrent ?? false
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.perStopMs = options.perStopMs ?? DEFAULT_PER_STOP_MS
    this.disposalBudgetMs = this.timeoutMs
    this.name = options.name ?? 'scope'
    if (this.parent?.disposing) {
      // Born under a scope that is going away: nothing may outlive it, so this one is disposed too.
      this.controller.abort(this.parent.signal.reason)
      this.disposing = Promise.resolve([])
    } else {
      this.parent?.entries.push({ kind: 'child', scope: this })
    }
  }

  /**
   * Aborted once this scope or one above it begins to dispose (the root: on SIGINT/SIGTERM). Loops
   * check it to start nothing new.
   */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** True once disposal has begun: whatever is registered from then on is stopped at once. */
  get disposed(): boolean {
    return this.disposing !== undefined
  }

  /** A scope under this one. */
  child(options: Omit<ResourceScopeOptions, 'parent'> = {}): ResourceScope {
    return new ResourceScope({ ...options, parent: this })
  }

  /** Registers `handle` (stopped when the scope is disposed) and returns it, untouched. */
  use<T extends Resource | null | undefined>(handle: T): T {
    if (handle === null || handle === undefined) return handle
    const h = handle as Partial<Stoppable> & Partial<AsyncDisposable>
    if (typeof h.stop !== 'function' && typeof h[Symbol.asyncDispose] !== 'function') {
      throw new TypeError(`${this.name}: use() takes a handle with stop() or [Symbol.asyncDispose]()`)
    }
    if (this.entries.some((e) => e.kind === 'handle' && e.handle === handle)) return handle
    this.add({ kind: 'handle', handle })
    return handle
  }

  /** Registers a callback run at disposal (in its place in the reverse order); `what` names it should it fail. */
  defer(fn: () => unknown, what = 'a deferred stop'): void {
    this.add({ kind: 'fn', fn, what })
  }

  /** Registers `value` with how to release it; returns `value`. */
  adopt<T>(value: T, onDispose: (value: T) => unknown, what = `${String(value)}`): T {
    this.add({ kind: 'fn', fn: () => onDispose(value), what })
    return value
  }

  /**
   * Takes `handle` out of the scope without stopping it (its owner hands it over, e.g. a container
   * whose started handle replaces the bare id registered while it started). False when it was not
   * there (or its stop has begun).
   */
  release(handle: object): boolean {
    const at = this.entries.findIndex((e) => e.kind === 'handle' && e.handle === handle)
    if (at < 0) return false
    this.entries.splice(at, 1)
    return true
  }

  /**
   * Stops everything registered, last first, each once; then waits for stops of things registered
   * since (bounded by the same timeout). Idempotent: a second call waits for the first and resolves.
   * One failure is rethrown as it is; several as a ScopeDisposeError (first as `cause`).
   */
  dispose(reason?: unknown): Promise<void> {
    return this.disposeWithin(reason, Date.now() + this.budgetMs())
  }

  /** The time disposal may take from now: the timeout, plus the allowance for each thing to stop. */
  private budgetMs(things = this.thingsToStop()): number {
    return this.timeoutMs + this.perStopMs * things
  }

  /** Handles and callbacks in this scope and every scope under it. */
  private thingsToStop(): number {
    let count = 0
    for (const entry of this.entries) count += entry.kind === 'child' ? entry.scope.thingsToStop() : 1
    return count
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose()
  }

  /**
   * Disposes, and hands any stop failure up instead of throwing it: for an owner whose result
   * stands whatever its stops did (a case's rows, a probe's row, a storm's figures). The parent's
   * dispose() then throws it with its own, so whoever owns the run (the CLI) reports what was left
   * running. Never throws.
   */
  async disposeHandingUp(): Promise<void> {
    try {
      await this.dispose()
    } catch (error) {
      this.handUp(error)
    }
  }

  /**
   * Gives `error` (a stop that failed below) to the nearest scope above that has not finished
   * disposing. Above the root (a library caller whose root is never disposed) it becomes a process
   * warning: reported, never dropped.
   */
  private handUp(error: unknown): void {
    for (let scope = this.parent; scope; scope = scope.parent) {
      if (scope.finished || (scope === rootScope && !scope.disposed)) continue
      scope.handedUp.push(error)
      return
    }
    process.emitWarning(`could not stop everything: ${messageOf(error)}`, { type: 'ResourceScopeWarning' })
  }

  private add(entry: Entry): void {
    if (this.disposing) {
      // Registered while (or after) the scope was disposed: its start was already under way.
      this.stopLate(entry)
      return
    }
    this.entries.push(entry)
  }

  private begin(reason: unknown, deadline: number, batchThings = 0): Promise<unknown[]> {
    if (!this.disposing) {
      this.abortSignal(reason ?? new Error(`${this.name} disposed`))
      // Siblings disposed together share Docker: each is allowed the stops of the whole batch
      // (`batchThings`), or one child's own budget runs out while the batch is still on time.
      this.disposalBudgetMs = this.budgetMs(Math.max(this.thingsToStop(), batchThings))
      this.disposing = this.run(Math.min(deadline, Date.now() + this.disposalBudgetMs)).finally(() => {
        const at = this.parent?.entries.findIndex((e) => e.kind === 'child' && e.scope === this) ?? -1
        if (at >= 0) this.parent!.entries.splice(at, 1)
      })
    }
    return this.disposing
  }

  /** The signal goes down the tree at once; the disposal itself follows the reverse order. */
  private abortSignal(reason: unknown): void {
    if (this.controller.signal.aborted) return
    this.controller.abort(reason)
    for (const entry of this.entries) if (entry.kind === 'child') entry.scope.abortSignal(reason)
  }

  private async run(deadline: number): Promise<unknown[]> {
    const errors: unknown[] = []
    while (this.entries.length > 0) {
      const remaining = deadline - Date.now()
      // Out of time (something hung): the order can no longer be kept, but every stop still runs.
      const overdue = remaining <= 0
      const batch = overdue ? this.entries.splice(0).reverse() : this.nextBatch()
      const wait = overdue ? OVERDUE_GRACE_MS : remaining
      const done = new Set<Entry>()
      const batchThings = batch.reduce((sum, entry) => sum + (entry.kind === 'child' ? entry.scope.thingsToStop() : 1), 0)
      const settled = Promise.allSettled(
        batch.map((entry) =>
          this.stopEntry(entry, deadline, batchThings).then(
            () => void done.add(entry),
            (error: unknown) => {
              done.add(entry)
              // A child scope's errors already name what failed; a handle's own error does not.
              errors.push(entry.kind === 'child' ? error : new StopError(this.name, label(entry), error))
            },
          ),
        ),
      )
      let timer: NodeJS.Timeout | undefined
      const timedOut = await Promise.race([
        settled.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), wait)
          timer.unref()
        }),
      ])
      clearTimeout(timer)
      if (timedOut) {
        for (const entry of batch) {
          if (!done.has(entry)) errors.push(new StopError(this.name, label(entry), undefined, this.disposalBudgetMs))
        }
      }
    }
    // What owners below handed up (a case's, a probe's stop failures): this scope's owner hears of them.
    errors.push(...this.handedUp.splice(0))
    return errors
  }

  /** The top entry, or the run of adjacent concurrent children on top. */
  private nextBatch(): Entry[] {
    const isConcurrentChild = (e: Entry | undefined) => e?.kind === 'child' && e.scope.concurrent
    if (!isConcurrentChild(this.entries.at(-1))) return [this.entries.pop()!]
    const batch: Entry[] = []
    while (isConcurrentChild(this.entries.at(-1))) batch.push(this.entries.pop()!)
    return batch
  }

  private stopEntry(entry: Entry, deadline: number, batchThings = 0): Promise<unknown> {
    switch (entry.kind) {
      case 'handle':
        return stopOnce(entry.handle)
      case 'fn':
        return Promise.resolve().then(entry.fn)
      case 'child':
        return entry.scope.disposeWithin(this.signal.reason, deadline, batchThings)
    }
  }

  /**
   * Disposes by `deadline` (a child disposed by its parent gets at most what is left of the
   * parent's time); `batchThings`: what the batch this scope is stopped in holds in all.
   */
  private async disposeWithin(reason: unknown, deadline: number, batchThings = 0): Promise<void> {
    const first = this.disposing === undefined
    const errors = await this.begin(reason, deadline, batchThings)
    await this.settleLate(deadline)
    if (!first) return
    errors.push(...this.handedUp.splice(0))
    this.finished = true
    if (errors.length === 0) return
    throw errors.length === 1 ? errors[0] : new ScopeDisposeError(this.name, errors)
  }

  private stopLate(entry: Entry): void {
    // Nobody awaits this one directly: a failure is handed up (the scope it came too late for is going).
    const stopping = this.stopEntry(entry, Date.now() + this.timeoutMs).then(
      () => undefined,
      (error: unknown) => {
        const failure = entry.kind === 'child' ? error : new StopError(this.name, label(entry), error)
        if (this.finished) this.handUp(failure)
        else this.handedUp.push(failure)
      },
    )
    for (let scope: ResourceScope | null = this; scope; scope = scope.parent) scope.late.add(stopping)
    void stopping.then(() => {
      for (let scope: ResourceScope | null = this; scope; scope = scope.parent) scope.late.delete(stopping)
    })
  }

  private async settleLate(deadline: number): Promise<void> {
    while (this.late.size > 0) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) return
      let timer: NodeJS.Timeout | undefined
      const timedOut = await Promise.race([
        Promise.allSettled([...this.late]).then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), remaining)
          timer.unref()
        }),
      ])
      clearTimeout(timer)
      if (timedOut) return
    }
  }
}

/**
 * The process's scope: every scope made without a parent lives under it. Disposing it (the CLI's
 * signal handlers, its error path) stops everything still open.
 */
export const rootScope = new ResourceScope({ parent: null, name: 'process' })

/**
 * Aborted once the process is being stopped (the root scope began to dispose). Long loops (the
 * runner, storms) check it so they start nothing new.
 */
export const shutdownSignal: AbortSignal = rootScope.signal

let installed = false

/**
 * Installs SIGINT/SIGTERM handlers that dispose the root scope, then exit (130 / 143); a second
 * signal exits at once. A stop that fails goes to `onStopFailure` (the CLI prints what was left).
 */
export function installSignalHandlers(onStopFailure: (error: unknown) => void): void {
  if (installed) return
  installed = true
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143
    if (rootScope.signal.aborted) process.exit(code)
    void rootScope
      .dispose(new Error(`interrupted by ${signal}`))
      .catch(onStopFailure)
      .finally(() => process.exit(code))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
