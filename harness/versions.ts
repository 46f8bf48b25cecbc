import { createRequire } from 'node:module'
import { HarnessInputError } from './errors.ts'

const require = createRequire(import.meta.url)

/**
 * The versions the harness supports: those that both the installed minecraft-protocol (server and
 * light clients) and mineflayer (bots) support. Read from the packages, so upgrading them widens
 * the matrix without a code change.
 */
function computeSupportedVersions(): string[] {
  // The packages' own version lists (what their index files re-export), without loading the
  // packages themselves: a quarter of a second of start-up for two arrays.
  const protocolVersions: string[] = require('minecraft-protocol/src/version.js').supportedVersions
  const botVersions: string[] = require('mineflayer/lib/version.js').testedVersions
  const both = protocolVersions.filter((v) => botVersions.includes(v))
  return both
}

let cached: string[] | undefined

/** Oldest first. */
export function supportedVersions(): string[] {
  cached ??= computeSupportedVersions()
  return [...cached]
}

export function latestVersion(): string {
  const all = supportedVersions()
  return all[all.length - 1]!
}

/** `latest` -> the newest; a supported version -> itself; anything else -> a HarnessInputError. */
export function resolveVersion(version: string, where = 'version'): string {
  if (version === 'latest') return latestVersion()
  if (supportedVersions().includes(version)) return version
  throw new HarnessInputError(
    `${where}: "${version}" is not a supported version. Use "latest" or one of: ${supportedVersions().join(', ')}`,
  )
}

/** Parses `--versions a,b|all|latest`. */
export function resolveVersionList(spec: string, where = '--versions'): string[] {
  const trimmed = spec.trim()
  if (trimmed === 'all') return supportedVersions()
  const parts = trimmed
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (parts.length === 0) throw new HarnessInputError(`${where}: empty version list; use "latest", "all" or e.g. "1.8.8,1.20.4"`)
  return [...new Set(parts.map((p) => resolveVersion(p, where)))]
}
