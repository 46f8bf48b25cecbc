import { z } from 'zod'
import { PLATFORMS, PLATFORMS_WITHOUT_RULES } from '../platforms.ts'

/**
 * A server config's `platform`: vanilla or paper. Spigot, Purpur and Folia are refused by name
 * with what to use instead, rather than run under vanilla's rules as if they were vanilla.
 */
export const platformSchema = z.enum(PLATFORMS, {
  error: (issue) => {
    const value = String(issue.input)
    if (PLATFORMS_WITHOUT_RULES.includes(value)) {
      return `"${value}" has no rules in the harness yet (only ${PLATFORMS.join(' and ')}); use "paper", whose login rules ${value} shares, or "vanilla"`
    }
    return `"${value}" is not a platform; use ${PLATFORMS.map((p) => `"${p}"`).join(' or ')}`
  },
})
