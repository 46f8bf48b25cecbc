import { createRequire } from 'node:module'
import { debuglog } from 'node:util'
import { installedVersion } from './installed-version.ts'

const require = createRequire(import.meta.url)
const debug = debuglog('mc-login-harness')

type MinecraftData = ((version: string | number, preNetty?: boolean) => unknown) & Record<string, unknown>

/** The minecraft-data release the memo was written against and tested with (package.json pins it). */
export const MEMO_TESTED_MINECRAFT_DATA = '3.119.0'

const original = require('minecraft-data') as MinecraftData
const memo = new Map<string, unknown>()

/**
 * `require('minecraft-data')(version)`, memoised in this module only: minecraft-data caches the
 * data object per version already, but before finding it in its cache it builds a `Version` (a loop
 * over all ~800 known versions, ~0.1 ms). Same input, same cached object. Touches nothing global:
 * the harness's own lookups use it; minecraft-protocol's inline lookups go through the module's
 * export, which only installMinecraftDataMemo() replaces.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- minecraft-data's declared IndexedData is never null, but an unknown version gives null; callers check
export function minecraftData(version: string | number, preNetty?: boolean): any {
  const key = `${String(version)}|${preNetty ? 1 : 0}`
  if (memo.has(key)) return memo.get(key)
  const data = original(version, preNetty)
  // Unknown versions (null) are not cached: they are errors and rare.
  if (data) memo.set(key, data)
  return data
}

let installed: 'yes' | 'skipped' | undefined

/** Why the memo stays out with this minecraft-data release, or undefined for the tested one. */
export function memoSkipReason(version: string): string | undefined {
  if (version === MEMO_TESTED_MINECRAFT_DATA) return undefined
  return `minecraft-data ${version} is not the tested ${MEMO_TESTED_MINECRAFT_DATA}: its export is left as it is (no memo)`
}

/**
 * Opt-in, process-wide: replaces `require('minecraft-data')` in the require cache by the memo above,
 * so that minecraft-protocol's inline lookups (6-8 per connection on each side, each a fresh
 * `require('minecraft-data')(version)`) become a map lookup. Only processes and threads the harness
 * owns call it: the CLI (cli/main.ts) and storm worker threads (each has its own module registry).
 * The library never does: a consumer's own minecraft-protocol keeps its stock export.
 *
 * Guarded by version: with another minecraft-data than the tested one it does nothing (a
 * `NODE_DEBUG=mc-login-harness` note says so). Returns whether the memo is in place.
 */
export function installMinecraftDataMemo(): boolean {
  if (installed) return installed === 'yes'
  const version = installedVersion('minecraft-data')
  const skip = memoSkipReason(version)
  if (skip) {
    debug(skip)
    installed = 'skipped'
    return false
  }
  installed = 'yes'
  const id = require.resolve('minecraft-data')
  const fast = minecraftData as unknown as MinecraftData
  Object.assign(fast, original)
  const cached = require.cache[id]
  if (cached) cached.exports = fast
  return true
}
