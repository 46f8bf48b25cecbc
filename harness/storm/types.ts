import type { OutcomeCode } from '../outcome/codes.ts'
import type { StormCharts } from './charts.ts'
import type { StartedServer } from '../server/types.ts'
import type { SessionServerControl } from '../session/types.ts'
import type { ResourceScope } from '../resource-scope.ts'

// The data part of the options, and its parts, come from the one schema (harness/input/storm-options.ts).
export type { StormAccounts, StormClientKind, StormExpect, StormOutage, StormTarget } from '../input/storm-options.ts'
import type { StormApiOptions, StormClientKind } from '../input/storm-options.ts'

/**
 * runStorm()'s options: the schema's plain data (n, concurrency, rampPerSec, accounts, client,
 * workers, version, target, outage, attemptDeadlineMs, timeBoundMs, namePrefix, expect) plus the
 * live handles below.
 */
export interface StormOptions extends StormApiOptions {
  /**
   * A server this run started (e.g. a container); used as is. Give `session` too when it
   * verifies premium logins, so accounts are issued on the mock it asks.
   */
  server?: StartedServer
  /** The mock session server to issue premium accounts on and put faults into; one is started when absent. */
  session?: SessionServerControl
  /**
   * The caller's scope: what the storm starts (mock, server, client threads) lives in a scope
   * under it, so a run's or a case's disposal (and its report of what would not stop) covers the
   * storm too. Default: the process's root scope.
   */
  scope?: ResourceScope
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
  /**
   * The same logins' latencies as an HDR histogram (microseconds, HdrHistogram's compressed
   * base64 form): what `mergeStormReports` adds up exactly across storm shards.
   */
  latencyHistogram: string
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
