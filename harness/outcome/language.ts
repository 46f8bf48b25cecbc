import { createRequire } from 'node:module'
import { HarnessInputError } from '../errors.ts'

const require = createRequire(import.meta.url)

interface VersionEntry {
  minecraftVersion: string
  version: number
  dataVersion?: number
  releaseType?: string
}

interface McDataModule {
  (
    version: string,
  ): { language?: Record<string, string>; version: { minecraftVersion: string; dataVersion?: number; version: number } } | null
  versions: { pc: VersionEntry[] }
  versionsByMinecraftVersion: { pc: Record<string, { majorVersion: string } | undefined> }
}

const minecraftData: McDataModule = require('minecraft-data')
/** minecraft-data's file table: per data folder, a getter that requires one JSON file when read. */
const dataFiles: Record<string, { language?: Record<string, string> } | undefined> = (
  require('minecraft-data/data.js') as { pc: Record<string, { language?: Record<string, string> } | undefined> }
).pc

/** language.json per version; `null` when minecraft-data has no language file for it. */
const languages = new Map<string, Record<string, string> | null>()

/**
 * Only the language file: `minecraftData(version)` would index all of the version's data (blocks,
 * items, entities...), and the fallback below reads the language of many versions; indexing them
 * was a sixth of a built-in run's CPU. The data folder is found as minecraft-data's `toMajor`
 * finds it for a release (index.js, minecraft-data 3.x): the version's own folder, else its
 * `majorVersion`'s. language.test.ts checks both ways agree.
 */
export function languageOf(version: string): Record<string, string> | null {
  let lang = languages.get(version)
  if (lang === undefined) {
    const folder = dataFiles[version] ? version : minecraftData.versionsByMinecraftVersion.pc[version]?.majorVersion
    lang = (folder !== undefined ? dataFiles[folder]?.language : undefined) ?? null
    languages.set(version, lang)
  }
  return lang
}

let releaseOrder: VersionEntry[] | undefined

/**
 * Release versions oldest first, ordered by data version (protocol numbers are not monotonic across
 * the 26.x renumbering, data versions are). Snapshots are left out: they are never a fallback.
 */
function releases(): VersionEntry[] {
  if (releaseOrder) return releaseOrder
  const seen = new Set<string>()
  const list: VersionEntry[] = []
  for (const entry of minecraftData.versions.pc) {
    // Old snapshots carry no releaseType, so the version's shape is the test.
    if (!/^\d+\.\d+(\.\d+)?$/.test(entry.minecraftVersion)) continue
    if (seen.has(entry.minecraftVersion)) continue
    seen.add(entry.minecraftVersion)
    list.push(entry)
  }
  const rank = (e: VersionEntry) => e.dataVersion ?? e.version
  releaseOrder = list.sort((a, b) => rank(a) - rank(b))
  return releaseOrder
}

function rankOf(version: string): number {
  const data = minecraftData(version)
  if (!data) {
    throw new HarnessInputError(`version "${version}" is unknown to minecraft-data; use a Minecraft release such as 1.20.4`)
  }
  return data.version.dataVersion ?? data.version.version
}

/** Where each (version, key) was found, so fallback searches run once. */
const resolved = new Map<string, { text: string; from: string } | null>()

/**
 * The English text of `key` as the client of `version` shows it, and the version it came from.
 * A version whose language file lacks the key (1.8-1.11 have no `multiplayer.disconnect.*`: those
 * servers sent literal English) borrows it from the oldest newer release that has it, the closest
 * wording to what that era's players saw; failing that, from the newest older release.
 */
export function englishTextWithSource(key: string, version: string): { text: string; from: string } | undefined {
  const cacheKey = `${version}\u0000${key}`
  const hit = resolved.get(cacheKey)
  if (hit !== undefined) return hit ?? undefined

  let found: { text: string; from: string } | null = null
  const own = languageOf(version)?.[key]
  if (own !== undefined) {
    found = { text: own, from: version }
  } else {
    const rank = rankOf(version)
    const all = releases()
    const rankOfEntry = (e: VersionEntry) => e.dataVersion ?? e.version
    for (const entry of all) {
      if (rankOfEntry(entry) <= rank) continue
      const text = languageOf(entry.minecraftVersion)?.[key]
      if (text !== undefined) {
        found = { text, from: entry.minecraftVersion }
        break
      }
    }
    if (!found) {
      for (const entry of [...all].reverse()) {
        if (rankOfEntry(entry) >= rank) continue
        const text = languageOf(entry.minecraftVersion)?.[key]
        if (text !== undefined) {
          found = { text, from: entry.minecraftVersion }
          break
        }
      }
    }
  }
  resolved.set(cacheKey, found)
  return found ?? undefined
}

/** English text of a translation key for a version (with the fallback above); undefined if no release has it. */
export function englishText(key: string, version: string): string | undefined {
  return englishTextWithSource(key, version)?.text
}

/**
 * Java `String.format` as Minecraft's `TranslatableContents` uses it: `%s`, positional `%1$s`
 * and `%%`. Missing arguments render as empty text, as the client does.
 */
export function formatTranslation(template: string, args: readonly string[]): string {
  let next = 0
  return template.replace(/%(?:(\d+)\$)?([sd%])/g, (_match, position: string | undefined, conversion: string) => {
    if (conversion === '%') return '%'
    const index = position !== undefined ? Number(position) - 1 : next++
    return args[index] ?? ''
  })
}

/**
 * The client's "Failed to log in: %s" screen for a failed `join` (`disconnect.loginFailedInfo`
 * with the reason's text substituted). Both keys exist in every release's language file from 1.7
 * on, so the fallback above only matters for versions minecraft-data ships without a language.
 */
export function renderLoginFailed(reasonKey: string, version: string): string {
  const reason = englishText(reasonKey, version) ?? reasonKey
  const frame = englishText('disconnect.loginFailedInfo', version)
  if (frame === undefined) throw new Error(`minecraft-data has no "disconnect.loginFailedInfo" for ${version} or any release`)
  return formatTranslation(frame, [reason])
}

/** The newest release minecraft-data has a language file for (for matching texts across eras). */
export function newestReleaseWithLanguage(): string {
  const all = releases()
  for (let i = all.length - 1; i >= 0; i--) {
    const v = all[i]!.minecraftVersion
    if (languageOf(v)) return v
  }
  throw new Error('minecraft-data ships no language file at all')
}
