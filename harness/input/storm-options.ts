/**
 * A login storm's options: the scenario's `storm` block and `runStorm()`'s options share these
 * field rules (and the fault rules of fault.ts for the outage), so a storm a scenario file can
 * declare is one the API accepts, with the same messages.
 */
import { z } from 'zod'
import { OUTCOME_CODES } from '../outcome/codes.ts'
import { faultSchema } from './fault.ts'

export const MAX_STORM_LOGINS = 100_000

/** A whole number in range; the message shows the value and a hint (missing: zod's own "required"). */
function whole(min: number, max: number, hint: string) {
  const error = (issue: { input?: unknown }) =>
    issue.input === undefined ? undefined : `${JSON.stringify(issue.input)} is not a whole number from ${min} to ${max}; ${hint}`
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error })
}

function positive(hint: string) {
  const error = (issue: { input?: unknown }) =>
    issue.input === undefined ? undefined : `${JSON.stringify(issue.input)} is not a positive number; ${hint}`
  return z.number({ error }).positive({ error }).refine(Number.isFinite, { error })
}

const n = whole(1, MAX_STORM_LOGINS, 'e.g. n: 200')
const concurrency = whole(1, 10_000, 'e.g. concurrency: 50')
const rampPerSec = positive('logins started per second, e.g. 100, or leave it out for no ramp')
const client = z.enum(['light', 'bot'], { error: (issue) => `${JSON.stringify(issue.input)} is not a client kind; use light or bot` })

/** Which account kinds the storm logs in with: one kind, or weights of a mix (e.g. { cracked: 3, premium: 1 }). */
export const stormAccountsSchema = z.union(
  [
    z.enum(['cracked', 'premium']),
    z
      .strictObject({
        cracked: z.number().min(0, 'must be a weight >= 0').optional(),
        premium: z.number().min(0, 'must be a weight >= 0').optional(),
      })
      .refine(
        (w) => (w.cracked ?? 0) + (w.premium ?? 0) > 0,
        'the weights sum to 0; give at least one positive weight, e.g. { cracked: 1 }',
      ),
  ],
  {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not an account mix; use "cracked", "premium" or weights like { cracked: 3, premium: 1 }`,
  },
)

/**
 * Faults in force at the start of the storm and lifted (every fault reset) after `forMs`, or once
 * the first `forLogins` logins have settled, whichever comes first.
 */
export const stormOutageSchema = z
  .strictObject({
    faults: z.array(faultSchema).min(1, 'give at least one fault, e.g. [{ route: "hasJoined", mode: "delay", delayMs: 2000 }]'),
    forMs: positive('milliseconds the faults stay in force').optional(),
    forLogins: whole(1, MAX_STORM_LOGINS, 'logins started while the faults are in force').optional(),
  })
  .refine(
    (o) => o.forMs !== undefined || o.forLogins !== undefined,
    'say when it ends with forMs (time) and/or forLogins (logins started under it)',
  )

export const stormExpectSchema = z.strictObject({
  /** What every login should end in (default `success`). */
  outcome: z
    .enum(OUTCOME_CODES, {
      error: (issue) => `${JSON.stringify(issue.input)} is not an outcome code; use one of ${OUTCOME_CODES.join(', ')}`,
    })
    .optional(),
  /** Logins whose outcome differs from `outcome` that are still a pass (default 0). */
  maxFailures: whole(0, MAX_STORM_LOGINS, 'failures still counted as a pass').optional(),
  /** Lower bound on throughput (logins reaching `outcome` per second of storm wall time). */
  minLoginsPerSec: positive('a throughput floor in logins per second').optional(),
})

/** Rules across fields: counts of logins cannot exceed the storm's `n`. */
function withinN(
  o: { n: number; outage?: { forLogins?: number | undefined } | undefined; expect?: { maxFailures?: number | undefined } | undefined },
  ctx: z.RefinementCtx,
): void {
  const forLogins = o.outage?.forLogins
  if (forLogins !== undefined && forLogins > o.n)
    ctx.addIssue({
      code: 'custom',
      path: ['outage', 'forLogins'],
      message: `${forLogins} is more than the storm's ${o.n} logins; give at most n`,
    })
  const maxFailures = o.expect?.maxFailures
  if (maxFailures !== undefined && maxFailures > o.n)
    ctx.addIssue({
      code: 'custom',
      path: ['expect', 'maxFailures'],
      message: `${maxFailures} is more than the storm's ${o.n} logins; give at most n`,
    })
}

/** A scenario's `storm` block: a storm against the case's server (see harness/storm), judged as a whole. */
export const stormOptionsSchema = z
  .strictObject({
    n,
    /** Logins in flight at once (default 50). */
    concurrency: concurrency.optional(),
    /** Logins started per second at most (a ramp). */
    rampPerSec: rampPerSec.optional(),
    /** Account kind of every login, or weights of a mix (default cracked). */
    account: stormAccountsSchema.optional(),
    /** light: bare protocol clients (default); bot: mineflayer bots to spawn. */
    client: client.optional(),
    outage: stormOutageSchema.optional(),
    expect: stormExpectSchema.optional(),
  })
  .superRefine(withinN)

/** An existing server to storm (the loopback rule is checked by storm/options.ts, which knows the hosts). */
export const stormTargetSchema = z.strictObject({
  host: z.string(),
  port: whole(1, 65535, 'the port the server listens on'),
  version: z.string(),
})

/**
 * `runStorm()`'s plain-data options (everything but the live handles `server`, `session` and the
 * `onAttempt` callback, which storm/types.ts adds).
 */
export const stormApiOptionsSchema = z
  .strictObject({
    n,
    concurrency: concurrency.optional(),
    rampPerSec: rampPerSec.optional(),
    accounts: stormAccountsSchema.optional(),
    client: client.optional(),
    /** Threads the clients run in; 0 runs them in this thread. */
    workers: whole(0, 16, 'use 0 (clients in this thread) or 1-16 worker threads').optional(),
    version: z.string().optional(),
    target: stormTargetSchema.optional(),
    outage: stormOutageSchema.optional(),
    attemptDeadlineMs: whole(100, 600_000, "each login's deadline in ms, e.g. 20000").optional(),
    timeBoundMs: whole(100, 3_600_000, "the whole storm's bound in ms, e.g. 120000").optional(),
    namePrefix: z.string().optional(),
    expect: stormExpectSchema.optional(),
  })
  .superRefine(withinN)

export type ScenarioStormOptions = z.input<typeof stormOptionsSchema>
export type StormAccounts = z.input<typeof stormAccountsSchema>
export type StormClientKind = z.input<typeof client>
export type StormOutage = z.input<typeof stormOutageSchema>
export type StormTarget = z.input<typeof stormTargetSchema>
export type StormExpect = z.input<typeof stormExpectSchema>
export type StormApiOptions = z.input<typeof stormApiOptionsSchema>
