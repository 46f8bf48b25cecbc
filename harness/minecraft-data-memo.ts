import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

type MinecraftData = ((version: string | number, preNetty?: boolean) => unknown) & Record<string, unknown>

let installed = false
let fast: MinecraftData | undefined

/** `require('minecraft-data')(version)`, memoised (installs the memo on first use). */
export function minecraftData(version: string | number): any {
  installMinecraftDataMemo()
  return fast!(version)
}

/**
 * Makes `require('minecraft-data')(version)` a map lookup. minecraft-data caches the data object
 * per version already, but before finding it in its cache it builds a `Version` (a loop over all
 * ~800 known versions, ~0.1 ms); minecraft-protocol calls it inline 6-8 times per connection on
 * each side. Same input, same cached object: the memo changes no result, only the cost. It
 * replaces the module's export in the require cache, so it reaches every inline call made after
 * this runs (minecraft-protocol calls it inline, not from a captured reference).
 */
export function installMinecraftDataMemo(): void {
  if (installed) return
  installed = true
  const id = require.resolve('minecraft-data')
  const original = require(id) as MinecraftData
  const memo = new Map<string, unknown>()
  fast = function minecraftData(version: string | number, preNetty?: boolean) {
    const key = `${String(version)}|${preNetty ? 1 : 0}`
    if (memo.has(key)) return memo.get(key)
    const data = original(version, preNetty)
    // Unknown versions (null) are not cached: they are errors and rare.
    if (data) memo.set(key, data)
    return data
  } as MinecraftData
  Object.assign(fast!, original)
  const cached = require.cache[id]
  if (cached) cached.exports = fast
}
