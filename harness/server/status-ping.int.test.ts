/**
 * The embedded server's server list ping, asked over real sockets by clients nobody here wrote
 * (minecraft-protocol's `ping` for the raw JSON, minecraft-server-util for the legacy 0xFE pings)
 * and compared with what vanilla sends.
 */
import { connect } from 'node:net'
import mc from 'minecraft-protocol'
import { statusFE, statusFE01 } from 'minecraft-server-util'
import { afterEach, describe, expect, it } from 'vitest'
import { MockSessionServer } from '../session/index.ts'
import { offlineUuid } from '../uuid.ts'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from './embedded-server.ts'
import { parseServerProperties } from './properties.ts'
import { legacyPacket, legacyResponse, statusResponse } from './status-ping.ts'
import { attempt, type RawClient } from './test-clients.ts'

const started: StartedEmbeddedServer[] = []
const clients: RawClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.end()
  await Promise.all(started.splice(0).map((s) => s.stop()))
})

async function start(builder: EmbeddedMinecraftServer): Promise<StartedEmbeddedServer> {
  const server = await builder.start()
  started.push(server)
  return server
}

/** The status JSON exactly as sent (minecraft-protocol's ping hands it back parsed, untouched). */
async function ping(server: StartedEmbeddedServer): Promise<Record<string, any>> {
  return (await mc.ping({
    host: '127.0.0.1',
    port: server.getPort(),
    version: server.getVersion(),
    closeTimeout: 5000,
  } as mc.PingOptions)) as Record<string, any>
}

/** Writes `bytes` on a fresh connection and resolves with everything read until the server closes it. */
function exchange(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    socket.setTimeout(5000, () => socket.destroy(new Error('no legacy answer within 5 s')))
    socket.on('data', (c) => chunks.push(c))
    socket.on('end', () => resolve(Buffer.concat(chunks)))
    socket.on('error', reject)
  })
}

/** No SRV lookup: nothing may leave loopback. */
const LOCAL = { timeout: 5000, enableSRV: false }

describe('status ping like vanilla', () => {
  it('an empty server: default MOTD, no players.sample, version and protocol of the server', async () => {
    const server = await start(new EmbeddedMinecraftServer().withVersion('1.20.4'))
    const status = await ping(server)
    expect(status.description).toEqual({ text: 'A Minecraft Server' })
    expect(status.players).toEqual({ max: 20, online: 0 })
    expect(status.version).toEqual({ name: '1.20.4', protocol: 765 })
    expect(status.enforcesSecureChat).toBe(false)
    expect(status).not.toHaveProperty('previewsChat')
  })

  it('lists at most 12 online players in players.sample, with their names and dashed ids', async () => {
    const server = await start(new EmbeddedMinecraftServer().withVersion('1.20.4'))
    const names = Array.from({ length: 13 }, (_, i) => `Pinger${i}`)
    for (const username of names) {
      const result = await attempt({ port: server.getPort(), version: '1.20.4', username, keep: true })
      if (result.kind !== 'joined') throw new Error(`${username} did not join: ${JSON.stringify(result)}`)
      clients.push(result.client)
    }
    expect(server.onlinePlayers()).toHaveLength(13)
    const status = await ping(server)
    expect(status.players.online).toBe(13)
    expect(status.players.sample).toHaveLength(12)
    for (const entry of status.players.sample as { name: string; id: string }[]) {
      expect(names).toContain(entry.name)
      expect(entry.id).toBe(offlineUuid(entry.name))
    }
    expect(new Set(status.players.sample.map((e: { name: string }) => e.name)).size).toBe(12)
  })

  it('enforcesSecureChat: true for an online-mode server enforcing secure profiles; absent before 1.19.1; previewsChat on 1.19.x', async () => {
    const mock = await new MockSessionServer().start()
    try {
      const enforcing = await start(
        new EmbeddedMinecraftServer().withAuth('premium').withSessionServer(mock.getUrl()).withVersion('1.20.4'),
      )
      expect((await ping(enforcing)).enforcesSecureChat).toBe(true)
      const notEnforcing = await start(
        new EmbeddedMinecraftServer()
          .withAuth('premium')
          .withSessionServer(mock.getUrl())
          .withVersion('1.20.4')
          .withProperties({ enforceSecureProfile: false }),
      )
      expect((await ping(notEnforcing)).enforcesSecureChat).toBe(false)
    } finally {
      await mock.stop()
    }
    // 1.19.3+: a server that could not fetch the services' keys does not enforce (canValidateProfileKeys).
    const keyless = await start(
      new EmbeddedMinecraftServer()
        .withAuth('premium')
        .withSessionServer('http://127.0.0.1:9')
        .withVersion('1.20.4')
        .withProperties({ enforceSecureProfile: true }),
    )
    expect((await ping(keyless)).enforcesSecureChat).toBe(false)
    const old = await start(new EmbeddedMinecraftServer().withVersion('1.18.2'))
    const oldStatus = await ping(old)
    expect(oldStatus).not.toHaveProperty('enforcesSecureChat')
    expect(oldStatus).not.toHaveProperty('previewsChat')
    const preview = await ping(await start(new EmbeddedMinecraftServer().withVersion('1.19.2')))
    expect(preview).toMatchObject({ enforcesSecureChat: false, previewsChat: false })
  })

  it('takes the MOTD from the config and from server.properties', async () => {
    const parsed = parseServerProperties('motd=Hello \\u00e9 world\nonline-mode=false\n')
    expect(parsed.motd).toBe('Hello é world')
    expect(parseServerProperties('online-mode=false\n')).not.toHaveProperty('motd')
    const server = await start(EmbeddedMinecraftServer.fromConfig({ auth: 'cracked', version: '1.20.4', motd: parsed.motd }))
    expect((await ping(server)).description).toEqual({ text: 'Hello é world' })
  })
})

