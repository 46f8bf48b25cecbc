/**
 * The server platforms the harness knows the rules of, and the release order their rules are
 * keyed by. Pure (input/ and outcome/ import it): the schema is input/platform.ts, each
 * platform's texts are outcome/platform-texts.ts, Paper's server rules are server/paper/.
 */
export const PLATFORMS = ['vanilla', 'paper'] as const
export type Platform = (typeof PLATFORMS)[number]
export const DEFAULT_PLATFORM: Platform = 'vanilla'

/** Platforms a user may name that have no rules of their own in the harness yet. */
export const PLATFORMS_WITHOUT_RULES: readonly string[] = ['spigot', 'purpur', 'folia']

function releaseParts(version: string): number[] {
  if (!/^\d+(\.\d+)*$/.test(version)) throw new Error(`"${version}" is not a release number such as 1.21.4`)
  return version.split('.').map(Number)
}

/** Release order: 1.9.4 < 1.21.4 < 1.21.11 < 26.1 (minecraft-protocol's version strings, never `latest`). */
export function compareReleases(a: string, b: string): number {
  const x = releaseParts(a)
  const y = releaseParts(b)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** `version` is `from` or newer. */
export function releaseAtLeast(version: string, from: string): boolean {
  return compareReleases(version, from) >= 0
}
