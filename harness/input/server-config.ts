import { z } from 'zod'
import { guardSchema } from './guard.ts'
import { minecraftName } from './name.ts'
import { propertiesSchema } from './properties.ts'

/**
 * A scenario's `server` block. Each field is one line below, so a new block (e.g. a
 * backend-specific one) is one schema of its own in this folder plus one line here.
 */
export const serverConfigShape = {
  auth: z.enum(['premium', 'cracked', 'guarded']),
  /** A server.properties file (relative to the scenario file); `properties` fields override it. */
  propertiesFile: z.string().min(1).optional(),
  properties: propertiesSchema.optional(),
  whitelist: z.array(minecraftName).optional(),
  bannedNames: z.array(minecraftName).optional(),
  bannedIps: z.array(z.string()).optional(),
  guard: guardSchema.optional(),
  loginDeadlineMs: z.number().int().min(100).max(600_000).optional(),
  hasJoinedTimeoutMs: z.number().int().min(100).max(60_000).optional(),
}

export const serverConfigSchema = z.strictObject(serverConfigShape)

export type ScenarioServerConfig = z.input<typeof serverConfigSchema>
