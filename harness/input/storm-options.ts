import { z } from 'zod'
import { OUTCOME_CODES } from '../outcome/codes.ts'
import { faultSchema } from './fault.ts'

/** Faults in force for the storm's first `forMs` or first `forLogins` logins, then reset. */
export const stormOutageSchema = z
  .strictObject({
    faults: z.array(faultSchema).min(1, 'give at least one fault, e.g. [{ route: "hasJoined", mode: "delay", delayMs: 2000 }]'),
    forMs: z.number().int().min(1).optional(),
    forLogins: z.number().int().min(1).optional(),
  })
  .refine((o) => o.forMs !== undefined || o.forLogins !== undefined, 'say when the outage ends with forMs (time) and/or forLogins (logins started under it)')

/** A login storm against the case's server (see harness/storm): N logins at once, judged as a whole. */
export const stormOptionsSchema = z.strictObject({
  n: z.number().int().min(1).max(100_000),
  /** Logins in flight at once (default 50). */
  concurrency: z.number().int().min(1).max(10_000).optional(),
  /** Logins started per second at most (a ramp). */
  rampPerSec: z.number().positive().optional(),
  /** Account kind of every login, or weights of a mix (default cracked). */
  account: z.union([z.enum(['cracked', 'premium']), z.strictObject({ cracked: z.number().min(0).optional(), premium: z.number().min(0).optional() })]).optional(),
  /** light: bare protocol clients (default); bot: mineflayer bots to spawn. */
  client: z.enum(['light', 'bot']).optional(),
  outage: stormOutageSchema.optional(),
  expect: z
    .strictObject({
      outcome: z.enum(OUTCOME_CODES).optional(),
      maxFailures: z.number().int().min(0).optional(),
      minLoginsPerSec: z.number().positive().optional(),
    })
    .optional(),
})

export type ScenarioStormOptions = z.input<typeof stormOptionsSchema>
