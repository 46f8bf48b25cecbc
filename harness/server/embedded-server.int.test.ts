import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MockSessionServer, type StartedMockSessionServer } from '../session/index.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'
import { latestVersion } from '../versions.ts'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from './embedded-server.ts'
import { attempt, type Attempt } from './test-clients.ts'

// Oldest (literal texts), a 1.19.x (signature-era encryption packet), 1.20.4 (configuration
// phase, NBT kicks) and the newest.
const VERSIONS = ['1.8.8', '1.19.2', '1.20.4', '26.1']

let mock: StartedMockSessionServer
let counter = 0
const uniqueName = (prefix: string) => `${prefix}${(counter++).toString(36)}`.slice(0, 16)

beforeAll(async () => {
  mock = await new MockSessionServer().start()
})
afterAll(async () => {
  await mock?.stop()
})

async function withServer<T>(builder: EmbeddedMinecraftServer, run: (server: StartedEmbeddedServer) => Promise<T>): Promise<T> {
  await using server = await builder.start()
  return await run(server)
}

async function premiumAttempt(server: StartedEmbeddedServer, name: string, extra: { keep?: boolean; profileKeys?: boolean } = {}) {
  const account = await mock.createAccount({ name })
  const { profileKeys, ...rest } = extra
  return {
    account,
    result: await attempt({
      port: server.getPort(),
      version: server.getVersion(),
      username: account.name,
      premium: { sessionServer: mock.getUrl(), accessToken: account.accessToken, id: account.id, profileKeys },
      ...rest,
    }),
  }
}

function show(result: Attempt): string {
  return JSON.stringify(result.kind === 'joined' ? { kind: result.kind, uuid: result.uuid } : result)
}

/** What vanilla of `version` sends for `key`: the translate component, or 1.8-1.12's literal text. */
function expectKick(result: Attempt, version: string, key: string, legacyText: string, withArgs?: string[]) {
  expect(result.kind, show(result)).toBe('kicked')
  if (result.kind !== 'kicked') return
  if (version === '1.8.8') expect(result.reason).toEqual({ text: legacyText })
  else expect(result.reason).toEqual(withArgs ? { translate: key, with: withArgs } : { translate: key })
}

function premiumServer(version: string) {
  return new EmbeddedMinecraftServer().withAuth('premium').withVersion(version).withSessionServer(mock.getUrl()).withHasJoinedTimeoutMs(500)
}

