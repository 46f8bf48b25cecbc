import { isLoopbackHost } from '../bot/loopback.ts'
import { HarnessInputError } from '../errors.ts'
import { MAX_STORM_LOGINS, parseInput, stormApiOptionsSchema } from '../input/index.ts'
import type { OutcomeCode } from '../outcome/codes.ts'
import { resolveVersion } from '../versions.ts'
import type { StormClientKind, StormOptions, StormOutage, StormTarget } from './types.ts'

export { MAX_STORM_LOGINS }
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

/** Checks storm options and fills in defaults; every problem is a HarnessInputError saying how to fix it. */
export function resolveStormOptions(options: StormOptions): ResolvedStormOptions {
  if (!options || typeof options !== 'object') throw new HarnessInputError('storm: options missing; give at least { n }')
  // The live handles are not data; everything else gets the schema a scenario's storm block gets.
  const { server: _server, session: _session, onAttempt: _onAttempt, scope: _scope, ...data } = options
  const parsed = parseInput(stormApiOptionsSchema, data, 'storm')
  const n = parsed.n
  const concurrency = parsed.concurrency ?? DEFAULT_CONCURRENCY
  const rampPerSec = parsed.rampPerSec
  const client = parsed.client ?? 'light'
  const workers = parsed.workers ?? 1
  const accounts = parsed.accounts ?? 'cracked'
  const premiumShare =
    accounts === 'cracked' ? 0 : accounts === 'premium' ? 1 : (accounts.premium ?? 0) / ((accounts.cracked ?? 0) + (accounts.premium ?? 0))

  if (options.target && options.server)
    throw new HarnessInputError('storm: give either target (an existing server) or server (a started handle), not both')
  let target: StormTarget | undefined
  if (options.target) {
    const { host, port, version } = parsed.target!
    if (!isLoopbackHost(host)) {
      throw new HarnessInputError(
        `storm target host: "${String(host)}" is not a loopback address; a storm only targets 127.0.0.1, ::1 or localhost (or a container this run started, passed as server)`,
      )
    }
    target = { host, port, version: resolveVersion(version, 'storm target version') }
  }
  const version = target?.version ?? options.server?.getVersion() ?? resolveVersion(options.version ?? 'latest', 'storm version')

  const outage: StormOutage | undefined = parsed.outage

  const attemptDeadlineMs = parsed.attemptDeadlineMs ?? DEFAULT_ATTEMPT_DEADLINE_MS
  const timeBoundMs = parsed.timeBoundMs ?? DEFAULT_TIME_BOUND_MS
  const namePrefix = parsed.namePrefix ?? 'Storm'
  const longest = namePrefix + String(n - 1)
  if (!/^[A-Za-z0-9_]*$/.test(namePrefix) || longest.length > 16) {
    throw new HarnessInputError(
      `storm namePrefix: "${namePrefix}" with index ${n - 1} gives "${longest}"; names are 1-16 letters, digits or underscores, so use a shorter prefix`,
    )
  }

  const expectedOutcome = parsed.expect?.outcome ?? 'success'
  const maxFailures = parsed.expect?.maxFailures ?? 0
  const minLoginsPerSec = parsed.expect?.minLoginsPerSec

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
