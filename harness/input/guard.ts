import { z } from 'zod'

/**
 * An AuthMe-style password guard (defaults are AuthMe's): one rule for the scenario file,
 * `withGuard()`, `--guard-timeout-ms` of `server` and `check`, and the guard itself.
 */
const RANGE = 'must be a whole number of milliseconds from 0 (never kick, as AuthMe\'s timeout: 0) to 600000; AuthMe\'s default is 30000'

export const guardTimeoutSchema = z
  .number({ error: RANGE })
  .int(RANGE)
  .min(0, RANGE)
  .max(600_000, RANGE)

const guardShape = {
  kind: z.literal('authme'),
  /** Kick after this long without a successful /login or /register (AuthMe: 30 s; 0: never). */
  timeoutMs: guardTimeoutSchema.optional(),
  kickOnWrongPassword: z.boolean().optional(),
  kickNonRegistered: z.boolean().optional(),
  /** Pre-registered players: name -> password. */
  registered: z.record(z.string(), z.string()).optional(),
}

/** The guard as a scenario declares it. */
export const guardSchema = z.strictObject(guardShape)

/** The guard as the API takes it: a scenario's fields plus a file to keep registrations in. */
export const guardOptionsSchema = z.strictObject({
  ...guardShape,
  /** Keep registrations in this JSON file so a restart keeps them; in memory when absent. */
  storeFile: z.string().min(1, 'storeFile must not be empty; leave it out to keep registrations in memory').optional(),
})

export type ScenarioGuard = z.input<typeof guardSchema>
export type GuardOptions = z.input<typeof guardOptionsSchema>
