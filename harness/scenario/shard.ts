/**
 * `run --shard i/n`: which of the run's cases this machine runs. Every machine computes the same
 * split from the same case list, so n machines given 1/n … n/n run every case exactly once. The
 * split balances *expected* cost, read from each scenario's own fields (a login that waits out a
 * timeout, a container start, a storm), never from timings of the machine at hand: a timing would
 * differ between machines and so would the split.
 */
import { HarnessInputError } from '../errors.ts'
import type { BackendName } from '../backends/backend.ts'
import { DEFAULT_HAS_JOINED_TIMEOUT_MS } from '../input/server-config.ts'
import { AUTHME_PROMPT_DELAY_MS } from '../input/authme-settings.ts'
import type { ScenarioCase } from './matrix.ts'
import type { ScenarioBot } from './schema.ts'

export interface Shard {
  /** 1-based, as written on the command line. */
  index: number
  total: number
}

export const MAX_SHARDS = 1000

/** "2/3" -> { index: 2, total: 3 }; anything else is bad input naming the flag. */
export function parseShard(text: string, flag = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const example = `e.g. ${flag} 1/3 on the first of three machines, ${flag} 3/3 on the last`
  if (!match) throw new HarnessInputError(`${flag} ${JSON.stringify(text)} is not a shard; give <index>/<total>, ${example}`)
  const index = Number(match[1])
  const total = Number(match[2])
  if (total < 1 || total > MAX_SHARDS) throw new HarnessInputError(`${flag} ${text}: the total must be 1 to ${MAX_SHARDS}; ${example}`)
  if (index < 1 || index > total)
    throw new HarnessInputError(`${flag} ${text}: the index must be 1 to ${total} (shards count from 1); ${example}`)
  return { index, total }
}

