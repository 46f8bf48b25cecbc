import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { attemptLogin } from './login-attempt.ts'
import { lightLogin } from './light-client.ts'
import { joinSession } from './session-join.ts'
import { rawFrame, rawString } from '../server/testing/raw-frames.ts'
import { closedPort, startSessionStub, startStubServer, type SessionStub, type StubServer } from './testing/stub-server.ts'

const require = createRequire(import.meta.url)
const nbt = require('prismarine-nbt')

const host = '127.0.0.1'
const premium = { kind: 'premium' as const, name: 'Notch', id: '069a79f4-44e9-4726-a5be-fca90e38aaf5', accessToken: 'token-1' }
const cracked = (name: string) => ({ kind: 'cracked' as const, name })

describe('attemptLogin against an offline stock server', () => {
  // Oldest, the first NBT-chat version, newest: chat and kick formats differ across these.
  for (const version of ['1.8.8', '1.20.4', '26.1']) {
    describe(version, () => {
      let server: StubServer
      beforeAll(async () => {
        server = await startStubServer({
          version,
          onJoin: (client, s) => {
            s.say(client, 'Welcome! Please /login')
            const onLine = (p: { message?: string; command?: string }) => {
              const text = p.message ?? `/${p.command}`
              if (text === '/login wrong')
                s.kick(
                  client,
                  version === '1.8.8' ? JSON.stringify({ text: 'Wrong password!' }) : nbt.comp({ text: nbt.string('Wrong password!') }),
                )
              if (text === '/login right') s.say(client, 'Logged in')
            }
            for (const packet of ['chat', 'chat_command', 'chat_command_signed']) client.on(packet, onLine)
          },
        })
      })
      afterAll(() => server.stop())

      it('joins, waits for chat, runs a command', async () => {
        const attempt = await attemptLogin({
          host,
          port: server.port,
          version,
          account: cracked('Alice'),
          steps: [
            { do: 'waitForChat', pattern: 'Please /login' },
            { do: 'chat', text: '/login right' },
            { do: 'waitForChat', pattern: '^Logged in$' },
          ],
        })
        expect(attempt).toMatchObject({ outcome: 'success', key: null, message: 'Joined', joined: true })
        expect(attempt.chat).toEqual(['Welcome! Please /login', 'Logged in'])
        expect(server.received).toContain('/login right')
      })

      it('turns a kick during the steps into the outcome (JSON before 1.20.3, NBT after)', async () => {
        const attempt = await attemptLogin({
          host,
          port: server.port,
          version,
          account: cracked('Bob'),
          steps: [
            { do: 'chat', text: '/login wrong' },
            { do: 'expectKick', timeoutMs: 3000 },
          ],
        })
        expect(attempt).toMatchObject({ outcome: 'kicked', key: null, message: 'Wrong password!', joined: true })
      })

      it('times out a step that waits in vain, naming it', async () => {
        const attempt = await attemptLogin({
          host,
          port: server.port,
          version,
          account: cracked('Carol'),
          steps: [{ do: 'waitForChat', pattern: 'never', timeoutMs: 300 }],
        })
        expect(attempt.outcome).toBe('timeout')
        expect(attempt.message).toBe('step 1 (waitForChat): no chat matching /never/ within 300 ms')
        const noKick = await attemptLogin({
          host,
          port: server.port,
          version,
          account: cracked('Dave'),
          steps: [{ do: 'expectKick', timeoutMs: 200 }],
        })
        expect(noKick.message).toBe('step 1 (expectKick): no kick within 200 ms')
      })

      it('light client joins without mineflayer', async () => {
        const attempt = await lightLogin({ host, port: server.port, version, account: cracked('Light') })
        expect(attempt).toMatchObject({ outcome: 'success', joined: true })
      })
    })
  }
})

describe('kicks in the login phase', () => {
  it('maps a translate kick to its code and this version English', async () => {
    await using server = await startStubServer({
      version: '1.21.11',
      loginKick: JSON.stringify({ translate: 'multiplayer.disconnect.authservers_down' }),
    })
    for (const login of [attemptLogin, lightLogin]) {
      const attempt = await login({ host, port: server.port, version: '1.21.11', account: cracked('Eve') })
      expect(attempt).toMatchObject({
        outcome: 'auth_servers_down',
        key: 'multiplayer.disconnect.authservers_down',
        message: 'Authentication servers are down. Please try again later. Sorry!',
        joined: false,
      })
    }
  })
})

