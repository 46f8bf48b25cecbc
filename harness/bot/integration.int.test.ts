import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from '../server/index.ts'
import { MockSessionServer, type StartedMockSessionServer } from '../session/index.ts'
import { attemptLogin } from './login-attempt.ts'
import { lightLogin } from './light-client.ts'

/** Bots against the project's own embedded server and mock session server (no stand-ins). */
describe('bots against the embedded server and the mock session server', () => {
  // Oldest and newest: the one with literal-era English and the one with NBT kicks and new wording.
  for (const version of ['1.8.8', '26.1']) {
    describe(version, () => {
      let session: StartedMockSessionServer
      let premiumServer: StartedEmbeddedServer
      let guarded: StartedEmbeddedServer
      beforeAll(async () => {
        session = await new MockSessionServer().start()
        premiumServer = await new EmbeddedMinecraftServer()
          .withAuth('premium')
          .withVersion(version)
          .withSessionServer(session.getServerFacingUrl())
          .start()
        guarded = await new EmbeddedMinecraftServer()
          .withAuth('guarded')
          .withVersion(version)
          // AuthMe prompts 2 s after join; 6 s leaves a loaded runner 4 s to answer before the kick.
          .withGuard({ kind: 'authme', timeoutMs: 6000 })
          .start()
      })
      afterAll(async () => {
        await guarded?.stop()
        await premiumServer?.stop()
        await session?.stop()
      })
      const at = (server: StartedEmbeddedServer) => ({ host: server.getHost(), port: server.getPort(), version })

      it('a premium account joins', async () => {
        const account = await session.createAccount({ name: 'PremiumPat' })
        const attempt = await attemptLogin({
          ...at(premiumServer),
          account: { kind: 'premium', ...account },
          sessionServer: session.getUrl(),
        })
        expect(attempt).toMatchObject({ outcome: 'success', joined: true })
      })

      it('a revoked token gets invalid_session', async () => {
        const account = await session.createAccount({ name: 'RevokedRay' })
        await session.revoke('RevokedRay')
        const attempt = await attemptLogin({
          ...at(premiumServer),
          account: { kind: 'revoked', ...account },
          sessionServer: session.getUrl(),
        })
        expect(attempt).toMatchObject({ outcome: 'invalid_session', key: 'disconnect.loginFailedInfo.invalidSession', joined: false })
      })

      it('a cracked client and an impersonator get unverified_username', async () => {
        await session.createAccount({ name: 'RealRita' })
        for (const account of [
          { kind: 'cracked' as const, name: 'CrackedCal' },
          { kind: 'impersonator' as const, name: 'RealRita' },
        ]) {
          const attempt = await lightLogin({ ...at(premiumServer), account })
          expect(attempt).toMatchObject({
            outcome: 'unverified_username',
            key: 'multiplayer.disconnect.unverified_username',
            message: 'Failed to verify username!',
          })
        }
      })

      it("the client's join answered 503 gives auth_servers_unreachable; hasJoined 503 gives auth_servers_down", async () => {
        const account = await session.createAccount({ name: 'OutageOlga' })
        try {
          await session.use({ route: 'join', mode: 'status', status: 503 })
          const unreachable = await lightLogin({
            ...at(premiumServer),
            account: { kind: 'premium', ...account },
            sessionServer: session.getUrl(),
          })
          expect(unreachable).toMatchObject({ outcome: 'auth_servers_unreachable', key: 'disconnect.loginFailedInfo.serversUnavailable' })
          await session.resetFaults()
          await session.use({ route: 'hasJoined', mode: 'status', status: 503 })
          const down = await lightLogin({ ...at(premiumServer), account: { kind: 'premium', ...account }, sessionServer: session.getUrl() })
          expect(down).toMatchObject({ outcome: 'auth_servers_down', key: 'multiplayer.disconnect.authservers_down' })
        } finally {
          await session.resetFaults()
        }
      })

      it('a guarded server: register succeeds, a wrong password and idling are kicked', async () => {
        const registered = await attemptLogin({
          ...at(guarded),
          account: { kind: 'cracked', name: 'GuardGus' },
          steps: [
            { do: 'waitForChat', pattern: '/register' },
            { do: 'chat', text: '/register hunter22 hunter22' },
            { do: 'waitForChat', pattern: 'Successfully registered' },
          ],
        })
        expect(registered).toMatchObject({ outcome: 'success', joined: true })
        const wrong = await attemptLogin({
          ...at(guarded),
          account: { kind: 'cracked', name: 'GuardGus' },
          steps: [
            { do: 'waitForChat', pattern: '/login' },
            { do: 'chat', text: '/login nope12345' },
            { do: 'expectKick', timeoutMs: 20_000 },
          ],
        })
        expect(wrong).toMatchObject({ outcome: 'kicked', key: null, message: 'Wrong password!' })
        const idle = await attemptLogin({
          ...at(guarded),
          account: { kind: 'cracked', name: 'IdleIda' },
          steps: [{ do: 'expectKick', timeoutMs: 20_000 }],
        })
        expect(idle).toMatchObject({
          outcome: 'kicked',
          message: 'Login timeout exceeded, you have been kicked from the server, please try again!',
        })
      })
    })
  }
})
