import mc from 'minecraft-protocol'
import { describe, expect, it } from 'vitest'
import { ResourceScope } from '../resource-scope.ts'
import { ContainerBackend } from '../backends/container.ts'
import type { ServerConfig } from '../server/types.ts'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { validateScenario } from './load.ts'
import type { ScenarioCase } from './matrix.ts'
import { runCases } from './runner.ts'
import { ServerPool, shareKey, unshareableReason } from './server-pool.ts'

const VERSION = '1.20.4'

/** The embedded backend, counting what it starts. */
class CountingBackend extends EmbeddedBackend {
  servers = 0
  mocks = 0
  override async startSessionServer(scope: ResourceScope) {
    this.mocks++
    return super.startSessionServer(scope)
  }
  override async startServer(config: ServerConfig, scope: ResourceScope) {
    this.servers++
    return super.startServer(config, scope)
  }
}

function scenarioCase(input: Record<string, unknown>): ScenarioCase {
  return { scenario: validateScenario(input, 'inline', 'inline.ts'), version: VERSION }
}

async function withPool<T>(
  backend: EmbeddedBackend,
  run: (pool: ServerPool, scope: ResourceScope) => Promise<T>,
  options: ConstructorParameters<typeof ServerPool>[2] = {},
): Promise<T> {
  await using scope = new ResourceScope({ name: 'test run' })
  return await run(new ServerPool(backend, scope.child({ name: 'shared servers' }), options), scope)
}

describe('server reuse (run --reuse)', () => {
  it('runs cases of one config on one server, the mock reset between them: a fault, a revoked token and accounts do not leak into the next case', async () => {
    const backend = new CountingBackend()
    const cases = [
      // Each later case passes only if the one before left nothing on the mock.
      scenarioCase({
        name: 'hasJoined down',
        server: { auth: 'premium' },
        session: { faults: [{ route: 'hasJoined', mode: 'status', status: 503 }] },
        bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'auth_servers_down' }],
      }),
      scenarioCase({
        name: 'healthy again',
        server: { auth: 'premium' },
        bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'success' }],
      }),
      scenarioCase({
        name: 'revoked',
        server: { auth: 'premium' },
        bots: [{ account: { kind: 'revoked', name: 'Alice' }, expect: 'invalid_session' }],
      }),
      scenarioCase({
        name: 'a new token',
        server: { auth: 'premium' },
        bots: [
          { account: { kind: 'premium', name: 'Alice' }, expect: 'success' },
          { account: { kind: 'premium', name: 'Bob' }, expect: 'success' },
        ],
      }),
      scenarioCase({
        name: 'guarded',
        server: { auth: 'guarded' },
        bots: [{ account: { kind: 'cracked', name: 'Carol' }, steps: [{ do: 'waitForChat', pattern: 'register' }], expect: 'success' }],
      }),
    ]
    const { results, stats } = await withPool(backend, async (pool, scope) => ({
      results: await runCases(cases, { backend, scope, pool, concurrency: 1 }),
      stats: pool.summary(),
    }))
    expect(results.map((r) => [r.scenario, r.outcome, r.pass])).toEqual([
      ['hasJoined down', 'auth_servers_down', true],
      ['healthy again', 'success', true],
      ['revoked', 'invalid_session', true],
      ['a new token', 'success', true],
      ['a new token', 'success', true],
      ['guarded', 'success', true],
    ])
    // One shared pair for the four premium cases, one of its own for the guarded case.
    expect([backend.mocks, backend.servers]).toEqual([2, 2])
    expect(stats).toMatchObject({ cases: 4, started: 1, retired: 0 })
    expect([...stats.unshareable]).toEqual([['a password guard keeps its registrations', 1]])
  })

  it('with one server per config, a second case of that config waits for the first, while a case of another config takes the free worker', async () => {
    const backend = new CountingBackend()
    const stay = (name: string, kind = 'premium') => ({ account: { kind, name }, steps: [{ do: 'stay', ms: 300 }], expect: 'success' })
    const cases = [
      scenarioCase({ name: 'premium 1', server: { auth: 'premium' }, bots: [stay('Alice')] }),
      scenarioCase({ name: 'premium 2', server: { auth: 'premium' }, bots: [stay('Alice')] }),
      scenarioCase({ name: 'cracked', server: { auth: 'cracked' }, bots: [stay('Carl', 'cracked')] }),
    ]
    const started: string[] = []
    const results = await withPool(backend, (pool, scope) =>
      runCases(cases, { backend, scope, pool, concurrency: 2, onCaseStart: (c) => started.push(c.scenario.name) }),
    )
    expect(results.every((r) => r.pass)).toBe(true)
    // The second worker skipped "premium 2" (its config's server was busy) for "cracked".
    expect(started).toEqual(['premium 1', 'cracked', 'premium 2'])
    expect(backend.servers).toBe(2)
    // Results stay in case order whatever order the cases ran in.
    expect(results.map((r) => r.scenario)).toEqual(['premium 1', 'premium 2', 'cracked'])
  })

  it('with more servers per config allowed, concurrent cases of one config get a server each', async () => {
    const backend = new CountingBackend()
    const stay = { account: { kind: 'cracked', name: 'Carl' }, steps: [{ do: 'stay', ms: 300 }], expect: 'success' }
    const cases = [1, 2, 3, 4].map((n) => scenarioCase({ name: `cracked ${n}`, server: { auth: 'cracked' }, bots: [stay] }))
    const stats = await withPool(
      backend,
      async (pool, scope) => {
        const results = await runCases(cases, { backend, scope, pool, concurrency: 2 })
        expect(results.every((r) => r.pass)).toBe(true)
        return pool.summary()
      },
      { serversPerConfig: 2 },
    )
    expect(stats).toMatchObject({ cases: 4, started: 2 })
  })

  it('stops a server a player is still on instead of handing it over, and one whose case failed to run', async () => {
    const backend = new CountingBackend()
    await withPool(
      backend,
      async (pool) => {
        const config = (url: string): ServerConfig => ({ auth: 'cracked', version: VERSION, sessionServer: url })
        const first = await pool.acquire(config)
        const lingerer = mc.createClient({
          host: first.server.getHost(),
          port: first.server.getPort(),
          username: 'Lingerer',
          version: VERSION,
          auth: 'offline',
        })
        try {
          await new Promise<void>((resolve, reject) => {
            lingerer.once('login', () => resolve())
            lingerer.once('error', reject)
            lingerer.once('end', (reason) => reject(new Error(`ended before joining: ${reason}`)))
          })
          await first.release(true)
        } finally {
          lingerer.end()
        }
        expect(pool.summary()).toMatchObject({ started: 1, retired: 1 })
        // Stopped: nobody listens there any more.
        await expect(
          mc.ping({ host: first.server.getHost(), port: first.server.getPort(), version: VERSION, closeTimeout: 2000 }),
        ).rejects.toThrow()

        const second = await pool.acquire(config)
        expect(second.reused).toBe(false)
        await second.release(false)
        const third = await pool.acquire(config)
        expect(third.reused).toBe(false)
        await third.release(true)
        const fourth = await pool.acquire(config)
        expect(fourth.reused).toBe(true)
        expect(fourth.server).toBe(third.server)
        await fourth.release(true)
        expect(pool.summary()).toMatchObject({ cases: 4, started: 3, retired: 2 })
      },
      { drainTimeoutMs: 500 },
    )
  })

  it('a case waiting for a busy server gives up when the run stops (Ctrl-C), and everything is stopped', async () => {
    const backend = new CountingBackend()
    const scope = new ResourceScope({ name: 'test run' })
    const pool = new ServerPool(backend, scope.child({ name: 'shared servers' }))
    const config = (url: string): ServerConfig => ({ auth: 'cracked', version: VERSION, sessionServer: url })
    const busy = await pool.acquire(config)
    const waiting = pool.acquire(config)
    await scope.dispose()
    await expect(waiting).rejects.toThrow(/the run is stopping/)
    await expect(
      mc.ping({ host: busy.server.getHost(), port: busy.server.getPort(), version: VERSION, closeTimeout: 2000 }),
    ).rejects.toThrow()
    await busy.release(true)
  })
})