describe.each(VERSIONS)('embedded server %s', (version) => {
  it('premium: a joined account gets in with its profile id and name', async () => {
    await withServer(premiumServer(version), async (server) => {
      const joins: Array<{ name: string; uuid: string; ip: string }> = []
      server.events.on('join', (e) => joins.push(e))
      const { account, result } = await premiumAttempt(server, uniqueName('Prem'))
      expect(result.kind, show(result)).toBe('joined')
      if (result.kind === 'joined') expect(result.uuid?.toString()).toBe(toDashedUuid(account.id))
      expect(joins).toEqual([{ name: account.name, uuid: toDashedUuid(account.id), ip: '127.0.0.1' }])
    })
  })

  it('premium: an offline client (no join call) is kicked unverified_username', async () => {
    await withServer(premiumServer(version), async (server) => {
      const result = await attempt({ port: server.getPort(), version, username: uniqueName('Off') })
      // On 1.19-1.19.2 the key-less client is refused at login start, before any encryption (vanilla's order).
      if (version === '1.19.2') expectKick(result, version, 'multiplayer.disconnect.missing_public_key', '')
      else expectKick(result, version, 'multiplayer.disconnect.unverified_username', 'Failed to verify username!')
    })
  })

  it('premium: hasJoined 503 -> authservers_down; hang -> authservers_down after the timeout', async () => {
    await withServer(premiumServer(version), async (server) => {
      await mock.use({ route: 'hasJoined', mode: 'status', status: 503 })
      try {
        const { result } = await premiumAttempt(server, uniqueName('Down'))
        expectKick(
          result,
          version,
          'multiplayer.disconnect.authservers_down',
          'Authentication servers are down. Please try again later, sorry!',
        )
        await mock.resetFaults()
        await mock.use({ route: 'hasJoined', mode: 'hang' })
        const hung = await premiumAttempt(server, uniqueName('Hang'))
        expectKick(
          hung.result,
          version,
          'multiplayer.disconnect.authservers_down',
          'Authentication servers are down. Please try again later, sorry!',
        )
        expect(hung.result.ms).toBeGreaterThanOrEqual(450)
      } finally {
        await mock.resetFaults()
      }
    })
  })

  it('premium: a 4xx from hasJoined is unverified_username, a refused connection authservers_down', async () => {
    await withServer(premiumServer(version), async (server) => {
      await mock.use({ route: 'hasJoined', mode: 'status', status: 403 })
      try {
        const { result } = await premiumAttempt(server, uniqueName('Forb'))
        expectKick(result, version, 'multiplayer.disconnect.unverified_username', 'Failed to verify username!')
      } finally {
        await mock.resetFaults()
      }
    })
    // Nothing listens on the session port of a stopped mock: connection refused at hasJoined,
    // while the client's own join call still goes to the live mock.
    const dead = await new MockSessionServer().start()
    const deadUrl = dead.getUrl()
    await dead.stop()
    // A server that could not fetch the services' keys either: on 1.19.x it refuses any key it
    // cannot check, so this client goes without one (and the server does not demand one).
    const noKeys = new EmbeddedMinecraftServer()
      .withAuth('premium')
      .withVersion(version)
      .withSessionServer(deadUrl)
      .withProperties({ enforceSecureProfile: false })
    await withServer(noKeys, async (server) => {
      const { result } = await premiumAttempt(server, uniqueName('Refu'), { profileKeys: false })
      expectKick(
        result,
        version,
        'multiplayer.disconnect.authservers_down',
        'Authentication servers are down. Please try again later, sorry!',
      )
    })
  })

  it('premium: a reset connection or a malformed answer from hasJoined is authservers_down', async () => {
    await withServer(premiumServer(version), async (server) => {
      try {
        for (const mode of ['reset', 'malformed'] as const) {
          await mock.resetFaults()
          await mock.use({ route: 'hasJoined', mode })
          const { result } = await premiumAttempt(server, uniqueName(mode.slice(0, 5)))
          expectKick(
            result,
            version,
            'multiplayer.disconnect.authservers_down',
            'Authentication servers are down. Please try again later, sorry!',
          )
        }
      } finally {
        await mock.resetFaults()
      }
    })
  })

  it('prevent-proxy-connections sends the ip to hasJoined, and only then', async () => {
    await withServer(premiumServer(version).withProperties({ preventProxyConnections: true }), async (server) => {
      await mock.clearJournal()
      const { result } = await premiumAttempt(server, uniqueName('Ip'))
      expect(result.kind).toBe('joined')
      const entry = (await mock.journal()).find((e) => e.route === 'hasJoined')
      expect(entry?.ip).toBe('127.0.0.1')
    })
    await withServer(premiumServer(version), async (server) => {
      await mock.clearJournal()
      await premiumAttempt(server, uniqueName('NoIp'))
      const entry = (await mock.journal()).find((e) => e.route === 'hasJoined')
      expect(entry).toBeDefined()
      expect(entry?.ip ?? null).toBeNull()
    })
  })

  it('cracked: offline UUID; whitelist, name ban, ip ban and full in vanilla order', async () => {
    const cracked = () => new EmbeddedMinecraftServer().withAuth('cracked').withVersion(version)
    await withServer(cracked(), async (server) => {
      const result = await attempt({ port: server.getPort(), version, username: 'Crack' })
      expect(result.kind).toBe('joined')
      if (result.kind === 'joined') expect(result.uuid?.toString()).toBe(offlineUuid('Crack'))
    })
    await withServer(cracked().withProperties({ whiteList: true }).withWhitelist(['Friend']), async (server) => {
      expect((await attempt({ port: server.getPort(), version, username: 'friend' })).kind).toBe('joined')
      expectKick(
        await attempt({ port: server.getPort(), version, username: 'Stranger' }),
        version,
        'multiplayer.disconnect.not_whitelisted',
        'You are not white-listed on this server!',
      )
    })
    await withServer(cracked().withBannedNames(['Griefer']).withProperties({ whiteList: true }), async (server) => {
      // A banned name hears about the ban, not the whitelist: vanilla checks bans first.
      expectKick(
        await attempt({ port: server.getPort(), version, username: 'griefer' }),
        version,
        'multiplayer.disconnect.banned.reason',
        'You are banned from this server!\nReason: Banned by an operator.',
        ['Banned by an operator.'],
      )
    })
    await withServer(cracked().withBannedIps(['127.0.0.1']), async (server) => {
      expectKick(
        await attempt({ port: server.getPort(), version, username: 'Anyone' }),
        version,
        'multiplayer.disconnect.banned_ip.reason',
        'Your IP address is banned from this server!\nReason: Banned by an operator.',
        ['Banned by an operator.'],
      )
    })
    await withServer(cracked().withProperties({ maxPlayers: 1 }), async (server) => {
      const first = await attempt({ port: server.getPort(), version, username: 'First', keep: true })
      try {
        expect(first.kind).toBe('joined')
        expectKick(
          await attempt({ port: server.getPort(), version, username: 'Second' }),
          version,
          'multiplayer.disconnect.server_full',
          'The server is full!',
        )
      } finally {
        if (first.kind === 'joined') first.client.end()
      }
    })
  })

  it('duplicate login: the old connection is kicked duplicate_login, the new one joins', async () => {
    await withServer(new EmbeddedMinecraftServer().withAuth('cracked').withVersion(version), async (server) => {
      const first = await attempt({ port: server.getPort(), version, username: 'Twin', keep: true })
      expect(first.kind).toBe('joined')
      if (first.kind !== 'joined') return
      const oldKick = new Promise<unknown>((resolve) =>
        first.client.on('packet', (data: { reason?: unknown }, meta: { name: string }) => {
          if (meta.name === 'kick_disconnect') resolve(data.reason)
        }),
      )
      const second = await attempt({ port: server.getPort(), version, username: 'Twin', keep: true })
      try {
        expect(second.kind).toBe('joined')
        const { decodeReason } = await import('./test-clients.ts')
        const reason = decodeReason(await oldKick)
        if (version === '1.8.8') expect(reason).toEqual({ text: 'You logged in from another location' })
        else expect(reason).toEqual({ translate: 'multiplayer.disconnect.duplicate_login' })
        expect(server.onlinePlayers()).toEqual(['Twin'])
      } finally {
        if (second.kind === 'joined') second.client.end()
        first.client.end()
      }
    })
  })

  it('slow_login: a login still unfinished at the deadline is kicked, whatever it waits for', async () => {
    const server = premiumServer(version).withHasJoinedTimeoutMs(3000).withLoginDeadlineMs(300)
    await withServer(server, async (started) => {
      await mock.use({ route: 'hasJoined', mode: 'hang' })
      try {
        const { result } = await premiumAttempt(started, uniqueName('Slow'))
        expectKick(result, version, 'multiplayer.disconnect.slow_login', 'Took too long to log in')
        // slow_login (not authservers_down, which the 3 s hasJoined timeout would give) is the proof.
      } finally {
        await mock.resetFaults()
      }
    })
  })
})