describe('legacy ping (0xFE) like vanilla', () => {
  it('0xFE 0x01 and the 1.6 form answer protocol 127 with version, MOTD and counts', async () => {
    const server = await start(new EmbeddedMinecraftServer().withVersion('1.20.4').withMotd('Legacy hi'))
    const answer = await statusFE01('127.0.0.1', server.getPort(), LOCAL)
    expect(answer).toMatchObject({ protocolVersion: 127, version: '1.20.4', players: { online: 0, max: 20 } })
    expect(answer.motd.clean).toBe('Legacy hi')
    // 1.6's form: FE 01 FA "MC|PingHost" <protocol 78, host, port>. (minecraft-server-util's statusFE01FA
    // writes the port as a signed short and throws above 32767, so it is built by hand here.)
    const utf16 = (s: string) => Buffer.concat([Buffer.from([s.length >> 8, s.length & 0xff]), Buffer.from(s, 'utf16le').swap16()])
    const host = utf16('127.0.0.1')
    const port = Buffer.alloc(4)
    port.writeInt32BE(server.getPort())
    const rest = Buffer.concat([Buffer.from([78]), host, port])
    const restLength = Buffer.from([rest.length >> 8, rest.length & 0xff])
    const bytes = await exchange(server.getPort(), Buffer.concat([Buffer.from([0xfe, 0x01, 0xfa]), utf16('MC|PingHost'), restLength, rest]))
    expect(bytes).toEqual(legacyPacket('\u00a71\u0000127\u00001.20.4\u0000Legacy hi\u00000\u000020'))
  })

  it('a lone 0xFE (clients before 1.4) gets motd§online§max', async () => {
    const server = await start(new EmbeddedMinecraftServer().withVersion('1.8.8'))
    const answer = await statusFE('127.0.0.1', server.getPort(), LOCAL)
    expect(answer).toMatchObject({ players: { online: 0, max: 20 }, motd: 'A Minecraft Server' })
    // The same bytes read by hand: 0xFF, length in UTF-16 units, UTF-16BE text; then the socket closes.
    expect(await exchange(server.getPort(), Buffer.from([0xfe]))).toEqual(legacyPacket('A Minecraft Server\u00a70\u00a720'))
  })

  it('formats both legacy answers and the status JSON from one source (unit)', () => {
    const source = {
      version: '1.12.2',
      protocolVersion: 340,
      motd: 'M',
      maxPlayers: 5,
      online: () => [{ name: 'A', uuid: '0'.repeat(32) }],
      enforcesSecureChat: true,
    }
    expect(legacyResponse(source, 1)).toBe('\u00a71\u0000127\u00001.12.2\u0000M\u00001\u00005')
    expect(legacyResponse(source, 0)).toBe('M\u00a71\u00a75')
    expect(statusResponse(source)).toEqual({
      version: { name: '1.12.2', protocol: 340 },
      players: { max: 5, online: 1, sample: [{ name: 'A', id: '00000000-0000-0000-0000-000000000000' }] },
      description: { text: 'M' },
    })
  })
})
