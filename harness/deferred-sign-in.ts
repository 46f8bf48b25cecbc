import Module, { createRequire } from 'node:module'
import { debuglog } from 'node:util'
import { installedVersion } from './installed-version.ts'

const require = createRequire(import.meta.url)
const debug = debuglog('mc-login-harness')

/** The minecraft-protocol release whose client sign-in module this was written against. */
export const DEFERRED_SIGN_IN_TESTED_MINECRAFT_PROTOCOL = '1.68.0'

const SIGN_IN_MODULE = 'minecraft-protocol/src/client/microsoftAuth.js'

let installed: 'yes' | 'skipped' | undefined

/**
 * Opt-in and process-wide (or worker-thread-wide), before minecraft-protocol's client loads:
 * minecraft-protocol's createClient requires its Microsoft sign-in module at load, and that module
 * loads prismarine-auth, MSAL, jsonwebtoken and the Realms API (about 0.1 s of every command's
 * start-up), for a sign-in the harness never makes (its clients join with the mock's sessions or
 * offline). This puts a stand-in for that module in require's cache: the same two functions, which
 * load the real module at their first call and hand it the call. Nothing changes for a caller that
 * does sign in with Microsoft but when the modules load. Only with the tested minecraft-protocol
 * release, and only when its client has not loaded yet (else it has its real module already).
 */
export function deferMicrosoftSignIn(): boolean {
  if (installed) return installed === 'yes'
  const version = installedVersion('minecraft-protocol')
  const file = require.resolve(SIGN_IN_MODULE)
  if (version !== DEFERRED_SIGN_IN_TESTED_MINECRAFT_PROTOCOL || require.cache[file]) {
    debug(
      `minecraft-protocol's Microsoft sign-in loads as it is (${version}, ${require.cache[file] ? 'loaded already' : 'not the tested release'})`,
    )
    installed = 'skipped'
    return false
  }
  type SignIn = { authenticate(...args: unknown[]): unknown; realmAuthenticate(...args: unknown[]): unknown }
  let real: SignIn | undefined
  const load = (): SignIn => {
    if (!real) {
      // The stand-in leaves the cache, so that require reads the real file, which then stays there.
      delete require.cache[file]
      real = require(file) as SignIn
    }
    return real
  }
  const standIn = new Module(file)
  standIn.filename = file
  standIn.loaded = true
  standIn.exports = {
    authenticate: (...args: unknown[]) => load().authenticate(...args),
    realmAuthenticate: (...args: unknown[]) => load().realmAuthenticate(...args),
  } satisfies SignIn
  require.cache[file] = standIn
  installed = 'yes'
  return true
}
