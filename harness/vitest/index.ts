import './../require-node.ts' // first: a plain error on a too-old Node
import { test as base } from 'vitest'
import { attemptLogin } from '../bot/login-attempt.ts'
import type { BotAccount, BotStep, LoginAttempt } from '../bot/types.ts'
import { EmbeddedMinecraftServer } from '../server/embedded-server.ts'
import { loadServerProperties } from '../server/properties.ts'
import type { GuardOptions, LoginProperties, StartedServer } from '../server/types.ts'
import { MockSessionServer } from '../session/mock-session-server.ts'
import { signInElsewhere } from '../session/sign-in-elsewhere.ts'
import type { SessionServerControl } from '../session/types.ts'
import { resolveVersion } from '../versions.ts'
import './matchers.ts'

export interface LoginOptions {
  steps?: BotStep[]
  deadlineMs?: number
}

/**
 * Who a bot claims to be, by name; premium, revoked and loggedInElsewhere accounts are issued by the
 * fixture's session server (loggedInElsewhere: another launcher signed in after the bot's token was issued).
 */
export type Who = { premium: string } | { revoked: string } | { loggedInElsewhere: string } | { cracked: string } | { impersonator: string }

export interface HarnessFixtures {
  /** Game version for the servers and bots of this test (default `latest`); override with `test.override({ mcVersion: '1.20.4' })`. */
  mcVersion: string
  /** Extra server.properties for the servers of this test (applied over `serverPropertiesFile`). */
  serverProperties: Partial<LoginProperties>
  /**
   * A host's own server.properties (path) the servers of this test start from; its warnings
   * (unknown keys, bad values) are printed, a file that cannot be read fails the test.
   */
  serverPropertiesFile: string | undefined
  /** Names on the whitelist (with `serverProperties: { whiteList: true }` it takes effect). */
  whitelist: string[]
  /** Names banned (banned-players.json), and IPs banned (banned-ips.json). */
  bannedNames: string[]
  bannedIps: string[]
  /** Guard options for `guardedServer`. */
  guardOptions: GuardOptions
  /** A fresh mock session server (faults reset, journal empty). */
  sessionServer: SessionServerControl
  premiumServer: StartedServer
  crackedServer: StartedServer
  guardedServer: StartedServer
  /** Turns a name into a bot account, issuing a premium token from `sessionServer` where needed. */
  account: (who: Who) => Promise<BotAccount>
  /** One bot login against `server`, resolved with what the player saw. */
  login: (server: StartedServer, who: Who, options?: LoginOptions) => Promise<LoginAttempt>
}

/**
 * vitest fixtures in the style of `test.extend`: ask for what a test needs by name, and it is
 * started for that test and stopped after it, also when the test fails.
 *
 * ```ts
 * import { test, expect } from 'mc-login-harness/vitest'
 * test('cracked clients are refused', async ({ premiumServer, login }) => {
 *   expect(await login(premiumServer, { cracked: 'Steve' })).toBeKickedWith('unverified_username')
 * })
 * ```
 */
export const test = base.extend<HarnessFixtures>({
  mcVersion: ['latest', { injected: true }],
  serverProperties: [{}, { injected: true }],
  serverPropertiesFile: [undefined, { injected: true }],
  whitelist: [[], { injected: true }],
  bannedNames: [[], { injected: true }],
  bannedIps: [[], { injected: true }],
  guardOptions: [{ kind: 'authme' }, { injected: true }],

  sessionServer: async ({}, use) => {
    await using session = await new MockSessionServer().start()
    await use(session)
  },

  // vitest reads each fixture's dependencies from its destructuring pattern, so they are named here.
  premiumServer: async ({ sessionServer, mcVersion, serverProperties, serverPropertiesFile, whitelist, bannedNames, bannedIps }, use) => {
    const options = { mcVersion, serverProperties, serverPropertiesFile, whitelist, bannedNames, bannedIps }
    await withServer((await configured('premium', options)).withSessionServer(sessionServer.getServerFacingUrl()), use)
  },

  crackedServer: async ({ mcVersion, serverProperties, serverPropertiesFile, whitelist, bannedNames, bannedIps }, use) => {
    const options = { mcVersion, serverProperties, serverPropertiesFile, whitelist, bannedNames, bannedIps }
    await withServer(await configured('cracked', options), use)
  },

  guardedServer: async ({ guardOptions, mcVersion, serverProperties, serverPropertiesFile, whitelist, bannedNames, bannedIps }, use) => {
    const options = { mcVersion, serverProperties, serverPropertiesFile, whitelist, bannedNames, bannedIps }
    await withServer((await configured('guarded', options)).withGuard(guardOptions), use)
  },

  account: async ({ sessionServer }, use) => {
    await use(async (who) => {
      if ('cracked' in who) return { kind: 'cracked', name: who.cracked }
      if ('impersonator' in who) return { kind: 'impersonator', name: who.impersonator }
      const name = 'premium' in who ? who.premium : 'revoked' in who ? who.revoked : who.loggedInElsewhere
      const issued = await sessionServer.createAccount({ name })
      if ('loggedInElsewhere' in who) {
        await signInElsewhere(sessionServer, name)
        return { kind: 'revoked', name: issued.name, id: issued.id, accessToken: issued.accessToken }
      }
      if ('revoked' in who) {
        await sessionServer.revoke(name)
        return { kind: 'revoked', name: issued.name, id: issued.id, accessToken: issued.accessToken }
      }
      return { kind: 'premium', name: issued.name, id: issued.id, accessToken: issued.accessToken }
    })
  },

  login: async ({ account, sessionServer }, use) => {
    await use(async (server, who, options = {}) =>
      attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version: server.getVersion(),
        account: await account(who),
        sessionServer: sessionServer.getUrl(),
        steps: options.steps,
        deadlineMs: options.deadlineMs,
        // Classified in the words of the server's platform, as `run` does (a Paper server's literals).
        platform: server.getPlatform(),
      }),
    )
  },
})

type ServerOptions = Pick<
  HarnessFixtures,
  'mcVersion' | 'serverProperties' | 'serverPropertiesFile' | 'whitelist' | 'bannedNames' | 'bannedIps'
>

/** A builder for `auth` with this test's options: the properties file first, explicit properties over it. */
async function configured(auth: 'premium' | 'cracked' | 'guarded', options: ServerOptions): Promise<EmbeddedMinecraftServer> {
  const server = new EmbeddedMinecraftServer().withAuth(auth).withVersion(resolveVersion(options.mcVersion))
  if (options.serverPropertiesFile !== undefined) {
    const file = await loadServerProperties(options.serverPropertiesFile)
    for (const warning of file.warnings) console.warn(`warning: ${warning}`)
    const explicit = Object.fromEntries(file.explicit.map((key) => [key, file.properties[key]])) as Partial<LoginProperties>
    server.withProperties(explicit)
    if (file.motd !== undefined) server.withMotd(file.motd)
  }
  server.withProperties(options.serverProperties)
  if (options.whitelist.length > 0) server.withWhitelist(options.whitelist)
  if (options.bannedNames.length > 0) server.withBannedNames(options.bannedNames)
  if (options.bannedIps.length > 0) server.withBannedIps(options.bannedIps)
  return server
}

async function withServer(builder: { start(): Promise<StartedServer> }, use: (server: StartedServer) => Promise<void>) {
  await using server = await builder.start()
  await use(server)
}

export { expect, describe, beforeAll, afterAll, beforeEach, afterEach } from 'vitest'
