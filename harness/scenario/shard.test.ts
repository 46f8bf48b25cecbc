import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { AUTHME_PROMPT_DELAY_MS } from '../input/authme-settings.ts'
import { builtinScenariosDir } from './builtin.ts'
import { validateScenario, loadScenarios } from './load.ts'
import { expandCases, type ScenarioCase } from './matrix.ts'
import { caseCost, COST_MS, leadCase, longestFirst, parseShard, planShards, selectShard } from './shard.ts'

const scenario = (input: Record<string, unknown>, name = 'a case'): ScenarioCase => ({
  scenario: validateScenario(
    { name, server: { auth: 'premium' }, bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'success' }], ...input },
    'test',
    'test.ts',
  ),
  version: '1.20.4',
})
const plain = scenario({})

describe('parseShard', () => {
  it('reads <index>/<total>', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 })
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 })
  })

  it('refuses what is not a shard, saying what to give', () => {
    expect(() => parseShard('2')).toThrow(HarnessInputError)
    expect(() => parseShard('2')).toThrow('--shard "2" is not a shard; give <index>/<total>, e.g. --shard 1/3')
    expect(() => parseShard('0/3')).toThrow('--shard 0/3: the index must be 1 to 3 (shards count from 1)')
    expect(() => parseShard('4/3')).toThrow('--shard 4/3: the index must be 1 to 3')
    expect(() => parseShard('1/0')).toThrow('--shard 1/0: the total must be 1 to 1000')
    expect(() => parseShard('a/b')).toThrow('is not a shard')
  })
})

describe("caseCost: from the scenario's own fields", () => {
  it('a container start costs more than an embedded one', () => {
    expect(caseCost(plain, 'container')).toBeGreaterThan(caseCost(plain, 'embedded'))
    expect(caseCost(plain, 'embedded')).toBe(COST_MS.serverStart.embedded + COST_MS.login.embedded)
  })

  it('a login whose expectation waits out a timeout costs that wait', () => {
    const idle = scenario({ bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: { outcome: 'kicked', afterMs: 1400 } }] })
    expect(caseCost(idle, 'embedded')).toBe(COST_MS.serverStart.embedded + 1400)
  })

  it("a hanging hasJoined costs the server's hasJoined timeout for each premium bot, authlib's 5 s by default", () => {
    const hang = { session: { faults: [{ route: 'hasJoined', mode: 'hang' }] } }
    expect(caseCost(scenario(hang), 'embedded')).toBe(COST_MS.serverStart.embedded + 5000)
    expect(caseCost(scenario({ ...hang, server: { auth: 'premium', hasJoinedTimeoutMs: 2000 } }), 'embedded')).toBe(
      COST_MS.serverStart.embedded + 2000,
    )
    // Cracked servers never ask hasJoined: the hang costs nothing there.
    const cracked = scenario({
      ...hang,
      server: { auth: 'cracked' },
      bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],
    })
    expect(caseCost(cracked, 'embedded')).toBe(
      caseCost(
        scenario({ server: { auth: 'cracked' }, bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }] }),
        'embedded',
      ),
    )
  })

  it("a bot that waits for a password guard's prompt costs AuthMe's 2 s before it", () => {
    const prompted = (steps: unknown[]) =>
      scenario({ server: { auth: 'guarded' }, bots: [{ account: { kind: 'cracked', name: 'Steve' }, steps, expect: 'success' }] })
    const login = COST_MS.serverStart.embedded + COST_MS.login.embedded
    expect(
      caseCost(
        prompted([
          { do: 'waitForChat', pattern: '/login' },
          { do: 'chat', text: '/login pw' },
        ]),
        'embedded',
      ),
    ).toBe(login + AUTHME_PROMPT_DELAY_MS)
    expect(caseCost(prompted([]), 'embedded')).toBe(login)
  })

  it('a storm costs its waves of logins, its ramp, or its outage, whichever is longest', () => {
    const storm = (s: Record<string, unknown>) =>
      caseCost(scenario({ bots: [], storm: { n: 100, ...s } }), 'embedded') - COST_MS.serverStart.embedded
    expect(storm({ concurrency: 10 })).toBe(10 * COST_MS.login.embedded)
    expect(storm({ concurrency: 100, rampPerSec: 20 })).toBe(5000)
    expect(storm({ concurrency: 10, outage: { faults: [{ route: 'hasJoined', mode: 'delay', delayMs: 500 }], forLogins: 40 } })).toBe(
      10 * COST_MS.login.embedded + 4 * 500,
    )
    expect(storm({ concurrency: 100, outage: { faults: [{ route: 'hasJoined', mode: 'down' }], forMs: 9000 } })).toBe(9000)
  })
})

