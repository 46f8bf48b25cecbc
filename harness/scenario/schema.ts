import { z } from 'zod'
import { isLoopbackHost } from '../bot/loopback.ts'
import { OUTCOME_CODES } from '../outcome/codes.ts'
import {
  cookieKey,
  cookieValue,
  botAccountSchema,
  faultSchema,
  forgedHandshakeSchema,
  proxySchema,
  minecraftName,
  serverConfigSchema,
  stepSchema,
  stormOptionsSchema,
} from '../input/index.ts'
import { containerServerSchema } from './container-schema.ts'

/**
 * The scenario file format. Strict objects everywhere: a misspelt field is an error, not a
 * silently ignored option, because a scenario that quietly tests less is worse than none.
 * The parts (faults, steps, accounts, server, storm) are the shared schemas of harness/input,
 * the same the mock's admin API and the builders parse with.
 */

const outcomeCode = z.enum(OUTCOME_CODES)

const expectSchema = z.union([
  outcomeCode,
  z.strictObject({
    outcome: outcomeCode,
    /** Exact English text the player sees, or a RegExp it must match. */
    message: z.union([z.string(), z.instanceof(RegExp)]).optional(),
    /**
     * The text is exactly what the server's platform and version send for `outcome` (vanilla's
     * "white-listed", Paper's "whitelisted"), looked up in the classifier's tables.
     */
    platformText: z.literal(true).optional(),
    /** Upper bound on the attempt's duration, e.g. "kicked at the 2 s timeout, not at 30 s". */
    withinMs: z.number().int().min(1).optional(),
    /** Lower bound, e.g. "the hang was waited out, not failed fast". */
    afterMs: z.number().int().min(0).optional(),
    /** The UUID the server gave the player at login success (dashed or not), e.g. an operator's taken by a forged handshake. */
    uuid: z
      .string()
      .regex(/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/, 'a UUID (32 hex digits, dashes optional)')
      .optional(),
  }),
])

const botSchema = z.strictObject({
  /** Label in reports; defaults to the account name. */
  name: z.string().min(1).max(64).optional(),
  account: botAccountSchema,
  steps: z.array(stepSchema).optional(),
  /** Deadline for the whole attempt (default 20 s); past it the outcome is `timeout`. */
  deadlineMs: z.number().int().min(100).max(300_000).optional(),
  /**
   * The session server this bot's launcher calls `join` on (premium kinds); by default the
   * scenario's mock. A loopback URL of your own, e.g. a closed port for "my launcher is offline".
   */
  sessionServer: z
    .url({ protocol: /^https?$/ })
    .refine(
      (url) => isLoopbackHost(new URL(url).hostname),
      'must be a loopback URL (127.0.0.1, localhost or [::1]): bots send nothing beyond this machine',
    )
    .optional(),
  /**
   * The loopback address the bot's game connection comes from (default 127.0.0.1), e.g. 127.0.0.2:
   * a second player's address, or an address Paper before 1.21.5 does not exempt from its
   * connection throttle. IPv4 127.0.0.0/8 only (Linux routes the whole range to loopback).
   */
  sourceAddress: z
    .string()
    .regex(
      /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/,
      'must be an IPv4 loopback address such as 127.0.0.2: bots connect only from this machine',
    )
    .refine((ip) => ip.split('.').every((part) => Number(part) <= 255), 'each part of the address must be 0-255')
    .optional(),
  /**
   * With a `proxy`: `proxy` (the default) logs in through it; `backend` connects straight to a
   * backend around it (the scenario's server, or the one named by `backend`).
   */
  via: z.enum(['proxy', 'backend']).optional(),
  /** The backend a `via: backend` bot connects to, by name (default the scenario's server). */
  backend: z.string().min(1).optional(),
  /** Send a forged BungeeCord forwarding handshake (straight to the backend: implies `via: backend`). */
  forgedHandshake: forgedHandshakeSchema.optional(),
  /**
   * After its steps, this bot stays in the game while the bots after it run (e.g. to try the same
   * name again while it is online), and leaves when the case ends. A bot that was kicked or whose
   * steps failed leaves at once.
   */
  stayOnline: z.boolean().optional(),
  /**
   * 1.20.5+: just before login start, send a cookie response the server never asked for (a
   * modified client); vanilla refuses it (`multiplayer.disconnect.unexpected_query_response`).
   */
  unsolicitedCookie: z.strictObject({ key: cookieKey, value: cookieValue.optional() }).optional(),
  expect: expectSchema,
})

