import { z } from 'zod'

const MAX_INT = 2_147_483_647

/**
 * The login-relevant subset of server.properties, typed. One rule set for a scenario's
 * `server.properties`, `withProperties()` and `--max-players`; properties.ts maps the file's
 * kebab-case keys onto these.
 */
export const loginPropertiesSchema = z.strictObject({
  onlineMode: z.boolean(),
  whiteList: z.boolean(),
  enforceWhitelist: z.boolean(),
  /** Vanilla reads an int; a negative one would refuse everybody, so it is refused here. */
  maxPlayers: z
    .number()
    .int('must be a whole number of players >= 0')
    .min(0, 'must be a whole number of players >= 0')
    .max(MAX_INT, `must be at most ${MAX_INT} (vanilla reads an int)`),
  preventProxyConnections: z.boolean(),
  enforceSecureProfile: z.boolean(),
  /**
   * 1.20.5+: whether a handshake with intention TRANSFER (3) may log in; off, it is refused with
   * `multiplayer.disconnect.transfers_disabled` (server/handshake.ts). Older versions have no such key.
   */
  acceptsTransfers: z.boolean(),
  serverPort: z.number().int().min(0).max(65535),
})

/** What a scenario may set (overriding `propertiesFile`); the port is the harness's to choose. */
export const propertiesSchema = loginPropertiesSchema.omit({ serverPort: true }).partial()

/** Any subset, as `withProperties()` takes it. */
export const partialLoginPropertiesSchema = loginPropertiesSchema.partial()

export type LoginProperties = z.output<typeof loginPropertiesSchema>
export type ScenarioProperties = z.input<typeof propertiesSchema>