describe('planShards', () => {
  const builtin = async (versions?: string) => expandCases(await loadScenarios([builtinScenariosDir()]), versions)

  it('puts every case in exactly one shard, for 1 to 7 shards, both backends', async () => {
    const cases = await builtin('1.8.8,1.12.2,1.20.4')
    for (const backend of ['embedded', 'container'] as const) {
      for (let total = 1; total <= 7; total++) {
        const { shards } = planShards(cases, total, backend)
        expect(shards).toHaveLength(total)
        expect(shards.flat().sort((a, b) => a - b)).toEqual(cases.map((_, i) => i))
      }
    }
  })

  it('is deterministic: the same split from an equal case list built anew (another machine)', async () => {
    const a = planShards(await builtin('all'), 4, 'embedded')
    const b = planShards(await builtin('all'), 4, 'embedded')
    expect(b).toEqual(a)
    // A shard's cases come back in the run's order.
    for (const shard of a.shards) expect(shard).toEqual([...shard].sort((x, y) => x - y))
  })

  it('balances expected cost: the largest shard within 4/3 of the best split possible', async () => {
    const cases = await builtin('all')
    for (const backend of ['embedded', 'container'] as const) {
      const costs = cases.map((c) => caseCost(c, backend))
      const sum = costs.reduce((a, b) => a + b, 0)
      for (const total of [2, 3, 5, 8]) {
        const plan = planShards(cases, total, backend)
        // No split beats the average shard nor the longest single case.
        const bound = Math.max(sum / total, Math.max(...costs))
        expect(Math.max(...plan.costs), `${total} shards on ${backend}`).toBeLessThanOrEqual((4 / 3) * bound)
        expect(plan.costs.reduce((a, b) => a + b, 0)).toBe(sum)
      }
    }
  })

  it('splits cases of equal cost by count, at most one apart', () => {
    const cases = Array.from({ length: 10 }, (_, i) => scenario({}, `case ${i}`))
    const sizes = planShards(cases, 3, 'embedded').shards.map((s) => s.length)
    expect(sizes).toEqual([4, 3, 3])
  })

  it('the longest case goes alone when it outweighs the rest: the 5 s hang is not paired with the storm', async () => {
    const cases = await builtin()
    const shards = [1, 2, 3].map((index) => selectShard(cases, { index, total: 3 }, 'embedded').map((c) => c.scenario.name))
    const hang = shards.find((s) => s.some((n) => n.includes('hangs until authlib gives up')))!
    expect(hang.some((n) => n.includes('100 premium players reconnect'))).toBe(false)
  })

  it('more shards than cases: the extra shards are empty', () => {
    const { shards } = planShards([plain, plain], 4, 'embedded')
    expect(shards).toEqual([[0], [1], [], []])
  })
})

describe('longestFirst: the order the runner starts cases in', () => {
  it('longest expected first, cases of equal cost in the run order', () => {
    const hang = scenario({ session: { faults: [{ route: 'hasJoined', mode: 'hang' }] } }, 'hang')
    const delayed = scenario({ session: { faults: [{ route: 'join', mode: 'delay', delayMs: 300 }] } }, 'delayed')
    const cases = [plain, hang, scenario({}, 'another'), delayed]
    expect(longestFirst(cases, 'embedded')).toEqual([1, 3, 0, 2])
  })

  it("starts the built-in suite's longest waits first: authlib's 5 s hang, AuthMe's two prompts, the storm after the outage", async () => {
    const cases = expandCases(await loadScenarios([builtinScenariosDir()]))
    const first = longestFirst(cases, 'embedded')
      .slice(0, 3)
      .map((i) => cases[i]!.scenario.name)
    expect(first).toEqual([
      expect.stringContaining('hangs until authlib gives up'),
      'guarded: register, then log in again',
      expect.stringContaining('players reconnect'),
    ])
  })
})

describe('leadCase: the case that starts alone, until its wait on the mock begins', () => {
  const hang = scenario({ session: { faults: [{ route: 'hasJoined', mode: 'hang' }] } }, 'hang')
  const delay = scenario({ session: { faults: [{ route: 'hasJoined', mode: 'delay', delayMs: 3000 }] } }, 'delay')
  const shorts = Array.from({ length: 6 }, (_, i) => scenario({}, `short ${i}`))

  it('is the longest case when a mock wait makes it the critical path of the run', () => {
    expect(leadCase([...shorts, hang], 'embedded', 8)).toBe(hang)
    expect(leadCase([delay, ...shorts], 'embedded', 8)).toBe(delay)
  })

  it('is none when the longest case is long for another reason than its mock', () => {
    const idle = scenario({ bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: { outcome: 'kicked', afterMs: 9000 } }] })
    expect(leadCase([...shorts, idle], 'embedded', 8)).toBeUndefined()
    // A hang a cracked server never meets is no wait at all.
    const crackedHang = scenario({
      server: { auth: 'cracked' },
      session: { faults: [{ route: 'hasJoined', mode: 'hang' }] },
      bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],
    })
    expect(leadCase([...shorts, crackedHang], 'embedded', 8)).toBeUndefined()
  })

  it('is none when the other cases outweigh it on the workers they share', () => {
    const many = Array.from({ length: 400 }, (_, i) => scenario({}, `short ${i}`))
    expect(caseCost(hang, 'embedded') * 7).toBeLessThan(many.reduce((sum, c) => sum + caseCost(c, 'embedded'), 0))
    expect(leadCase([...many, hang], 'embedded', 8)).toBeUndefined()
  })

  it('is none on the container backend, alone, or without concurrency', () => {
    expect(leadCase([...shorts, hang], 'container', 8)).toBeUndefined()
    expect(leadCase([hang], 'embedded', 8)).toBeUndefined()
    expect(leadCase([...shorts, hang], 'embedded', 1)).toBeUndefined()
  })

  it("is the built-in suite's authlib hang", async () => {
    const cases = expandCases(await loadScenarios([builtinScenariosDir()]))
    expect(leadCase(cases, 'embedded', 8)?.scenario.name).toBe('outage: hasJoined hangs until authlib gives up (5 s)')
  })
})
