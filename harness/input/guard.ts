import { z } from 'zod'

/**
 * An AuthMe-style password guard (defaults are AuthMe's): one rule for the scenario file,
 * `withGuard()`, `--guard-timeout-ms` of `server` and `check`, and the guard itself.
 */
const RANGE = "must be a whole number of milliseconds from 0 (never kick, as AuthMe's timeout: 0) to 600000; AuthMe's default is 30000"

export const guardTimeoutSchema = z.number({ error: RANGE }).int(RANGE).min(0, RANGE).max(600_000, RANGE)

const perIp = (key: string) => {
  const text = `must be a whole number from 0 (no limit) to 1000; AuthMe's settings.restrictions.${key}`
  return z.number({ error: text }).int(text).min(0, text).max(1000, text)
}
const whole = (what: string, max: number) => {
  const text = `must be a whole number of ${what} from 0 to ${max}`
  return z.number({ error: text }).int(text).min(0, text).max(max, text)
}

/**
 * AuthMe's AntiBot (Protection.* in its config.yml): true = AuthMe's defaults (listens 60 s after
 * start, 11 unregistered joins with gaps of at most 5 s turn it on for 10 minutes), false = off,
 * or the settings to change. The harness turns it off unless a scenario sets it.
 */
export const antiBotSchema = z.union([
  z.boolean(),
  z.strictObject({
    /** Protection.antiBotDelay (60). */
    delaySeconds: whole('seconds', 3600).optional(),
    /** Protection.antiBotInterval (5). */
    intervalSeconds: whole('seconds', 3600).optional(),
    /** Protection.antiBotSensibility (10). */
    sensibility: whole('joins', 10_000).optional(),
    /** Protection.antiBotDuration (10). */
    durationMinutes: whole('minutes', 1440).optional(),
  }),
])

const guardShape = {
  kind: z.literal('authme'),
  /** Kick after this long without a successful /login or /register (AuthMe: 30 s; 0: never). */
  timeoutMs: guardTimeoutSchema.optional(),
  kickOnWrongPassword: z.boolean().optional(),
  kickNonRegistered: z.boolean().optional(),
  /** AuthMe's AntiBot; off in harness runs unless set (AuthMe's own default is on). */
  antiBot: antiBotSchema.optional(),
  /** Registrations per address; 0 in harness runs unless set (AuthMe's own default is 1; loopback is exempt). */
  maxRegPerIp: perIp('maxRegPerIp').optional(),
  /** Logged-in players per address (AuthMe: 0, no limit; loopback is exempt). */
  maxLoginPerIp: perIp('maxLoginPerIp').optional(),
  /** Online players per address (AuthMe: 0, no limit; loopback is exempt). */
  maxJoinPerIp: perIp('maxJoinPerIp').optional(),
  /** Refuse the new login of a name already online (AuthMe: true). */
  forceSingleSession: z.boolean().optional(),
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
