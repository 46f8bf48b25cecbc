import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { ResourceScope } from '../resource-scope.ts'
import { HarnessInputError } from '../errors.ts'
import { EmbeddedMinecraftServer } from '../server/embedded-server.ts'
import { MockSessionServer } from '../session/mock-session-server.ts'
import { kindOf, resolveStormOptions } from './options.ts'
import { runStorm } from './run-storm.ts'
import { LatencyHistogram, summarizeLatency } from './stats.ts'
import type { StormOptions } from './types.ts'

const VERSION = '1.20.4'

describe('runStorm', () => {
  it('logs 50 cracked light clients in through a worker thread with no failure', async () => {
    const seen: number[] = []
    const report = await runStorm({ n: 50, concurrency: 20, version: VERSION, onAttempt: (r) => seen.push(r.index) })
    expect(report.failureSamples).toEqual([])
    expect(report.failures).toBe(0)
    expect(report.outcomes).toEqual({ success: 50 })
    expect(report.byKind).toEqual({ cracked: 50, premium: 0 })
    expect(report.ok).toBe(50)
    expect(report.started).toBe(50)
    expect(report.workers).toBe(1)
    expect(report.target).toMatchObject({ version: VERSION, auth: 'cracked', startedByStorm: true })
    expect(report.loginsPerSec).toBeGreaterThan(0)
    expect(report.latencyMs.p50).toBeLessThanOrEqual(report.latencyMs.p95)
    expect(report.latencyMs.p95).toBeLessThanOrEqual(report.latencyMs.max)
    expect(report.pass).toBe(true)
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('issues premium accounts on the mock and mixes kinds on a premium server: cracked ones are refused', async () => {
    const report = await runStorm({ n: 40, concurrency: 20, version: VERSION, workers: 0, accounts: { cracked: 1, premium: 3 } })
    expect(report.byKind).toEqual({ cracked: 10, premium: 30 })
    expect(report.target.auth).toBe('premium')
    // A cracked client cannot pass an online-mode server's hasJoined: vanilla's unverified-name kick.
    expect(report.outcomes).toEqual({ success: 30, unverified_username: 10 })
    expect(report.failureSamples.every((f) => f.kind === 'cracked' && f.outcome === 'unverified_username')).toBe(true)
    expect(report.pass).toBe(false)
    expect(report.reasons[0]).toMatch(/10 of 40 logins did not end in success/)
  })

  it("premium logins present the key each player's launcher already holds: one certificate per account, fetched before the clock", async () => {
    await using session = await new MockSessionServer().start()
    const report = await runStorm({ n: 12, concurrency: 6, version: VERSION, accounts: 'premium', session })
    expect(report.outcomes).toEqual({ success: 12 })
    const routes = (await session.journal()).map((entry) => entry.route)
    // A fetch per login as well would make 24: the storm would time the mock's signing.
    expect(routes.filter((route) => route === 'certificates')).toHaveLength(12)
    expect(routes.filter((route) => route === 'join')).toHaveLength(12)
  })

  it('rehearses an outage: the first logins meet the failing session server, the rest get in after it recovers', async () => {
    const report = await runStorm({
      n: 30,
      concurrency: 10,
      version: VERSION,
      accounts: 'premium',
      outage: { faults: [{ route: 'hasJoined', mode: 'status', status: 503 }], forLogins: 10 },
      expect: { maxFailures: 10 },
    })
    expect(report.outcomes).toEqual({ auth_servers_down: 10, success: 20 })
    expect(report.failureSamples.map((f) => f.index)).toEqual(Array.from({ length: 10 }, (_, i) => i))
    expect(report.outage).toMatchObject({ faults: 1, loginsUnderFault: 10 })
    expect(report.outage!.liftedAtMs).not.toBeNull()
    expect(report.pass).toBe(true)
  })

  it('storms an existing server on loopback and leaves it running', async () => {
    await using server = await new EmbeddedMinecraftServer()
      .withAuth('cracked')
      .withVersion(VERSION)
      .withProperties({ maxPlayers: 100 })
      .start()
    const report = await runStorm({ n: 20, concurrency: 10, target: { host: server.getHost(), port: server.getPort(), version: VERSION } })
    expect(report.outcomes).toEqual({ success: 20 })
    expect(report.target).toEqual({
      host: server.getHost(),
      port: server.getPort(),
      version: VERSION,
      auth: 'unknown',
      startedByStorm: false,
    })
    // Still serving after the storm.
    const again = await runStorm({ n: 1, target: { host: server.getHost(), port: server.getPort(), version: VERSION } })
    expect(again.outcomes).toEqual({ success: 1 })
  })

  it("lives in its caller's scope: disposing that scope stops the storm's own servers and starts no more logins", async () => {
    const caller = new ResourceScope({ parent: null, name: 'caller' })
    let stopped: Promise<void> | undefined
    const report = await runStorm({
      n: 200,
      concurrency: 1,
      workers: 0,
      version: VERSION,
      scope: caller,
      // The first settled login ends the caller (as a run that is interrupted or over).
      onAttempt: () => void (stopped ??= caller.dispose()),
    })
    await stopped
    expect(report.started).toBeLessThan(200)
    expect(report.reasons.join('; ')).toContain("stopped: the storm's scope was disposed")
    // The storm's own server went with the caller's scope.
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(report.target.port, report.target.host)
      socket.once('connect', () => (socket.destroy(), resolve('connected')))
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
  })

  it('runs mineflayer bots to spawn', async () => {
    const report = await runStorm({ n: 10, concurrency: 10, version: VERSION, client: 'bot' })
    expect(report.outcomes).toEqual({ success: 10 })
    expect(report.client).toBe('bot')
  })

  it('bots join a server that answers within the millisecond mineflayer takes to inject its plugins', async () => {
    // A ramp leaves the client thread idle, so the server (another thread) answers at once.
    const report = await runStorm({ n: 30, concurrency: 5, rampPerSec: 100, client: 'bot', version: VERSION })
    expect(report.failureSamples.map((f) => f.events)).toEqual([])
    expect(report.outcomes).toEqual({ success: 30 })
  })

  it('ramps: no more than rampPerSec logins start per second', async () => {
    const report = await runStorm({ n: 6, concurrency: 6, rampPerSec: 20, version: VERSION, workers: 0 })
    expect(report.outcomes).toEqual({ success: 6 })
    // Six starts at 20/s span at least 250 ms (starts at 0, 50, ..., 250 ms).
    expect(report.elapsedMs).toBeGreaterThanOrEqual(250)
  })
})

describe('storm options', () => {
  const bad: Array<[string, StormOptions, RegExp]> = [
    ['n of 0', { n: 0 }, /storm › n: 0 is not a whole number from 1/],
    ['fractional concurrency', { n: 5, concurrency: 2.5 }, /storm › concurrency: 2.5 is not a whole number/],
    ['unknown client', { n: 5, client: 'tank' as never }, /storm › client: "tank" is not a client kind/],
    ['non-loopback target', { n: 5, target: { host: '192.168.1.10', port: 25565, version: VERSION } }, /not a loopback address/],
    ['unknown version', { n: 5, version: '0.0.1' }, /storm version: "0.0.1" is not a supported version/],
    ['a mix without weight', { n: 5, accounts: { cracked: 0, premium: 0 } }, /weights sum to 0/],
    [
      'an unknown account kind',
      { n: 5, accounts: { pirate: 1 } as never },
      /storm › accounts: unknown field "pirate"; allowed: cracked, premium/,
    ],
    ['an outage without an end', { n: 5, outage: { faults: [{ route: 'join', mode: 'hang' }] } }, /say when it ends/],
    ['a name prefix that makes long names', { n: 1000, namePrefix: 'AVeryLongPrefix' }, /use a shorter prefix/],
    ['a negative ramp', { n: 5, rampPerSec: -1 }, /storm › rampPerSec: -1 is not a positive number/],
    [
      'an outage fault the mock cannot answer',
      { n: 5, outage: { faults: [{ route: 'join', mode: 'status', status: 302 }], forMs: 100 } },
      /storm › outage\.faults\[0\]\.status: status 302 is a redirect/,
    ],
    [
      'more outage logins than logins',
      { n: 5, outage: { faults: [{ route: 'join', mode: 'hang' }], forLogins: 6 } },
      /storm › outage\.forLogins: 6 is more than the storm's 5 logins/,
    ],
    ['an unknown expected outcome', { n: 5, expect: { outcome: 'joined' as never } }, /"joined" is not an outcome code/],
  ]
  it.each(bad)('refuses %s with a HarnessInputError', async (_label, options, message) => {
    expect(() => resolveStormOptions(options)).toThrow(HarnessInputError)
    expect(() => resolveStormOptions(options)).toThrow(message)
    await expect(runStorm(options)).rejects.toBeInstanceOf(HarnessInputError)
  })

  it('spreads a mix evenly', () => {
    const kinds = Array.from({ length: 8 }, (_, i) => kindOf(i, 0.25))
    expect(kinds.filter((k) => k === 'premium')).toHaveLength(2)
    expect(kinds.slice(0, 4).filter((k) => k === 'premium')).toHaveLength(1)
  })
})

describe('stats', () => {
  it('takes percentiles from an HDR histogram, to 3 significant digits', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    const h = LatencyHistogram.of(values)
    expect(h.percentileMs(50)).toBeCloseTo(50, 1)
    expect(h.percentileMs(95)).toBeCloseTo(95, 1)
    expect(h.percentileMs(100)).toBeCloseTo(100, 1)
    expect(summarizeLatency([5, 1, 3])).toEqual({ p50: 3, p95: 5, p99: 5, max: 5, mean: 3 })
    expect(summarizeLatency([])).toEqual({ p50: 0, p95: 0, p99: 0, max: 0, mean: 0 })
  })
})