describe('what may be shared', () => {
  it('keys a config by every field but the mock URL, in any key order', () => {
    const a: ServerConfig = {
      auth: 'premium',
      version: VERSION,
      sessionServer: 'http://a',
      properties: { onlineMode: true, maxPlayers: 5 },
    }
    const b: ServerConfig = {
      properties: { maxPlayers: 5, onlineMode: true },
      sessionServer: 'http://b',
      version: VERSION,
      auth: 'premium',
    }
    expect(shareKey(a)).toBe(shareKey(b))
    expect(shareKey(a)).not.toBe(shareKey({ ...a, version: '1.8.8' }))
    expect(shareKey(a)).not.toBe(shareKey({ ...a, whitelist: ['Alice'] }))
  })

  it('never shares a guard, operators, or (on containers) plugins not declared stateless or a configure() hook', () => {
    const embedded = new EmbeddedBackend()
    const base: ServerConfig = { auth: 'cracked', version: VERSION }
    expect(unshareableReason(base, embedded)).toBeUndefined()
    expect(unshareableReason({ ...base, auth: 'guarded', guard: { kind: 'authme' } }, embedded)).toMatch(/guard/)
    expect(unshareableReason({ ...base, lists: { ops: [{ uuid: '0'.repeat(32), name: 'Op' }] } }, embedded)).toMatch(/operators/)

    const withPlugin = new ContainerBackend({ plugins: ['/x/my-plugin.jar'] })
    expect(unshareableReason(base, withPlugin)).toMatch(/my-plugin\.jar.*--stateless-plugins/)
    expect(unshareableReason(base, new ContainerBackend({ plugins: ['/x/my-plugin.jar'], statelessPlugins: true }))).toBeUndefined()
    expect(
      unshareableReason({ ...base, container: { plugins: ['/x/other.jar'], statelessPlugins: true } }, new ContainerBackend()),
    ).toBeUndefined()
    expect(unshareableReason({ ...base, container: { plugins: ['/x/other.jar'] } }, new ContainerBackend())).toMatch(/other\.jar/)
    expect(unshareableReason(base, new ContainerBackend({ configure: () => {} }))).toMatch(/configure/)
    expect(unshareableReason(base, new ContainerBackend())).toBeUndefined()
  })
})
