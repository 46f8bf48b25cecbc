import { z } from 'zod'

/** An AuthMe-style password guard as a scenario declares it (defaults are AuthMe's). */
export const guardSchema = z.strictObject({
  kind: z.literal('authme'),
  /** Kick after this long without a successful /login or /register (AuthMe: 30 s). */
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  kickOnWrongPassword: z.boolean().optional(),
  kickNonRegistered: z.boolean().optional(),
  /** Pre-registered players: name -> password. */
  registered: z.record(z.string(), z.string()).optional(),
})

export type ScenarioGuard = z.input<typeof guardSchema>
