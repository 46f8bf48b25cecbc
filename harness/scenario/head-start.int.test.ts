import { describe, expect, it } from 'vitest'
import { ResourceScope } from '../resource-scope.ts'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { validateScenario } from './load.ts'
import type { ScenarioCase } from './matrix.ts'
import { runCases } from './runner.ts'

const VERSION = '1.20.4'

/** The embedded backend, noting when any of its mocks begins holding a request. */
class WatchingBackend extends EmbeddedBackend {
  holds: number[] = []
  override async startSessionServer(scope: ResourceScope) {
    const session = await super.startSessionServer(scope)
    session.onHold?.(() => this.holds.push(performance.now()))
    return session
  }
}

function scenarioCase(input: Record<string, unknown>): ScenarioCase {
  return { scenario: validateScenario(input, 'inline', 'inline.ts'), version: VERSION }
}

const hang = scenarioCase({
  name: 'hasJoined hangs',
  server: { auth: 'premium', hasJoinedTimeoutMs: 1500 },
  session: { faults: [{ route: 'hasJoined', mode: 'hang' }] },
  bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'auth_servers_down' }],
})
const cracked = (name: string) =>
  scenarioCase({ name, server: { auth: 'cracked' }, bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }] })

describe("the runner's head start (shard.ts leadCase)", () => {
  it('starts the other cases only once the lead case is held by its hanging hasJoined, and they fit inside its wait', async () => {
    const backend = new WatchingBackend()
    const starts = new Map<string, number>()
    const ends = new Map<string, number>()
    await using scope = new ResourceScope({ name: 'test run' })
    const results = await runCases([cracked('one'), cracked('two'), hang], {
      backend,
      scope,
      concurrency: 3,
      onCaseStart: (c) => starts.set(c.scenario.name, performance.now()),
      onResult: (r) => ends.set(r.scenario, performance.now()),
    })
    expect(results.map((r) => [r.scenario, r.pass, r.outcome])).toEqual([
      ['one', true, 'success'],
      ['two', true, 'success'],
      ['hasJoined hangs', true, 'auth_servers_down'],
    ])
    expect(backend.holds).toHaveLength(1)
    const held = backend.holds[0]!
    expect(starts.get('hasJoined hangs')!).toBeLessThan(held)
    // Without the head start all three start together, before the lead's hasJoined is asked.
    expect(starts.get('one')!).toBeGreaterThanOrEqual(held)
    expect(starts.get('two')!).toBeGreaterThanOrEqual(held)
    expect(ends.get('two')!).toBeLessThan(ends.get('hasJoined hangs')!)
  })

  it('starts them all together when the longest case waits on nothing the mock holds', async () => {
    const backend = new WatchingBackend()
    const starts: number[] = []
    await using scope = new ResourceScope({ name: 'test run' })
    const down = scenarioCase({
      name: 'hasJoined answers 503',
      server: { auth: 'premium' },
      session: { faults: [{ route: 'hasJoined', mode: 'status', status: 503 }] },
      bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'auth_servers_down' }],
    })
    await runCases([down, cracked('one'), cracked('two')], {
      backend,
      scope,
      concurrency: 3,
      onCaseStart: () => starts.push(performance.now()),
    })
    expect(backend.holds).toEqual([])
    expect(starts).toHaveLength(3)
    // All three were started in the same turn, before any case could have reached its server.
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(50)
  })
})
