import './../require-node.ts' // first: a plain error on a too-old Node
import { test as base } from 'vitest'
import { attemptLogin } from '../bot/login-attempt.ts'
import type { BotAccount, BotStep, LoginAttempt } from '../bot/types.ts'
import { EmbeddedMinecraftServer } from '../server/embedded-server.ts'
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
  /** Extra server.properties for the servers of this test. */
  serverProperties: Partial<LoginProperties>
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
  guardOptions: [{ kind: 'authme' }, { injected: true }],

  sessionServer: async ({}, use) => {
    const session = await new MockSessionServer().start()
    try {
      await use(session)
    } finally {
      await session.stop()
    }
  },

  premiumServer: async ({ sessionServer, mcVersion, serverProperties }, use) => {
    await withServer(
      new EmbeddedMinecraftServer().withAuth('premium').withVersion(resolveVersion(mcVersion)).withSessionServer(sessionServer.getServerFacingUrl()).withProperties(serverProperties),
      use,
    )
  },

  crackedServer: async ({ mcVersion, serverProperties }, use) => {
    await withServer(new EmbeddedMinecraftServer().withAuth('cracked').withVersion(resolveVersion(mcVersion)).withProperties(serverProperties), use)
  },

  guardedServer: async ({ mcVersion, serverProperties, guardOptions }, use) => {
    await withServer(
      new EmbeddedMinecraftServer().withAuth('guarded').withVersion(resolveVersion(mcVersion)).withProperties(serverProperties).withGuard(guardOptions),
      use,
    )
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
      }),
    )
  },
})

async function withServer(builder: { start(): Promise<StartedServer> }, use: (server: StartedServer) => Promise<void>) {
  const server = await builder.start()
  try {
    await use(server)
  } finally {
    await server.stop()
  }
}

export { expect, describe, beforeAll, afterAll, beforeEach, afterEach } from 'vitest'
