import { isLoopbackHost } from '../bot/loopback.ts'
import { HarnessInputError } from '../errors.ts'
import { faultSchema, parseInput } from '../input/index.ts'
import { isOutcomeCode, type OutcomeCode } from '../outcome/codes.ts'
import { resolveVersion } from '../versions.ts'
import type { StormClientKind, StormOptions, StormOutage, StormTarget } from './types.ts'

export const MAX_STORM_LOGINS = 100_000
export const DEFAULT_CONCURRENCY = 50
export const DEFAULT_ATTEMPT_DEADLINE_MS = 20_000
export const DEFAULT_TIME_BOUND_MS = 120_000

/** The options with defaults filled in and every value checked. */
export interface ResolvedStormOptions {
  n: number
  concurrency: number
  rampPerSec: number | undefined
  /** Weights, normalised to shares that sum to 1. */
  premiumShare: number
  client: StormClientKind
  workers: number
  version: string
  target: StormTarget | undefined
  outage: StormOutage | undefined
  attemptDeadlineMs: number
  timeBoundMs: number
  namePrefix: string
  expectedOutcome: OutcomeCode
  maxFailures: number
  minLoginsPerSec: number | undefined
}

function whole(value: unknown, where: string, min: number, max: number, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new HarnessInputError(`storm ${where}: ${JSON.stringify(value)} is not a whole number from ${min} to ${max}; ${hint}`)
  }
  return value
}

function positive(value: unknown, where: string, hint: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new HarnessInputError(`storm ${where}: ${JSON.stringify(value)} is not a positive number; ${hint}`)
  }
  return value
}

/** Checks storm options and fills in defaults; every problem is a HarnessInputError saying how to fix it. */
export function resolveStormOptions(options: StormOptions): ResolvedStormOptions {
  if (!options || typeof options !== 'object') throw new HarnessInputError('storm: options missing; give at least { n }')
  const n = whole(options.n, 'n', 1, MAX_STORM_LOGINS, 'e.g. n: 200')
  const concurrency = whole(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency', 1, 10_000, 'e.g. concurrency: 50')
  const rampPerSec = options.rampPerSec === undefined ? undefined : positive(options.rampPerSec, 'rampPerSec', 'logins started per second, e.g. 100, or leave it out for no ramp')
  const client = options.client ?? 'light'
  if (client !== 'light' && client !== 'bot') throw new HarnessInputError(`storm client: "${String(client)}" is not a client kind; use light or bot`)
  const workers = whole(options.workers ?? 1, 'workers', 0, 16, 'use 0 (clients in this thread) or 1-16 worker threads')

  let premiumShare: number
  const accounts = options.accounts ?? 'cracked'
  if (accounts === 'cracked') premiumShare = 0
  else if (accounts === 'premium') premiumShare = 1
  else if (typeof accounts === 'object' && accounts !== null) {
    const cracked = accounts.cracked ?? 0
    const premium = accounts.premium ?? 0
    for (const [kind, weight] of Object.entries(accounts)) {
      if (kind !== 'cracked' && kind !== 'premium') throw new HarnessInputError(`storm accounts: "${kind}" is not an account kind; use cracked and/or premium weights, e.g. { cracked: 3, premium: 1 }`)
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw new HarnessInputError(`storm accounts.${kind}: ${JSON.stringify(weight)} must be a weight >= 0`)
    }
    if (cracked + premium <= 0) throw new HarnessInputError('storm accounts: the weights sum to 0; give at least one positive weight, e.g. { cracked: 1 }')
    premiumShare = premium / (cracked + premium)
  } else {
    throw new HarnessInputError(`storm accounts: ${JSON.stringify(accounts)} is not an account mix; use "cracked", "premium" or weights like { cracked: 3, premium: 1 }`)
  }

  if (options.target && options.server) throw new HarnessInputError('storm: give either target (an existing server) or server (a started handle), not both')
  let target: StormTarget | undefined
  if (options.target) {
    const { host, port, version } = options.target
    if (typeof host !== 'string' || !isLoopbackHost(host)) {
      throw new HarnessInputError(`storm target host: "${String(host)}" is not a loopback address; a storm only targets 127.0.0.1, ::1 or localhost (or a container this run started, passed as server)`)
    }
    whole(port, 'target port', 1, 65535, 'the port the server listens on')
    target = { host, port, version: resolveVersion(version, 'storm target version') }
  }
  const version = target?.version ?? options.server?.getVersion() ?? resolveVersion(options.version ?? 'latest', 'storm version')

  let outage: StormOutage | undefined
  if (options.outage) {
    const { faults, forMs, forLogins } = options.outage
    if (!Array.isArray(faults) || faults.length === 0) throw new HarnessInputError('storm outage.faults: give at least one fault, e.g. [{ route: "hasJoined", mode: "delay", delayMs: 2000 }]')
    if (forMs === undefined && forLogins === undefined) throw new HarnessInputError('storm outage: say when it ends with forMs (time) and/or forLogins (logins started under it)')
    if (forMs !== undefined) positive(forMs, 'outage.forMs', 'milliseconds the faults stay in force')
    if (forLogins !== undefined) whole(forLogins, 'outage.forLogins', 1, n, 'logins started while the faults are in force')
    // The same fault rules as a scenario file and the mock: refused here, before any login starts.
    outage = { faults: faults.map((fault, i) => parseInput(faultSchema, fault, `storm outage.faults[${i}]`)), forMs, forLogins }
  }

  const attemptDeadlineMs = whole(options.attemptDeadlineMs ?? DEFAULT_ATTEMPT_DEADLINE_MS, 'attemptDeadlineMs', 100, 600_000, 'each login\'s deadline in ms, e.g. 20000')
  const timeBoundMs = whole(options.timeBoundMs ?? DEFAULT_TIME_BOUND_MS, 'timeBoundMs', 100, 3_600_000, 'the whole storm\'s bound in ms, e.g. 120000')
  const namePrefix = options.namePrefix ?? 'Storm'
  const longest = namePrefix + String(n - 1)
  if (!/^[A-Za-z0-9_]*$/.test(namePrefix) || longest.length > 16) {
    throw new HarnessInputError(`storm namePrefix: "${namePrefix}" with index ${n - 1} gives "${longest}"; names are 1-16 letters, digits or underscores, so use a shorter prefix`)
  }

  const expect = options.expect ?? {}
  const expectedOutcome = expect.outcome ?? 'success'
  if (!isOutcomeCode(expectedOutcome)) throw new HarnessInputError(`storm expect.outcome: "${String(expectedOutcome)}" is not an outcome code`)
  const maxFailures = whole(expect.maxFailures ?? 0, 'expect.maxFailures', 0, n, 'failures still counted as a pass')
  const minLoginsPerSec = expect.minLoginsPerSec === undefined ? undefined : positive(expect.minLoginsPerSec, 'expect.minLoginsPerSec', 'a throughput floor in logins per second')

  return {
    n,
    concurrency,
    rampPerSec,
    premiumShare,
    client,
    workers,
    version,
    target,
    outage,
    attemptDeadlineMs,
    timeBoundMs,
    namePrefix,
    expectedOutcome,
    maxFailures,
    minLoginsPerSec,
  }
}

/**
 * Which logins are premium: spread evenly (login i is premium when the running share crosses a
 * whole number), so a mix storm interleaves kinds instead of sending all of one first.
 */
export function kindOf(index: number, premiumShare: number): 'cracked' | 'premium' {
  return Math.floor((index + 1) * premiumShare) > Math.floor(index * premiumShare) ? 'premium' : 'cracked'
}