const serverName = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a server name: 1-32 letters, digits, "_" or "-"')

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    description: z.string().optional(),
    // The input/ server block plus the container backend's plugin-under-test block
    // (container-schema.ts: it reads plugin jars and the itzg types, so it stays out of pure input/).
    server: serverConfigSchema.extend({ container: containerServerSchema.optional() }),
    /**
     * More servers of the case (same version, same mock), by name: where a bot's `transfer` step
     * sends it (1.20.5+). Started before the bots, stopped with the case.
     */
    servers: z.array(z.strictObject({ name: serverName, server: serverConfigSchema.omit({ propertiesFile: true }) })).optional(),
    /** A proxy in front of the server (and more backends): bots log in through it (input/proxy.ts). */
    proxy: proxySchema.optional(),
    session: z
      .strictObject({
        /** Premium accounts to create up front besides those the bots name. */
        accounts: z.array(minecraftName).optional(),
        /** Faults in force from the start, msw style. */
        faults: z.array(faultSchema).optional(),
      })
      .optional(),
    /**
     * The releases the scenario's behaviour exists on, e.g. `{ until: '1.21.4' }`: its versions (or
     * `--versions`) outside the range are left out rather than run and failed.
     */
    versionRange: z
      .strictObject({
        from: z
          .string()
          .regex(/^\d+(\.\d+)+$/, 'must be a release such as 1.21.5')
          .optional(),
        until: z
          .string()
          .regex(/^\d+(\.\d+)+$/, 'must be a release such as 1.21.4')
          .optional(),
      })
      .optional(),
    /** Versions this scenario runs on: a list, "latest" or "all". `--versions` overrides. */
    versions: z.union([z.array(z.string().min(1)).min(1), z.literal('all'), z.literal('latest')]).optional(),
    /** Bots run one after another; a scenario with a storm may have none. */
    bots: z.array(botSchema).default([]),
    storm: stormOptionsSchema.optional(),
  })
  .refine((s) => s.bots.length > 0 || s.storm !== undefined, {
    message: 'has nothing to run: give at least one bot (or a storm)',
  })
  .superRefine((s, ctx) => {
    const names = s.proxy ? [s.proxy.serverName ?? 'lobby', ...(s.proxy.backends ?? []).map((b) => b.name)] : []
    const serverNames = (s.servers ?? []).map((entry) => entry.name)
    const twice = serverNames.find((n, i) => serverNames.indexOf(n) !== i)
    if (twice) ctx.addIssue({ code: 'custom', path: ['servers'], message: `two servers are named "${twice}"` })
    s.bots.forEach((bot, i) => {
      ;(bot.steps ?? []).forEach((step, j) => {
        if (step.do !== 'transfer') return
        if (s.proxy)
          ctx.addIssue({
            code: 'custom',
            path: ['bots', i, 'steps', j],
            message: 'a transfer step with a scenario proxy is not modelled (the proxy would have to follow it); leave the proxy out',
          })
        else if (!serverNames.includes(step.to))
          ctx.addIssue({
            code: 'custom',
            path: ['bots', i, 'steps', j, 'to'],
            message: `no server named "${step.to}"; ${serverNames.length > 0 ? `the scenario's servers are ${serverNames.join(', ')}` : 'add it under servers: [{ name, server }]'}`,
          })
        if (j !== (bot.steps ?? []).length - 1)
          ctx.addIssue({ code: 'custom', path: ['bots', i, 'steps', j], message: 'a transfer must be the last step' })
      })
      if (!s.proxy && (bot.via !== undefined || bot.backend !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['bots', i, bot.via !== undefined ? 'via' : 'backend'],
          message: 'only with a scenario proxy: without one every bot connects to the server',
        })
      }
      if (bot.forgedHandshake && bot.via === 'proxy')
        ctx.addIssue({
          code: 'custom',
          path: ['bots', i, 'via'],
          message: 'a forged handshake goes straight to a backend; use via: backend',
        })
      if (s.proxy && bot.backend !== undefined && !names.includes(bot.backend)) {
        ctx.addIssue({
          code: 'custom',
          path: ['bots', i, 'backend'],
          message: `no backend named "${bot.backend}"; the scenario's are ${names.join(', ')}`,
        })
      }
    })
  })

export type ScenarioInput = z.input<typeof scenarioSchema>
export type Scenario = z.output<typeof scenarioSchema>
export type ScenarioBot = Scenario['bots'][number]
export type ScenarioExpect = ScenarioBot['expect']
export type ScenarioAccount = ScenarioBot['account']
export type ScenarioStorm = NonNullable<Scenario['storm']>
