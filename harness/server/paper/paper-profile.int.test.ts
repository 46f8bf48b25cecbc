/**
 * The embedded server's Paper profile against the rules in paper/rules.ts, with the harness's own
 * light bots (which name kicks by the server's platform): the throttle per version and address,
 * Paper's texts, its name rule, the duplicate-login order, and that the same kicks read as
 * `kicked` to a vanilla-only classifier.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lightLogin } from '../../bot/light-client.ts'
import type { LoginAttemptOptions } from '../../bot/types.ts'
import { MockSessionServer, type StartedMockSessionServer } from '../../session/index.ts'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from '../embedded-server.ts'
import { offlineUuid } from '../../uuid.ts'
import { attempt, varint } from '../test-clients.ts'

const THROTTLE_TEXT = 'Connection throttled! Please wait before reconnecting.'

let mock: StartedMockSessionServer
beforeAll(async () => {
  mock = await new MockSessionServer().start()
})
afterAll(async () => {
  await mock?.stop()
})

async function withServer<T>(builder: EmbeddedMinecraftServer, run: (server: StartedEmbeddedServer) => Promise<T>): Promise<T> {
  const server = await builder.start()
  try {
    return await run(server)
  } finally {
    await server.stop()
  }
}

const paper = (version: string) => new EmbeddedMinecraftServer().withPlatform('paper').withVersion(version)
/** A clock that stands still: every login falls in the throttle's window however slow the machine. */
const frozen = () => 1_700_000_000_000

function login(server: StartedEmbeddedServer, name: string, extra: Partial<LoginAttemptOptions> = {}) {
  return lightLogin({
    host: server.getHost(),
    port: server.getPort(),
    version: server.getVersion(),
    account: { kind: 'cracked', name },
    platform: server.getPlatform(),
    deadlineMs: 10_000,
    ...extra,
  })
}

