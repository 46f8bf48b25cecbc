import { describe, expect, it, vi } from 'vitest'
import { ResourceScope, ScopeDisposeError, StopError, stopFailures } from './resource-scope.ts'

/** A handle that records when it is stopped into `log`; `fail` makes its stop reject. */
function handle(name: string, log: string[], fail = false) {
  return {
    name,
    stops: 0,
    async stop() {
      this.stops++
      log.push(name)
      if (fail) throw new Error(`${name} failed`)
    },
  }
}

/** A stop that never finishes (a daemon that hung). */
const hung = { stop: () => new Promise<void>(() => {}) }

describe('ResourceScope', () => {
  it('stops in reverse order, each handle once, and returns the handle untouched', async () => {
    const log: string[] = []
    const scope = new ResourceScope({ parent: null })
    const network = handle('network', log)
    const originalStop = network.stop
    expect(scope.use(network)).toBe(network)
    expect(network.stop).toBe(originalStop)
    scope.use(handle('session', log))
    scope.defer(() => void log.push('deferred'))
    expect(scope.adopt('id-1', (id) => void log.push(`adopted ${id}`))).toBe('id-1')
    scope.use(handle('server', log))
    scope.use(network) // registered twice: still stopped once, in its first place
    await scope.dispose()
    expect(log).toEqual(['server', 'adopted id-1', 'deferred', 'session', 'network'])
    expect(network.stops).toBe(1)
  })

  it('is idempotent: a second dispose (also while the first runs) waits for it and stops nothing again', async () => {
    const log: string[] = []
    const scope = new ResourceScope({ parent: null })
    let release!: () => void
    const slow = { stops: 0, stop: () => (slow.stops++, new Promise<void>((resolve) => (release = resolve))) }
    scope.use(slow)
    const first = scope.dispose()
    let secondDone = false
    const second = scope.dispose().then(() => (secondDone = true))
    await Promise.resolve()
    expect(secondDone).toBe(false)
    release()
    await Promise.all([first, second])
    await scope[Symbol.asyncDispose]()
    expect(slow.stops).toBe(1)
    expect(log).toEqual([])
  })

  it('a handle in two scopes is stopped once, by whichever disposes first', async () => {
    const log: string[] = []
    const a = new ResourceScope({ parent: null })
    const b = new ResourceScope({ parent: null })
    const shared = handle('shared', log)
    a.use(shared)
    b.use(shared)
    await Promise.all([a.dispose(), b.dispose()])
    expect(shared.stops).toBe(1)
  })

  it('takes AsyncDisposable handles, null and undefined; refuses what it cannot stop', async () => {
    const log: string[] = []
    const scope = new ResourceScope({ parent: null })
    scope.use({ [Symbol.asyncDispose]: async () => void log.push('disposable') })
    expect(scope.use(null)).toBeNull()
    expect(scope.use(undefined)).toBeUndefined()
    expect(() => scope.use({} as never)).toThrow(TypeError)
    await scope.dispose()
    expect(log).toEqual(['disposable'])
  })

  it("one failure is rethrown naming what failed to stop (the stop's own error as cause), after the rest were still stopped", async () => {
    const log: string[] = []
    const scope = new ResourceScope({ parent: null, name: 'case' })
    scope.use(handle('first', log))
    scope.use(handle('broken', log, true))
    scope.use(handle('last', log))
    const error = await scope.dispose().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(StopError)
    expect((error as StopError).message).toBe('case: stopping a handle failed: broken failed')
    expect(((error as StopError).cause as Error).message).toBe('broken failed')
    expect(log).toEqual(['last', 'broken', 'first'])
  })

  it('names a handle by its class and its container id, port or URL', async () => {
    class StartedThing {
      getPort = () => 25565
      stop = () => Promise.reject(new Error('EPERM'))
    }
    const scope = new ResourceScope({ parent: null, name: 'run' })
    scope.use(new StartedThing())
    await expect(scope.dispose()).rejects.toThrow('run: stopping StartedThing on port 25565 failed: EPERM')
  })

  it('several failures: the first is the cause and every one is attached', async () => {
    const log: string[] = []
    const scope = new ResourceScope({ parent: null, name: 'case' })
    scope.use(handle('a', log, true))
    scope.use(handle('b', log))
    scope.use(handle('c', log, true))
    const error = await scope.dispose().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ScopeDisposeError)
    const aggregate = error as ScopeDisposeError
    expect(aggregate.errors.map((e) => ((e as Error).cause as Error).message)).toEqual(['c failed', 'a failed'])
    expect((aggregate.cause as Error).message).toBe('case: stopping a handle failed: c failed')
    expect(aggregate.message).toContain('case: 2 stops failed; the first: case: stopping a handle failed: c failed')
    expect(log).toEqual(['c', 'b', 'a'])
  })

  it('a hung stop times out: the error says so and what is left is still stopped', async () => {
    const log: string[] = []
    const scope = new ResourceScope({ parent: null, timeoutMs: 50, perStopMs: 10 })
    scope.use(handle('network', log))
    scope.use(hung)
    scope.use(handle('server', log))
    // The budget: 50 ms, and 10 ms for each of the three things to stop.
    await expect(scope.dispose()).rejects.toThrow(/stopping a handle did not finish in time \(timeout 80 ms\); left running/)
    expect(log).toEqual(['server', 'network'])
  })

  it("siblings stopped together share the batch's allowance: one child's own budget is not cut short by the others' load", async () => {
    const options = { timeoutMs: 10, perStopMs: 10 }
    const run = new ResourceScope({ parent: null, name: 'run', ...options })
    const pool = run.child({ name: 'shared servers', ...options })
    // Ten pairs stopped at once; each stop takes 60 ms (Docker busy with all twenty), past a pair's
    // own 10 + 2 x 10 ms, within the batch's 10 + 20 x 10 ms.
    const slow = () => ({ stop: () => new Promise<void>((resolve) => setTimeout(resolve, 60)) })
    for (let i = 0; i < 10; i++) {
      const pair = pool.child({ name: `pair ${i}`, concurrent: true, ...options })
      pair.use(slow())
      pair.use(slow())
    }
    await expect(run.dispose()).resolves.toBeUndefined()
  })

  it('the time to stop grows with what there is to stop: a slow stop among many is not cut off at the flat timeout', async () => {
    const scope = new ResourceScope({ parent: null, timeoutMs: 20, perStopMs: 20 })
    const pairs = scope.child({ name: 'shared servers' })
    // Ten pairs stopped one after the other, 10 ms each (Docker at heart): 100 ms in all, past the
    // flat 20 ms, within 20 ms + 20 ms for each of the 20 things.
    const slow = { stop: () => new Promise<void>((resolve) => setTimeout(resolve, 5)) }
    for (let i = 0; i < 10; i++) {
      const pair = pairs.child({ name: `pair ${i}` })
      pair.use({ ...slow })
      pair.use({ ...slow })
    }
    await expect(scope.dispose()).resolves.toBeUndefined()
  })

  it('anything registered once disposal began is stopped at once, and a later dispose waits for it', async () => {
    const log: string[] = []
    const scope = new ResourceScope({ parent: null })
    await scope.dispose()
    expect(scope.disposed).toBe(true)
    expect(scope.signal.aborted).toBe(true)
    let release!: () => void
    const late = { stop: () => new Promise<void>((resolve) => (release = () => (log.push('late'), resolve()))) }
    expect(scope.use(late)).toBe(late)
    scope.defer(() => void log.push('late deferred'))
    const again = scope.dispose()
    await Promise.resolve()
    release()
    await again
    expect(log.sort()).toEqual(['late', 'late deferred'])
  })

  it('release() hands a handle over: the scope no longer stops it', async () => {
    const log: string[] = []
    const scope = new ResourceScope({ parent: null })
    const interim = handle('interim', log)
    scope.use(interim)
    expect(scope.release(interim)).toBe(true)
    expect(scope.release(interim)).toBe(false)
    await scope.dispose()
    expect(interim.stops).toBe(0)
  })

  it('disposing a parent disposes its children first (they were made after what they depend on), and aborts their signals at once', async () => {
    const log: string[] = []
    const root = new ResourceScope({ parent: null, name: 'root' })
    root.use(handle('network', log))
    const run = root.child({ name: 'run' })
    run.use(handle('session', log))
    run.use(handle('server', log))
    let signalled = false
    run.signal.addEventListener('abort', () => (signalled = log.length === 0))
    await root.dispose()
    expect(signalled).toBe(true)
    expect(log).toEqual(['server', 'session', 'network'])
    expect(run.disposed).toBe(true)
  })

  it('a child disposed by its owner leaves its parent; its failure goes to the owner only', async () => {
    const log: string[] = []
    const root = new ResourceScope({ parent: null })
    const child = root.child()
    child.use(handle('broken', log, true))
    await expect(child.dispose()).rejects.toThrow('broken failed')
    await expect(root.dispose()).resolves.toBeUndefined()
    expect(log).toEqual(['broken'])
  })

  it("a child's failures reach the parent that disposed it", async () => {
    const log: string[] = []
    const root = new ResourceScope({ parent: null })
    root.child().use(handle('broken', log, true))
    await expect(root.dispose()).rejects.toThrow('broken failed')
  })

  it('a child made under a disposed parent is born disposed: what it is given is stopped at once', async () => {
    const log: string[] = []
    const root = new ResourceScope({ parent: null })
    await root.dispose(new Error('interrupted by SIGINT'))
    const child = root.child()
    expect(child.signal.aborted).toBe(true)
    expect((child.signal.reason as Error).message).toBe('interrupted by SIGINT')
    child.use(handle('late', log))
    // The root's second dispose (the CLI's error path after a signal) waits for it.
    await root.dispose()
    expect(log).toEqual(['late'])
  })

  it('adjacent concurrent children are disposed together; anything else keeps to the reverse order', async () => {
    const log: string[] = []
    const root = new ResourceScope({ parent: null })
    root.use(handle('network', log))
    const gates: Array<() => void> = []
    for (const name of ['case1', 'case2']) {
      root.child({ concurrent: true }).use({
        stop: () =>
          new Promise<void>((resolve) => {
            log.push(`${name} stopping`)
            gates.push(() => (log.push(`${name} stopped`), resolve()))
          }),
      })
    }
    const disposed = root.dispose()
    // Both cases are stopping before either finished, and the network waits for both.
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(log).toEqual(['case2 stopping', 'case1 stopping'])
    for (const open of gates) open()
    await disposed
    expect(log.slice(2)).toEqual(['case2 stopped', 'case1 stopped', 'network'])
  })

  it("a hung child cannot hold up its parent past the parent's timeout", async () => {
    const log: string[] = []
    const root = new ResourceScope({ parent: null, timeoutMs: 50 })
    root.use(handle('network', log))
    root.child().use(hung)
    await expect(root.dispose()).rejects.toThrow(/did not finish in time/)
    expect(log).toEqual(['network'])
  })

  it("an owner that hands its failures up (a case, a probe) does not throw; the parent's dispose does, naming what was left", async () => {
    const log: string[] = []
    const run = new ResourceScope({ parent: null, name: 'run' })
    const probe = run.child({ concurrent: true, name: 'probe premium' })
    probe.use(handle('broken', log, true))
    await expect(probe.disposeHandingUp()).resolves.toBeUndefined()
    const error = await run.dispose().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(stopFailures(error).map((e) => (e as Error).message)).toEqual(['probe premium: stopping a handle failed: broken failed'])
  })

  it('a hung stop handed up reaches the parent as left running', async () => {
    const run = new ResourceScope({ parent: null, name: 'run' })
    const child = run.child({ name: 'case', timeoutMs: 30, perStopMs: 0 })
    child.use(hung)
    await child.disposeHandingUp()
    await expect(run.dispose()).rejects.toThrow('case: stopping a handle did not finish in time (timeout 30 ms); left running')
  })

  it('a late stop that fails after its scope and parent finished goes further up', async () => {
    const top = new ResourceScope({ parent: null, name: 'top' })
    const middle = top.child({ name: 'middle' })
    const leaf = middle.child({ name: 'leaf' })
    await middle.dispose() // leaf with it: both finished
    leaf.use(handle('broken', [], true)) // a start that was under way: stopped at once, and fails
    await leaf.disposeHandingUp()
    await expect(top.dispose()).rejects.toThrow('leaf: stopping a handle failed: broken failed')
  })

  it('with nobody above to tell (a library caller), a failed stop becomes a process warning', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    try {
      const scope = new ResourceScope({ parent: null, name: 'case' })
      await scope.dispose()
      scope.use(handle('late', [], true))
      await expect(scope.dispose()).resolves.toBeUndefined() // a second dispose never throws
      expect(warn).toHaveBeenCalledWith('could not stop everything: case: stopping a handle failed: late failed', {
        type: 'ResourceScopeWarning',
      })
    } finally {
      warn.mockRestore()
    }
  })

  it('a late registration whose stop fails reaches the dispose under way', async () => {
    const parent = new ResourceScope({ parent: null, name: 'run' })
    const child = parent.child({ name: 'case' })
    const disposing = child.dispose()
    child.use(handle('late', [], true))
    await expect(disposing).rejects.toThrow('case: stopping a handle failed: late failed')
  })

  it('is an AsyncDisposable for `await using`: a block leaves nothing running', async () => {
    const log: string[] = []
    {
      await using scope = new ResourceScope({ parent: null })
      scope.use(handle('server', log))
    }
    expect(log).toEqual(['server'])
  })
})
