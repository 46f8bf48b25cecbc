import { z } from 'zod'
import { serverConfigSchema } from './server-config.ts'

/**
 * A proxy in front of a scenario's server (and more backends): `scenario.proxy`. The embedded
 * proxy plays it (harness/proxy/); its rules are Velocity's and BungeeCord's (docs/proxies.md).
 */
export const PROXY_TYPES = ['velocity', 'bungeecord', 'waterfall'] as const
export const PROXY_FORWARDING_MODES = ['modern', 'legacy', 'bungeeguard', 'none'] as const

const backendName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'a server name: 1-32 letters, digits, "_" or "-" (as in velocity.toml [servers])')

export const proxySchema = z
  .strictObject({
    type: z.enum(PROXY_TYPES, { error: `type must be one of ${PROXY_TYPES.join(', ')}` }),
    /** Velocity `player-info-forwarding-mode`; BungeeCord: legacy is `ip_forward: true`, bungeeguard adds the BungeeGuard plugin. */
    forwarding: z.enum(PROXY_FORWARDING_MODES, { error: `forwarding must be one of ${PROXY_FORWARDING_MODES.join(', ')}` }),
    /** Velocity's forwarding.secret (modern, bungeeguard); with BungeeCord + bungeeguard, BungeeGuard's token. */
    secret: z.string().min(1).optional(),
    /** online-mode of the proxy (both default to true). */
    online: z.boolean().optional(),
    /** Velocity `advanced.login-ratelimit` in ms (default 3000; 0 off). Give bots their own `sourceAddress` rather than turning it off. */
    loginRatelimitMs: z.number().int().min(0).max(600_000).optional(),
    /** The name players read for the scenario's `server` ("Unable to connect to lobby: ..."); default "lobby". */
    serverName: backendName.optional(),
    /** More backends after the scenario's server, in the proxy's try order (Velocity `try`). */
    backends: z.array(z.strictObject({ name: backendName, server: serverConfigSchema.omit({ propertiesFile: true }) })).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.type !== 'velocity' && p.forwarding === 'modern') {
      ctx.addIssue({
        code: 'custom',
        path: ['forwarding'],
        message: `${p.type} has no modern forwarding; use legacy or bungeeguard, or type velocity`,
      })
    }
    if ((p.forwarding === 'modern' || p.forwarding === 'bungeeguard') && !p.secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: `forwarding ${p.forwarding} needs a secret (Velocity will not start with an empty forwarding.secret)`,
      })
    }
    const names = [p.serverName ?? 'lobby', ...(p.backends ?? []).map((b) => b.name)]
    const twice = names.find((n, i) => names.indexOf(n) !== i)
    if (twice) ctx.addIssue({ code: 'custom', path: ['backends'], message: `two backends are named "${twice}"` })
  })

export type ScenarioProxy = z.output<typeof proxySchema>

/** A forged BungeeCord handshake (`host\0ip\0uuid[\0properties]`), what a player reaching a backend around its proxy can send. */
export const forgedHandshakeSchema = z.strictObject({
  /** The UUID to claim, e.g. an operator's. */
  uuid: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/, 'a UUID (32 hex digits, dashes optional)'),
  /** The address to claim (default 127.0.0.1). */
  ip: z.string().min(1).optional(),
  /** A BungeeGuard token to put in the properties (a guessed or leaked one). */
  bungeeGuardToken: z.string().min(1).optional(),
})
export type ForgedHandshake = z.output<typeof forgedHandshakeSchema>