export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.total}`
}

/**
 * Rough expected costs in milliseconds. Only their ratios matter to the split, and they are fixed
 * here (not measured) so every machine agrees: a server start per case (a container is a process
 * and a JVM or Node start; an embedded server is a socket), and a login per bot.
 */
export const COST_MS = {
  serverStart: { embedded: 100, container: 8_000 },
  login: { embedded: 100, container: 400 },
} as const satisfies Record<string, Record<BackendName, number>>

/**
 * The expected cost of one case on `backend`: its server start, then each bot's login (or the
 * wait its expectation says it waits out, when longer), then its storm. Deliberate waits the
 * scenario declares are counted: `afterMs` (the bot waits at least that long), a `hang` fault on
 * hasJoined (the server gives up after its hasJoined timeout), a `delay` fault (per login), and on
 * a password-guarded server AuthMe's first prompt, which a bot that waits for chat waits for
 * (AuthMe sends it 2 s after the join).
 */
export function caseCost(c: ScenarioCase, backend: BackendName): number {
  const { scenario } = c
  const login = COST_MS.login[backend]
  const { hangMs, delayMs } = mockWaits(c)
  const guarded = scenario.server.auth === 'guarded' || scenario.server.guard !== undefined
  const botCost = (bot: ScenarioBot) => {
    const afterMs = typeof bot.expect === 'string' ? 0 : (bot.expect.afterMs ?? 0)
    const premium = bot.account.kind !== 'cracked' && bot.account.kind !== 'impersonator'
    const promptMs = guarded && (bot.steps ?? []).some((step) => step.do === 'waitForChat') ? AUTHME_PROMPT_DELAY_MS : 0
    return Math.max(login + delayMs + promptMs, afterMs, premium ? hangMs : 0)
  }
  let cost = COST_MS.serverStart[backend] + scenario.bots.reduce((sum, bot) => sum + botCost(bot), 0)
  const storm = scenario.storm
  if (storm) {
    // Logins go in waves of `concurrency`, each at least a login plus any delay in force, and the
    // waves under an outage its delay too; a ramp can make it longer; an outage lasts at least its forMs.
    const concurrency = storm.concurrency ?? 50
    const waves = Math.ceil(storm.n / concurrency)
    const outage = storm.outage
    const outageWaves = outage ? Math.min(waves, Math.ceil((outage.forLogins ?? storm.n) / concurrency)) : 0
    const outageDelayMs = Math.max(0, ...(outage?.faults ?? []).map((f) => (f.mode === 'delay' ? (f.delayMs ?? 0) : 0)))
    const byWaves = waves * (login + delayMs) + outageWaves * outageDelayMs
    const byRamp = storm.rampPerSec ? (storm.n / storm.rampPerSec) * 1000 : 0
    cost += Math.max(byWaves, byRamp, outage?.forMs ?? 0)
  }
  return cost
}

/**
 * The waits a case's mock faults make its premium logins wait: a hasJoined that never answers is
 * waited out for the server's timeout (authlib's default) when the server verifies sessions, and
 * `delay` faults add up per login.
 */
export function mockWaits(c: ScenarioCase): { hangMs: number; delayMs: number } {
  const { scenario } = c
  const faults = scenario.session?.faults ?? []
  const verifiesSessions = scenario.server.auth === 'premium'
  const touchesHasJoined = (route: string) => route === 'hasJoined' || route === '*'
  const hangMs =
    verifiesSessions && faults.some((f) => f.mode === 'hang' && touchesHasJoined(f.route))
      ? (scenario.server.hasJoinedTimeoutMs ?? DEFAULT_HAS_JOINED_TIMEOUT_MS)
      : 0
  const delayMs = faults.reduce((sum, f) => sum + (f.mode === 'delay' ? (f.delayMs ?? 0) : 0), 0)
  return { hangMs, delayMs }
}

/**
 * The case that starts alone (the first the runner picks), or undefined when all start together.
 * On one thread every case's start shares the CPU: 8 cases compiling their versions' protocols and
 * starting servers and bots at once put a case's first login about 8 times later. That costs
 * nothing to a short case, but the longest one (authlib's 5 s hang) ends the run: its wait should
 * begin as soon as it can, and the others fit inside it. So the longest case starts alone when its
 * cost is a wait on its mock (a hang or a delay fault, which the mock reports as it begins) and at
 * least the other cases' share of the workers; the rest start when that wait begins, when the lead
 * case ends, or after the runner's HEAD_START_CAP_MS, whichever comes first. Only embedded: a
 * container's server starts in its own process, so the cases do not compete for this thread.
 */
export function leadCase(cases: readonly ScenarioCase[], backend: BackendName, concurrency: number): ScenarioCase | undefined {
  if (backend !== 'embedded' || concurrency < 2 || cases.length < 2) return undefined
  const lead = cases[longestFirst(cases, backend)[0]!]!
  const { hangMs, delayMs } = mockWaits(lead)
  if (hangMs + delayMs === 0) return undefined
  const costs = cases.map((c) => caseCost(c, backend))
  const leadCost = caseCost(lead, backend)
  const othersShare = (costs.reduce((sum, cost) => sum + cost, 0) - leadCost) / (concurrency - 1)
  return leadCost >= othersShare ? lead : undefined
}

export interface ShardPlan {
  /** Indexes into the run's case list, per shard (shard i at [i - 1]), each ascending. */
  shards: number[][]
  /** Expected cost per shard, same order. */
  costs: number[]
}

/**
 * Indexes into `cases`, longest expected cost first; cases of equal cost keep their order in the
 * run's list (files sorted, scenarios in file order, versions in order). The runner starts cases
 * in this order, so the long waits (authlib's 5 s, a storm) overlap the many short logins instead
 * of starting last and stretching the run; the shard split hands them out in the same order.
 */
export function longestFirst(cases: readonly ScenarioCase[], backend: BackendName): number[] {
  const costs = cases.map((c) => caseCost(c, backend))
  return cases.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b)
}

/**
 * Splits the cases into `total` shards of near-equal expected cost: longest first, each to the
 * shard with the least cost so far (ties: the lower shard). That greedy rule (LPT) keeps the
 * largest shard within 4/3 of the best split possible, and is deterministic: cases of equal cost
 * keep their order in the run's list (files sorted, scenarios in file order, versions in order).
 */
export function planShards(cases: readonly ScenarioCase[], total: number, backend: BackendName): ShardPlan {
  const costs = cases.map((c) => caseCost(c, backend))
  const order = longestFirst(cases, backend)
  const shards: number[][] = Array.from({ length: total }, () => [])
  const load: number[] = new Array(total).fill(0)
  for (const i of order) {
    let lightest = 0
    for (let s = 1; s < total; s++) if (load[s]! < load[lightest]!) lightest = s
    shards[lightest]!.push(i)
    load[lightest]! += costs[i]!
  }
  for (const shard of shards) shard.sort((a, b) => a - b)
  return { shards, costs: load }
}

/** This shard's cases, in the run's order. */
export function selectShard<C extends ScenarioCase>(cases: readonly C[], shard: Shard, backend: BackendName): C[] {
  return planShards(cases, shard.total, backend).shards[shard.index - 1]!.map((i) => cases[i]!)
}
