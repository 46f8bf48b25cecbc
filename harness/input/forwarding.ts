import { z } from 'zod'

/**
 * How a backend (Paper/Spigot) checks what a proxy forwards: a scenario server's `forwarding`
 * block, the builders' withForwarding(), and what `check --dir` reads from spigot.yml and
 * paper-global.yml. The defaults are Paper's and Spigot's: everything off.
 */
export const velocityBackendSchema = z.strictObject({
  /** paper-global.yml `proxies.velocity.enabled`. */
  enabled: z.boolean(),
  /** paper-global.yml `proxies.velocity.online-mode` (Paper's default true): the proxy authenticated players. */
  onlineMode: z.boolean().optional(),
  /** paper-global.yml `proxies.velocity.secret`; empty turns Velocity support off (Paper logs an error). */
  secret: z.string(),
})

export const backendForwardingSchema = z.strictObject({
  velocity: velocityBackendSchema.optional(),
  /** spigot.yml `settings.bungeecord`: accept BungeeCord's legacy forwarding in the handshake. */
  bungeecord: z.boolean().optional(),
  /** The BungeeGuard plugin with these `allowed-tokens` (it guards only a `bungeecord: true` backend). */
  bungeeGuard: z
    .strictObject({
      allowedTokens: z.array(z.string().min(1)).min(1, "give at least one token (the proxy's token.yml / forwarding secret)"),
    })
    .optional(),
})

export type BackendForwarding = z.input<typeof backendForwardingSchema>