/** A status ping (handshake next state 1 + status request) from `localAddress`; resolves on the answer. */
function statusPing(port: number, protocol: number, localAddress: string): Promise<void> {
  const str = (s: string) => Buffer.concat([varint(Buffer.byteLength(s)), Buffer.from(s)])
  const frame = (payload: Buffer) => Buffer.concat([varint(payload.length), payload])
  const port16 = Buffer.alloc(2)
  port16.writeUInt16BE(port)
  const bytes = Buffer.concat([frame(Buffer.concat([varint(0), varint(protocol), str('127.0.0.1'), port16, varint(1)])), frame(varint(0))])
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () => socket.write(bytes))
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error('no status answer within 5 s'))
    }, 5000)
    socket.once('data', () => {
      clearTimeout(timer)
      socket.destroy()
      resolve()
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

describe('Paper connection throttle (bukkit.yml settings.connection-throttle)', () => {
  it("1.20.4: a second login from 127.0.0.2 within the window is refused with Paper's text; 127.0.0.1 is exempt", async () => {
    await withServer(paper('1.20.4').withConnectionThrottle(4000).withClock(frozen), async (server) => {
      expect((await login(server, 'First', { localAddress: '127.0.0.2' })).outcome).toBe('success')
      const second = await login(server, 'Second', { localAddress: '127.0.0.2' })
      expect(second).toMatchObject({ outcome: 'throttled', key: null, message: THROTTLE_TEXT })
      // The literal "127.0.0.1" is never refused before 1.21.5.
      expect((await login(server, 'Local1')).outcome).toBe('success')
      expect((await login(server, 'Local2')).outcome).toBe('success')
    })
  })

  it('1.21.4: a refused transfer never reaches the throttle (Paper refuses it in handleIntention, the throttle is in beginLogin)', async () => {
    await withServer(paper('1.21.4').withConnectionThrottle(4000).withClock(frozen), async (server) => {
      const transferred = await login(server, 'Moved', { localAddress: '127.0.0.2', transferred: { cookies: new Map() } })
      expect(transferred).toMatchObject({ outcome: 'transfer_refused', key: 'multiplayer.disconnect.transfers_disabled' })
      // Had the refused transfer counted, this first login from the address would be throttled.
      expect((await login(server, 'First', { localAddress: '127.0.0.2' })).outcome).toBe('success')
      expect((await login(server, 'Second', { localAddress: '127.0.0.2' })).outcome).toBe('throttled')
    })
  })

  it('1.21.5+: every loopback address is exempt', async () => {
    await withServer(paper('1.21.5').withConnectionThrottle(4000).withClock(frozen), async (server) => {
      expect((await login(server, 'First', { localAddress: '127.0.0.2' })).outcome).toBe('success')
      expect((await login(server, 'Second', { localAddress: '127.0.0.2' })).outcome).toBe('success')
    })
  })

  it("status pings do not count; the harness's test set-up (-1) turns it off", async () => {
    await withServer(paper('1.21.4').withConnectionThrottle(4000).withClock(frozen), async (server) => {
      const protocol = 769 // 1.21.4
      await statusPing(server.getPort(), protocol, '127.0.0.2')
      expect((await login(server, 'AfterPing', { localAddress: '127.0.0.2' })).outcome).toBe('success')
      expect((await login(server, 'Again', { localAddress: '127.0.0.2' })).outcome).toBe('throttled')
    })
    await withServer(paper('1.21.4').withConnectionThrottle(-1), async (server) => {
      expect((await login(server, 'One', { localAddress: '127.0.0.2' })).outcome).toBe('success')
      expect((await login(server, 'Two', { localAddress: '127.0.0.2' })).outcome).toBe('success')
    })
  })

  // Forced off with BungeeCord/Velocity forwarding: effectiveConnectionThrottle (config-files.test.ts); a
  // direct client to such a server is refused before the throttle matters.

  it("reads the throttle and its message from the server's files", async () => {
    const files = {
      bukkit: 'settings:\n  connection-throttle: 4000\n',
      paperGlobal: 'messages:\n  kick:\n    connection-throttle: <red>Slow down!\n',
    }
    await withServer(paper('1.21.4').withClock(frozen).withPaperFiles(files), async (server) => {
      await login(server, 'One', { localAddress: '127.0.0.2' })
      expect(await login(server, 'Two', { localAddress: '127.0.0.2' })).toMatchObject({ outcome: 'kicked', message: 'Slow down!' })
    })
  })
})

describe("Paper's texts", () => {
  it('whitelist: "whitelisted", named not_whitelisted; a vanilla-only classifier reads it as kicked', async () => {
    await withServer(paper('1.21.4').withProperties({ whiteList: true }).withWhitelist(['Alice']), async (server) => {
      expect((await login(server, 'Alice')).outcome).toBe('success')
      expect(await login(server, 'Mallory')).toMatchObject({
        outcome: 'not_whitelisted',
        message: 'You are not whitelisted on this server!',
      })
      expect(await login(server, 'Mallory', { platform: 'vanilla' })).toMatchObject({
        outcome: 'kicked',
        message: 'You are not whitelisted on this server!',
      })
    })
  })

  it('spigot.yml messages.whitelist replaces it, & codes and all', async () => {
    await withServer(
      paper('1.21.4').withProperties({ whiteList: true }).withPaperFiles({ spigot: 'messages:\n  whitelist: "&cMembers only"\n' }),
      async (server) => {
        expect(await login(server, 'Mallory')).toMatchObject({ outcome: 'kicked', message: 'Members only' })
      },
    )
  })

  it("server full: the literal up to 1.21.6, vanilla's key from 1.21.7", async () => {
    for (const [version, expected] of [
      ['1.21.6', { text: 'The server is full!' }],
      ['1.21.8', { translate: 'multiplayer.disconnect.server_full' }],
    ] as const) {
      await withServer(paper(version).withProperties({ maxPlayers: 1 }), async (server) => {
        const first = await attempt({ port: server.getPort(), version, username: 'Alice', keep: true })
        try {
          const second = await attempt({ port: server.getPort(), version, username: 'Bob' })
          expect(second.kind === 'kicked' && second.reason, version).toEqual(expected)
          expect((await login(server, 'Carol')).outcome, version).toBe('server_full')
        } finally {
          if (first.kind === 'joined') first.client.end()
        }
      })
    }
  })

  it("outdated client / server: Spigot's MessageFormat texts", async () => {
    await withServer(paper('1.21.4'), async (server) => {
      const older = await lightLogin({
        host: server.getHost(),
        port: server.getPort(),
        version: '1.20.4',
        account: { kind: 'cracked', name: 'Old' },
        platform: 'paper',
        deadlineMs: 10_000,
      })
      expect(older).toMatchObject({ outcome: 'incompatible_version', message: 'Outdated client! Please use 1.21.4' })
      const newer = await lightLogin({
        host: server.getHost(),
        port: server.getPort(),
        version: '1.21.5',
        account: { kind: 'cracked', name: 'New' },
        platform: 'paper',
        deadlineMs: 10_000,
      })
      expect(newer).toMatchObject({ outcome: 'incompatible_version', message: "Outdated server! I'm still on 1.21.4" })
    })
  })
})

describe("Paper's name rule", () => {
  it('offline Paper admits a name vanilla refuses', async () => {
    // The harness's bots refuse such names themselves, so minecraft-protocol's own client sends it.
    await withServer(paper('1.21.4'), async (server) => {
      const result = await attempt({ port: server.getPort(), version: '1.21.4', username: 'two words' })
      expect(result.kind).toBe('joined')
      if (result.kind === 'joined') result.client.end()
    })
    await withServer(new EmbeddedMinecraftServer().withVersion('1.21.4'), async (server) => {
      const result = await attempt({ port: server.getPort(), version: '1.21.4', username: 'two words' })
      expect(result.kind === 'kicked' && JSON.stringify(result.reason)).toMatch(/Invalid characters in username/)
    })
  })

  it('online Paper refuses a name outside [A-Za-z0-9_.] that vanilla lets through to authentication', async () => {
    const online = (platform: 'vanilla' | 'paper') =>
      new EmbeddedMinecraftServer().withPlatform(platform).withAuth('premium').withSessionServer(mock.getUrl()).withVersion('1.21.4')
    await withServer(online('paper'), async (server) => {
      const result = await attempt({ port: server.getPort(), version: '1.21.4', username: 'dash-name' })
      expect(result.kind === 'kicked' && JSON.stringify(result.reason)).toMatch(/Invalid characters in username/)
    })
    await withServer(online('vanilla'), async (server) => {
      const result = await attempt({ port: server.getPort(), version: '1.21.4', username: 'dash-name' })
      expect(result.kind === 'kicked' && JSON.stringify(result.reason)).not.toMatch(/Invalid characters in username/)
    })
  })
})

describe('Paper duplicate login order', () => {
  // Alice is online, then leaves the whitelist (not enforced, so she stays), and logs in again.
  async function relogin(version: string) {
    const lists = { whitelist: [{ uuid: offlineUuid('Alice'), name: 'Alice' }] }
    return withServer(paper(version).withProperties({ whiteList: true }).withLists(lists), async (server) => {
      const first = await attempt({ port: server.getPort(), version, username: 'Alice', keep: true })
      if (first.kind !== 'joined') throw new Error(`Alice did not join: ${first.kind}`)
      // Kicks are decided (and emitted) within the new login's admission, before its reply is sent.
      const duplicateKicks: string[] = []
      server.events.on('kick', (k) => {
        if ('translate' in k.reason && k.reason.translate === 'multiplayer.disconnect.duplicate_login') duplicateKicks.push(String(k.name))
      })
      server.reloadWhitelist([])
      try {
        const second = await login(server, 'Alice')
        return { second: second.outcome, oldKicked: duplicateKicks.includes('Alice'), online: server.onlinePlayers() }
      } finally {
        first.client.end()
      }
    })
  }

  it('up to 1.21.6 the player online is kicked before the whitelist check refuses the new login', async () => {
    expect(await relogin('1.21.6')).toEqual({ second: 'not_whitelisted', oldKicked: true, online: [] })
  })

  it('from 1.21.7 the checks come first: the new login is refused and the player online stays', async () => {
    expect(await relogin('1.21.8')).toEqual({ second: 'not_whitelisted', oldKicked: false, online: ['Alice'] })
  })
})

describe("plugins' AsyncPlayerPreLogin", () => {
  it('runs before the whitelist; one that throws gives Paper\'s "Failed to verify username!"', async () => {
    const refusing = { name: 'gate', onPreLogin: () => 'Closed for maintenance' }
    await withServer(paper('1.21.4').withProperties({ whiteList: true }).withPlugin(refusing), async (server) => {
      expect(await login(server, 'Mallory')).toMatchObject({ outcome: 'kicked', message: 'Closed for maintenance' })
    })
    const broken = {
      name: 'broken',
      onPreLogin: (): undefined => {
        throw new Error('database down')
      },
    }
    await withServer(paper('1.21.4').withPlugin(broken), async (server) => {
      expect(await login(server, 'Alice')).toMatchObject({ outcome: 'unverified_username', message: 'Failed to verify username!' })
    })
  })
})