describe('client-side join against an online stock server', () => {
  const version = '1.20.4'
  let session: SessionStub
  let server: StubServer
  beforeAll(async () => {
    session = await startSessionStub({ join: 204 })
    server = await startStubServer({ version, onlineMode: true, sessionPort: session.port })
  })
  afterAll(async () => {
    await server.stop()
    await session.stop()
  })

  it('premium joins through the given session server', async () => {
    session.mode = { join: 204 }
    const attempt = await attemptLogin({ host, port: server.port, version, account: premium, sessionServer: session.url })
    expect(attempt).toMatchObject({ outcome: 'success', joined: true })
    expect(session.joins.at(-1)).toMatchObject({ accessToken: 'token-1', selectedProfile: '069a79f444e94726a5befca90e38aaf5' })
  })

  it('a rejected token gives invalid_session', async () => {
    session.mode = { join: 403, joinBody: { error: 'ForbiddenOperationException', errorMessage: 'Invalid token' } }
    const attempt = await attemptLogin({
      host,
      port: server.port,
      version,
      account: { ...premium, kind: 'revoked' },
      sessionServer: session.url,
    })
    expect(attempt).toMatchObject({
      outcome: 'invalid_session',
      key: 'disconnect.loginFailedInfo.invalidSession',
      message: 'Failed to log in: Invalid session (Try restarting your game and the launcher)',
      joined: false,
    })
  })

  it('a 503 (even with an empty body or a misleading message) and a closed port give auth_servers_unreachable', async () => {
    session.mode = { join: 503 }
    expect((await lightLogin({ host, port: server.port, version, account: premium, sessionServer: session.url })).outcome).toBe(
      'auth_servers_unreachable',
    )
    session.mode = { join: 503, joinBody: { error: 'ServiceUnavailable', errorMessage: 'Invalid token' } }
    expect((await lightLogin({ host, port: server.port, version, account: premium, sessionServer: session.url })).outcome).toBe(
      'auth_servers_unreachable',
    )
    const refused = await lightLogin({
      host,
      port: server.port,
      version,
      account: premium,
      sessionServer: `http://127.0.0.1:${await closedPort()}`,
    })
    expect(refused).toMatchObject({ outcome: 'auth_servers_unreachable', key: 'disconnect.loginFailedInfo.serversUnavailable' })
  })

  it('a hanging session server fails the join at the client timeout', async () => {
    session.mode = { join: 204, hang: true }
    await expect(joinSession({ sessionServer: session.url, accessToken: 't', profileId: premium.id }, 'abc', 200)).rejects.toThrow(
      'session join failed: no answer within 200 ms',
    )
  })

  it('a cracked client facing online mode is refused by the server', async () => {
    session.mode = { join: 204 }
    const attempt = await lightLogin({ host, port: server.port, version, account: cracked('NotPremium') })
    // The stock server kicks with the literal, which maps to the vanilla key.
    expect(attempt).toMatchObject({
      outcome: 'unverified_username',
      key: 'multiplayer.disconnect.unverified_username',
      message: 'Failed to verify username!',
    })
  })
})

describe('failures before login', () => {
  it('a closed port gives connection_error', async () => {
    const attempt = await attemptLogin({ host, port: await closedPort(), version: '1.20.4', account: cracked('Nobody') })
    expect(attempt.outcome).toBe('connection_error')
    expect(attempt.message).toMatch(/ECONNREFUSED/)
  })

  it('a server that never answers gives timeout at the deadline', async () => {
    const { createServer } = await import('node:net')
    const sockets = new Set<import('node:net').Socket>()
    const silent = createServer((s) => sockets.add(s))
    await new Promise<void>((resolve) => silent.listen(0, host, resolve))
    try {
      const port = (silent.address() as import('node:net').AddressInfo).port
      const attempt = await lightLogin({ host, port, version: '1.20.4', account: cracked('Waiter'), deadlineMs: 300 })
      expect(attempt).toMatchObject({ outcome: 'timeout', key: null, message: 'no login within 300 ms' })
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })

  // A server that kicks and closes at once sends the kick and its FIN in one segment: the kick is
  // the outcome, every time, not the closed socket that follows it.
  it('a kick sent together with the end of the connection is the outcome, not the closed socket', async () => {
    const { createServer } = await import('node:net')
    // Login-state disconnect: packet id 0x00, the reason as JSON text.
    const packet = rawFrame(0x00, rawString(JSON.stringify({ text: 'Kicked and closed' })))
    const kicker = createServer((socket) => socket.once('data', () => socket.end(packet)))
    await new Promise<void>((resolve) => kicker.listen(0, host, resolve))
    try {
      const port = (kicker.address() as import('node:net').AddressInfo).port
      for (let i = 0; i < 20; i++) {
        const attempt = await attemptLogin({ host, port, version: '1.20.4', account: cracked('Kicked') })
        expect(attempt, `attempt ${i + 1}`).toMatchObject({ outcome: 'kicked', message: 'Kicked and closed' })
      }
    } finally {
      await new Promise<void>((resolve) => kicker.close(() => resolve()))
    }
  })

  it('refuses non-loopback hosts and session servers before any traffic', async () => {
    await expect(attemptLogin({ host: '10.0.0.1', port: 25565, version: '1.20.4', account: cracked('X') })).rejects.toThrow(
      HarnessInputError,
    )
    await expect(
      lightLogin({ host, port: 25565, version: '1.20.4', account: premium, sessionServer: 'https://sessionserver.mojang.com' }),
    ).rejects.toThrow(/not a loopback address/)
    await expect(lightLogin({ host, port: 25565, version: '1.20.4', account: premium })).rejects.toThrow(/sessionServer is required/)
    await expect(
      attemptLogin({ host, port: 25565, version: '1.20.4', account: cracked('X'), steps: [{ do: 'waitForChat', pattern: '(' }] }),
    ).rejects.toThrow(/not a valid regular expression/)
  })
})
