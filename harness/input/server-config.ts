import { z } from 'zod'
import { serverCookiesSchema } from './cookies.ts'
import { backendForwardingSchema } from './forwarding.ts'
import { guardOptionsSchema, guardSchema } from './guard.ts'
import { minecraftName } from './name.ts'
import { platformSchema } from './platform.ts'
import { partialLoginPropertiesSchema, propertiesSchema } from './properties.ts'

/**
 * A scenario's `server` block. Each field is one line below, so a new block (e.g. a
 * backend-specific one) is one schema of its own in this folder plus one line here. The API's
 * `ServerConfig` (server/types.ts) is typed from this shape too (serverConfigApiSchema below),
 * so a new field here is also a field of every builder's withConfig() and of Backend.startServer().
 */
/** authlib's connect and read timeouts on hasJoined: what `hasJoinedTimeoutMs` defaults to. */
export const DEFAULT_HAS_JOINED_TIMEOUT_MS = 5_000

export const serverConfigShape = {
  auth: z.enum(['premium', 'cracked', 'guarded']),
  /** The server software whose rules and texts apply: vanilla (the default) or paper. */
  platform: platformSchema.optional(),
  /**
   * bukkit.yml `settings.connection-throttle` (ms; 0 or -1 off) on Paper. Unset, the harness turns the
   * throttle off for the test (every bot comes from one address); set it to test the throttle.
   */
  connectionThrottleMs: z.number().int().min(-1).max(600_000).optional(),
  /** A server.properties file (relative to the scenario file); `properties` fields override it. */
  propertiesFile: z.string().min(1).optional(),
  properties: propertiesSchema.optional(),
  /** Names, matched case-insensitively: "this name, whatever UUID it has in this mode". */
  whitelist: z.array(minecraftName).optional(),
  /** Names banned (banned-players.json by name). */
  bannedNames: z.array(minecraftName).optional(),
  /** IPs banned (banned-ips.json). */
  bannedIps: z.array(z.string()).optional(),
  guard: guardSchema.optional(),
  /** vanilla: 600 ticks = 30 s (`multiplayer.disconnect.slow_login`). */
  loginDeadlineMs: z.number().int().min(100).max(600_000).optional(),
  /** authlib: 5000 ms connect and read timeouts on hasJoined. */
  hasJoinedTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  /** What the server does with proxy forwarding (Paper's Velocity support, spigot.yml bungeecord, BungeeGuard). */
  forwarding: backendForwardingSchema.optional(),
  /** 1.20.5+: a plugin-style cookie hook (store on join, ask during login): input/cookies.ts. */
  cookies: serverCookiesSchema.optional(),
}

/**
 * The throttle the harness runs a scenario with unless it sets `connectionThrottleMs`: off,
 * because every bot of a run comes from one address (a container sees Docker's gateway). A test
 * set-up that differs from production (Paper's 4000): `check` and `diff` keep a folder's value.
 */
export const TEST_CONNECTION_THROTTLE_MS = -1

export const serverConfigSchema = z.strictObject(serverConfigShape)

export type ScenarioServerConfig = z.input<typeof serverConfigSchema>

/**
 * The same block as the API takes it (builders' withConfig(), Backend.startServer()): no
 * `propertiesFile` (the loader and the CLI read the file into `properties`), any login property
 * (the port too: the CLI's `server` sets it), and the guard with the API's `storeFile`. Every
 * other field is the scenario's, so it is declared once, above.
 */
export const serverConfigApiSchema = serverConfigSchema.omit({ propertiesFile: true }).extend({
  properties: partialLoginPropertiesSchema.optional(),
  guard: guardOptionsSchema.optional(),
})

/** The schema-backed part of `ServerConfig` (server/types.ts adds what a scenario cannot set). */
export type ServerConfigFields = z.input<typeof serverConfigApiSchema>
export type AuthMode = ServerConfigFields['auth']
