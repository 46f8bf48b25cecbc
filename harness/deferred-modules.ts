import Module, { createRequire } from 'node:module'
import { debuglog } from 'node:util'
import { installedVersion } from './installed-version.ts'

const require = createRequire(import.meta.url)
const debug = debuglog('mc-login-harness')

/** The minecraft-protocol release whose client sign-in module the stand-in was written against. */
export const DEFERRED_SIGN_IN_TESTED_MINECRAFT_PROTOCOL = '1.68.0'

/**
 * Puts `makeStandIn(load)`'s exports in require's cache for `file`, so whoever requires the file
 * gets the stand-in; `load()` drops the stand-in from the cache and requires the real file (once),
 * which then stays in the cache for later requires. False when the file is loaded already.
 */
function deferModule(file: string, makeStandIn: (load: () => unknown) => unknown): boolean {
  if (require.cache[file]) return false
  let real: unknown
  let loaded = false
  const load = () => {
    if (!loaded) {
      delete require.cache[file]
      real = require(file)
      loaded = true
    }
    return real
  }
  const standIn = new Module(file)
  standIn.filename = file
  standIn.loaded = true
  standIn.exports = makeStandIn(load)
  require.cache[file] = standIn
  return true
}

type SignIn = { authenticate(...args: unknown[]): unknown; realmAuthenticate(...args: unknown[]): unknown }

/**
 * minecraft-protocol's createClient requires its Microsoft sign-in at load, and that loads
 * prismarine-auth, MSAL, jsonwebtoken and the Realms API (about 0.1 s of a cold start), for a
 * sign-in the harness never makes (its clients join with the mock's sessions, or offline). The
 * stand-in has the module's two functions, which load it at their first call and hand it the call.
 */
function deferMicrosoftSignIn(): string | undefined {
  const version = installedVersion('minecraft-protocol')
  if (version !== DEFERRED_SIGN_IN_TESTED_MINECRAFT_PROTOCOL) return `minecraft-protocol ${version} is not the tested release`
  const file = require.resolve('minecraft-protocol/src/client/microsoftAuth.js')
  const deferred = deferModule(file, (load) => ({
    authenticate: (...args: unknown[]) => (load() as SignIn).authenticate(...args),
    realmAuthenticate: (...args: unknown[]) => (load() as SignIn).realmAuthenticate(...args),
  }))
  return deferred ? undefined : "minecraft-protocol's client is loaded already"
}

let installed: boolean | undefined

/**
 * Opt-in and process-wide (or worker-thread-wide), before the protocol libraries load (the CLI's
 * bin.ts, a storm's client thread): modules the libraries require at load but the harness never
 * uses load at their first use instead (deferMicrosoftSignIn). A caller that does use them gets
 * the same modules, later. Each only with the release it was tested with, and only when its module
 * is not loaded yet; returns whether all are in place. (protodef's validator, ajv, is not one of
 * them: prismarine-nbt builds its interpreters with validation on as it loads.)
 */
export function deferUnusedModules(): boolean {
  if (installed !== undefined) return installed
  const skipped = [deferMicrosoftSignIn()].filter((reason) => reason !== undefined)
  for (const reason of skipped) debug(`a module loads as it is: ${reason}`)
  installed = skipped.length === 0
  return installed
}
