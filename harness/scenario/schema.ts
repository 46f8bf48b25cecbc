import { z } from 'zod'
import { isLoopbackHost } from '../bot/loopback.ts'
import { OUTCOME_CODES } from '../outcome/codes.ts'

/**
 * The scenario file format. Strict objects everywhere: a misspelt field is an error, not a
 * silently ignored option, because a scenario that quietly tests less is worse than none.
 */

const name = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,16}$/, 'a Minecraft name: 1-16 letters, digits or underscores')

const faultSchema = z.strictObject({
  route: z.enum(['join', 'hasJoined', 'authenticate', 'profile', 'certificates', '*']),
  mode: z.enum(['status', 'delay', 'hang', 'reset', 'malformed', 'down']),
  status: z.number().int().min(100).max(599).optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  times: z.number().int().min(1).optional(),
  username: name.optional(),
})

const accountSchema = z.discriminatedUnion('kind', [
  /** A premium account the mock session server issues; the bot logs in with its token. */
  z.strictObject({ kind: z.literal('premium'), name }),
  /** A premium account whose token was revoked before the bot uses it ("logged in elsewhere"). */
  z.strictObject({ kind: z.literal('revoked'), name }),
  /** A premium account signed in again by another launcher after the bot got its token (Mojang: the older token dies). */
  z.strictObject({ kind: z.literal('loggedInElsewhere'), name }),
  /** An offline client under any name. */
  z.strictObject({ kind: z.literal('cracked'), name }),
  /** An offline client using the name of a premium account (created on the mock). */
  z.strictObject({ kind: z.literal('impersonator'), name }),
])

const stepSchema = z.discriminatedUnion('do', [
  z.strictObject({ do: z.literal('chat'), text: z.string().min(1).max(256) }),
  z.strictObject({
    do: z.literal('waitForChat'),
    pattern: z.string().min(1),
    timeoutMs: z.number().int().min(1).max(120_000).optional(),
  }),
  z.strictObject({ do: z.literal('stay'), ms: z.number().int().min(0).max(120_000) }),
  z.strictObject({ do: z.literal('expectKick'), timeoutMs: z.number().int().min(1).max(120_000).optional() }),
])

const outcomeCode = z.enum(OUTCOME_CODES)

const expectSchema = z.union([
  outcomeCode,
  z.strictObject({
    outcome: outcomeCode,
    /** Exact English text the player sees, or a RegExp it must match. */
    message: z.union([z.string(), z.instanceof(RegExp)]).optional(),
    /** Upper bound on the attempt's duration, e.g. "kicked at the 2 s timeout, not at 30 s". */
    withinMs: z.number().int().min(1).optional(),
    /** Lower bound, e.g. "the hang was waited out, not failed fast". */
    afterMs: z.number().int().min(0).optional(),
  }),
])

const botSchema = z.strictObject({
  /** Label in reports; defaults to the account name. */
  name: z.string().min(1).max(64).optional(),
  account: accountSchema,
  steps: z.array(stepSchema).optional(),
  /** Deadline for the whole attempt (default 20 s); past it the outcome is `timeout`. */
  deadlineMs: z.number().int().min(100).max(300_000).optional(),
  /**
   * The session server this bot's launcher calls `join` on (premium kinds); by default the
   * scenario's mock. A loopback URL of your own, e.g. a closed port for "my launcher is offline".
   */
  sessionServer: z
    .url({ protocol: /^https?$/ })
    .refine((url) => isLoopbackHost(new URL(url).hostname), 'must be a loopback URL (127.0.0.1, localhost or [::1]): bots send nothing beyond this machine')
    .optional(),
  expect: expectSchema,
})

const propertiesSchema = z.strictObject({
  onlineMode: z.boolean().optional(),
  whiteList: z.boolean().optional(),
  enforceWhitelist: z.boolean().optional(),
  maxPlayers: z.number().int().min(0).max(100_000).optional(),
  preventProxyConnections: z.boolean().optional(),
  enforceSecureProfile: z.boolean().optional(),
})

const guardSchema = z.strictObject({
  kind: z.literal('authme'),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  kickOnWrongPassword: z.boolean().optional(),
  kickNonRegistered: z.boolean().optional(),
  registered: z.record(z.string(), z.string()).optional(),
})

const serverSchema = z.strictObject({
  auth: z.enum(['premium', 'cracked', 'guarded']),
  /** A server.properties file (relative to the scenario file); `properties` fields override it. */
  propertiesFile: z.string().min(1).optional(),
  properties: propertiesSchema.optional(),
  whitelist: z.array(name).optional(),
  bannedNames: z.array(name).optional(),
  bannedIps: z.array(z.string()).optional(),
  guard: guardSchema.optional(),
  loginDeadlineMs: z.number().int().min(100).max(600_000).optional(),
  hasJoinedTimeoutMs: z.number().int().min(100).max(60_000).optional(),
})

/** A login storm against the case's server (see harness/storm): N logins at once, judged as a whole. */
const stormSchema = z.strictObject({
  n: z.number().int().min(1).max(100_000),
  /** Logins in flight at once (default 50). */
  concurrency: z.number().int().min(1).max(10_000).optional(),
  /** Logins started per second at most (a ramp). */
  rampPerSec: z.number().positive().optional(),
  /** Account kind of every login, or weights of a mix (default cracked). */
  account: z.union([z.enum(['cracked', 'premium']), z.strictObject({ cracked: z.number().min(0).optional(), premium: z.number().min(0).optional() })]).optional(),
  /** light: bare protocol clients (default); bot: mineflayer bots to spawn. */
  client: z.enum(['light', 'bot']).optional(),
  /** Faults in force for the storm's first `forMs` or first `forLogins` logins, then reset. */
  outage: z
    .strictObject({
      faults: z.array(faultSchema).min(1),
      forMs: z.number().int().min(1).optional(),
      forLogins: z.number().int().min(1).optional(),
    })
    .optional(),
  expect: z
    .strictObject({
      outcome: outcomeCode.optional(),
      maxFailures: z.number().int().min(0).optional(),
      minLoginsPerSec: z.number().positive().optional(),
    })
    .optional(),
})

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).max(120),
  description: z.string().optional(),
  server: serverSchema,
  session: z
    .strictObject({
      /** Premium accounts to create up front besides those the bots name. */
      accounts: z.array(name).optional(),
      /** Faults in force from the start, msw style. */
      faults: z.array(faultSchema).optional(),
    })
    .optional(),
  /** Versions this scenario runs on: a list, "latest" or "all". `--versions` overrides. */
  versions: z.union([z.array(z.string().min(1)).min(1), z.literal('all'), z.literal('latest')]).optional(),
  /** Bots run one after another; a scenario with a storm may have none. */
  bots: z.array(botSchema).default([]),
  storm: stormSchema.optional(),
}).refine((s) => s.bots.length > 0 || s.storm !== undefined, {
  message: 'has nothing to run: give at least one bot (or a storm)',
})

export type ScenarioInput = z.input<typeof scenarioSchema>
export type Scenario = z.output<typeof scenarioSchema>
export type ScenarioBot = Scenario['bots'][number]
export type ScenarioExpect = ScenarioBot['expect']
export type ScenarioAccount = ScenarioBot['account']
export type ScenarioStorm = NonNullable<Scenario['storm']>
