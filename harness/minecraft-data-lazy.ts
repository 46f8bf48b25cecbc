import { createRequire } from 'node:module'
import { debuglog } from 'node:util'
import { installedVersion } from './installed-version.ts'
import { MEMO_TESTED_MINECRAFT_DATA } from './minecraft-data-memo.ts'

const require = createRequire(import.meta.url)
const debug = debuglog('mc-login-harness')

/**
 * The files minecraft-data hands through as they are (no index is built from them) that a login
 * never reads: block collision shapes, recipes and commands (a bot's physics and crafting), and
 * the play `login` packet's template (read once the player reaches play). minecraft-data reads
 * every file of a version when the version is first asked for; these four are about 40 ms of a
 * recent version's 80, paid on the way to a first login.
 */
export const LAZY_FILES = ['blockCollisionShapes', 'commands', 'recipes', 'loginPacket'] as const

/**
 * An object that reads `load()` at its first use and is that object from then on, for every way a
 * caller reads an object (properties, `in`, keys, spread, JSON.stringify). Only for objects: an
 * array would no longer be one to Array.isArray (a unit test holds every file of LAZY_FILES to be
 * an object, in every version).
 */
export function objectReadAtFirstUse(load: () => object): object {
  let real: object | undefined
  const target = () => (real ??= load())
  return new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(target(), key),
      has: (_, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key)
        // The proxy's own (empty, extensible) object holds nothing: every property is reported configurable.
        return descriptor && { ...descriptor, configurable: true }
      },
      set: (_, key, value) => Reflect.set(target(), key, value),
      deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
      getPrototypeOf: () => Reflect.getPrototypeOf(target()),
    },
  )
}

let installed: 'yes' | 'skipped' | undefined

/**
 * Opt-in (enableProtocolSpeedups): the LAZY_FILES of every Java version are read at their first
 * use instead of when the version is first asked for. Only with the tested minecraft-data release,
 * whose data index (data.js) gives each file as a getter; a version already asked for keeps what
 * it read.
 */
export function installLazyVersionFiles(): boolean {
  if (installed) return installed === 'yes'
  const version = installedVersion('minecraft-data')
  if (version !== MEMO_TESTED_MINECRAFT_DATA) {
    debug(`minecraft-data ${version} is not the tested ${MEMO_TESTED_MINECRAFT_DATA}: each version's files are read at once, as it does`)
    installed = 'skipped'
    return false
  }
  const data = require('minecraft-data/data.js') as { pc: Record<string, object> }
  for (const files of Object.values(data.pc)) {
    for (const key of LAZY_FILES) {
      const descriptor = Object.getOwnPropertyDescriptor(files, key)
      if (!descriptor?.get || !descriptor.configurable) continue
      const read = descriptor.get.bind(files) as () => object
      let lazy: object | undefined
      Object.defineProperty(files, key, {
        configurable: true,
        enumerable: descriptor.enumerable,
        get: () => (lazy ??= objectReadAtFirstUse(read)),
      })
    }
  }
  installed = 'yes'
  return true
}
