import type { OutcomeCode } from '../outcome/codes.ts'
import type { StormCharts } from './charts.ts'
import type { StartedServer } from '../server/types.ts'
import type { FaultSpec, SessionServerControl } from '../session/types.ts'

/** Which account kinds the storm logs in with: one kind, or weights of a mix (e.g. { cracked: 3, premium: 1 }). */
export type StormAccounts = 'cracked' | 'premium' | { cracked?: number; premium?: number }

/** Light: a bare minecraft-protocol client, joined at the first play packet. Bot: a full mineflayer bot to spawn. */
export type StormClientKind = 'light' | 'bot'

/**
 * Faults in force at the start of the storm and lifted (every fault reset) after `forMs`, or once
 * the first `forLogins` logins have settled (no later login starts before that, so exactly those
 * meet the faults), whichever comes first: "the session server was slow, then recovered" while
 * everyone reconnects.
 */
export interface StormOutage {
  faults: FaultSpec[]
  forMs?: number
  forLogins?: number
}

/** An existing server to storm. Loopback only: the harness never sends traffic elsewhere. */
export interface StormTarget {
  host: string
  port: number
  version: string
}

export interface StormExpect {
  /** What every login should end in (default `success`). */
  outcome?: OutcomeCode
  /** Logins whose outcome differs from `outcome` that are still a pass (default 0). */
  maxFailures?: number
  /** Lower bound on throughput (logins reaching `outcome` per second of storm wall time). */
  minLoginsPerSec?: number
}

export interface StormOptions {
  /** Logins to fire (1 ... 100 000). */
  n: number
  /** Logins in flight at once (default 50). */
  concurrency?: number
  /** Logins started per second at most (a ramp); unlimited when absent. */
  rampPerSec?: number
  accounts?: StormAccounts
  client?: StormClientKind
  /**
   * Threads the clients run in. 0 runs them in this thread; the default 1 runs them in one worker
   * thread so the server (in this thread) and the clients each get a core.
   */
  workers?: number
  /** Version of the storm's own server (default `latest`); with `target`, the target's version wins. */
  version?: string
  /** Storm an existing server (loopback) instead of starting an embedded one. */
  target?: StormTarget
  /**
   * A server this run started (e.g. a container); used as is. Give `session` too when it
   * verifies premium logins, so accounts are issued on the mock it asks.
   */
  server?: StartedServer
  /** The mock session server to issue premium accounts on and put faults into; one is started when absent. */
  session?: SessionServerControl
  outage?: StormOutage
  /** Each login's own deadline (default 20 000 ms); past it its outcome is `timeout`. */
  attemptDeadlineMs?: number
  /** The whole storm's bound (default 120 000 ms): no login starts after it, and those in flight are cut at it. */
  timeBoundMs?: number
  /** Prefix of generated player names (default `Storm`); names are prefix + index, at most 16 characters. */
  namePrefix?: string
  expect?: StormExpect
  /** Called after each login settles (progress displays). */
  onAttempt?: (result: StormAttemptResult) => void
}

export interface StormAttemptResult {
  index: number
  name: string
  kind: 'cracked' | 'premium'
  outcome: OutcomeCode
  message: string
  joined: boolean
  /** From the client's first byte to the decisive event. */
  ms: number
  /** The raw events, kept for failures only (for debugging). */
  events?: string[]
}

export interface LatencySummary {
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

export interface StormReport {
  target: { host: string; port: number; version: string; auth: string; startedByStorm: boolean }
  client: StormClientKind
  workers: number
  n: number
  concurrency: number
  rampPerSec: number | null
  /** Logins started (less than n only when the time bound stopped the storm). */
  started: number
  notStarted: number
  /** Logins that reached the expected outcome. */
  ok: number
  /** Started logins whose outcome differed from the expected one. */
  failures: number
  expectedOutcome: OutcomeCode
  /** From the first login's start to the last one's end. */
  elapsedMs: number
  /** `ok` per second of `elapsedMs`. */
  loginsPerSec: number
  /** Over logins that reached the expected outcome. */
  latencyMs: LatencySummary
  outcomes: Partial<Record<OutcomeCode, number>>
  /** Binned latency and outcome-over-time data (the HTML report draws them). */
  charts?: StormCharts
  byKind: { cracked: number; premium: number }
  /** The first failures (at most 20), with their events. */
  failureSamples: StormAttemptResult[]
  /** Growth of this process's RSS during the storm per login in flight at the peak (clients, and the server when embedded). */
  rssPerBotMb: number
  peakRssMb: number
  outage: { faults: number; liftedAtMs: number | null; loginsUnderFault: number } | null
  timeBoundHit: boolean
  /** Expectation verdict; reasons say what missed. */
  pass: boolean
  reasons: string[]
}
