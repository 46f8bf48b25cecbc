import { z } from 'zod'

/** The login-relevant server.properties a scenario may set (they override `propertiesFile`). */
export const propertiesSchema = z.strictObject({
  onlineMode: z.boolean().optional(),
  whiteList: z.boolean().optional(),
  enforceWhitelist: z.boolean().optional(),
  maxPlayers: z.number().int().min(0).max(100_000).optional(),
  preventProxyConnections: z.boolean().optional(),
  enforceSecureProfile: z.boolean().optional(),
})

export type ScenarioProperties = z.input<typeof propertiesSchema>