describe('1.19-1.19.2 secure profiles', () => {
  it('enforce-secure-profile on an online server kicks a client without profile keys (missing_public_key)', async () => {
    await withServer(premiumServer('1.19.2').withProperties({ enforceSecureProfile: true }), async (server) => {
      const { result } = await premiumAttempt(server, uniqueName('NoKey'), { profileKeys: false })
      expect(result).toMatchObject({ kind: 'kicked', state: 'login', reason: { translate: 'multiplayer.disconnect.missing_public_key' } })
    })
  })

  it("minecraft-protocol's own client, with the key pair the mock issued, joins an enforcing server (1.19, 1.19.2, 1.19.4, 1.20.4, newest)", async () => {
    for (const version of ['1.19', '1.19.2', '1.19.4', '1.20.4', latestVersion()]) {
      await withServer(premiumServer(version).withProperties({ enforceSecureProfile: true }), async (server) => {
        const { result } = await premiumAttempt(server, uniqueName('Keyed'))
        expect(result.kind, `${version}: ${show(result)}`).toBe('joined')
      })
    }
  })

  it('is not enforced on an offline server, nor from 1.19.3 on', async () => {
    const cracked = new EmbeddedMinecraftServer().withAuth('cracked').withVersion('1.19.2').withProperties({ enforceSecureProfile: true })
    await withServer(cracked, async (server) => {
      expect((await attempt({ port: server.getPort(), version: '1.19.2', username: 'Keyless' })).kind).toBe('joined')
    })
    await withServer(premiumServer('1.19.4').withProperties({ enforceSecureProfile: true }), async (server) => {
      expect((await premiumAttempt(server, uniqueName('Key194'), { profileKeys: false })).result.kind).toBe('joined')
    })
  })
})
