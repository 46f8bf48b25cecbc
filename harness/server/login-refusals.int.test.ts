/**
 * What vanilla refuses before authentication, over raw sockets (no client library to tidy the
 * input): a client of another protocol gets the outdated/incompatible kick, and a login name that
 * vanilla cannot read or does not allow gets the exception kick, never login success.
 */
import { createRequire } from 'node:module'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MockSessionServer, type StartedMockSessionServer } from '../session/index.ts'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from './embedded-server.ts'
import { attempt } from './test-clients.ts'

const require = createRequire(import.meta.url)
const [readVarInt, writeVarInt, sizeOfVarInt] = require('protodef').types.varint as [
  (buffer: Buffer, offset: number) => { value: number; size: number },
  (value: number, buffer: Buffer, offset: number) => number,
  (value: number) => number,
]
const protocolOf = (version: string): number => require('minecraft-data')(version).version.version

function varint(value: number): Buffer {
  const out = Buffer.alloc(sizeOfVarInt(value))
  writeVarInt(value, out, 0)
  return out
}
const str = (s: string) => Buffer.concat([varint(Buffer.byteLength(s)), Buffer.from(s)])
const frame = (payload: Buffer) => Buffer.concat([varint(payload.length), payload])

type Reply = { kind: 'kicked'; reason: Record<string, unknown> } | { kind: 'admitted'; packetId: number } | { kind: 'closed' }

/**
 * Handshake with `protocol`, then login start with `name` (plus a UUID where `serverVersion`
 * expects one); returns the server's first login-state packet: a disconnect, or anything else.
 */
function rawLogin(port: number, protocol: number, name: string, serverVersion: string, intention = 2): Promise<Reply> {
  const port16 = Buffer.alloc(2)
  port16.writeUInt16BE(port)
  const handshake = frame(Buffer.concat([varint(0), varint(protocol), str('127.0.0.1'), port16, varint(intention)]))
  const serverProtocol = protocolOf(serverVersion)
  // 1.19-1.19.2: optional signature (absent) and optional UUID; 1.20.2+: a UUID; 1.8-1.18: the name only.
  const tail = serverProtocol >= 764 ? Buffer.alloc(16) : serverProtocol >= 759 ? Buffer.from([0, 0]) : Buffer.alloc(0)
  const loginStart = frame(Buffer.concat([varint(0), str(name), tail]))
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat([handshake, loginStart])))
    let buffer = Buffer.alloc(0)
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error('no reply within 10 s'))
    }, 10_000)
    const done = (reply: Reply) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(reply)
    }
    socket.on('error', () => {})
    socket.on('close', () => done({ kind: 'closed' }))
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      try {
        const length = readVarInt(buffer, 0)
        if (buffer.length < length.size + length.value) return
        const id = readVarInt(buffer, length.size)
        if (id.value !== 0) return done({ kind: 'admitted', packetId: id.value })
        const text = readVarInt(buffer, length.size + id.size)
        const start = length.size + id.size + text.size
        done({ kind: 'kicked', reason: JSON.parse(buffer.subarray(start, start + text.value).toString('utf8')) })
      } catch {
        // A partial frame: wait for more.
      }
    })
  })
}

let mock: StartedMockSessionServer
const servers = new Map<string, StartedEmbeddedServer>()

async function server(
  version: string,
  auth: 'cracked' | 'premium' = 'cracked',
  acceptsTransfers?: boolean,
): Promise<StartedEmbeddedServer> {
  const key = `${version}/${auth}/${acceptsTransfers}`
  let started = servers.get(key)
  if (!started) {
    const builder = new EmbeddedMinecraftServer().withAuth(auth).withVersion(version)
    if (acceptsTransfers !== undefined) builder.withProperties({ acceptsTransfers })
    if (auth === 'premium') builder.withSessionServer(mock.getUrl())
    started = await builder.start()
    servers.set(key, started)
  }
  return started
}

beforeAll(async () => {
  mock = await new MockSessionServer().start()
})
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.stop()))
  await mock?.stop()
})

describe("another protocol version gets vanilla's outdated / incompatible kick", () => {
  const cases: Array<[string, number, Record<string, unknown>]> = [
    // 1.16+: anything below 754 is an outdated client, anything else (newer too) incompatible.
    ['1.20.4', 47, { translate: 'multiplayer.disconnect.outdated_client', with: ['1.20.4'] }],
    ['1.20.4', -1, { translate: 'multiplayer.disconnect.outdated_client', with: ['1.20.4'] }],
    ['1.20.4', 99999, { translate: 'multiplayer.disconnect.incompatible', with: ['1.20.4'] }],
    ['1.20.4', 764, { translate: 'multiplayer.disconnect.incompatible', with: ['1.20.4'] }],
    ['26.1', 765, { translate: 'multiplayer.disconnect.incompatible', with: ['26.1'] }],
    // 1.12-1.15: older -> outdated_client, newer -> outdated_server.
    ['1.12.2', 47, { translate: 'multiplayer.disconnect.outdated_client', with: ['1.12.2'] }],
    ['1.12.2', 99999, { translate: 'multiplayer.disconnect.outdated_server', with: ['1.12.2'] }],
    // 1.8-1.11: the same in literal English.
    ['1.8.8', 5, { text: 'Outdated client! Please use 1.8.8' }],
    ['1.8.8', 765, { text: "Outdated server! I'm still on 1.8.8" }],
  ]
  for (const [version, protocol, reason] of cases) {
    it(`${version} server, protocol ${protocol}`, async () => {
      const started = await server(version)
      expect(await rawLogin(started.getPort(), protocol, 'OtherProtocol', version)).toEqual({ kind: 'kicked', reason })
    })
  }

  it('an online-mode server refuses before encryption, and its own protocol still gets in', async () => {
    const started = await server('1.20.4', 'premium')
    expect(await rawLogin(started.getPort(), 47, 'OtherProtocol', '1.20.4')).toMatchObject({
      kind: 'kicked',
      reason: { translate: 'multiplayer.disconnect.outdated_client' },
    })
    // 0x01: the encryption request.
    expect(await rawLogin(started.getPort(), 765, 'SameProtocol', '1.20.4')).toEqual({ kind: 'admitted', packetId: 1 })
  })

  it('a real 1.8.8 client (minecraft-protocol) at a 1.20.4 server is told it is outdated', async () => {
    const started = await server('1.20.4')
    const result = await attempt({ port: started.getPort(), version: '1.8.8', username: 'OldClient' })
    expect(result).toMatchObject({ kind: 'kicked', reason: { translate: 'multiplayer.disconnect.outdated_client', with: ['1.20.4'] } })
  })
})

describe('login names vanilla refuses', () => {
  const exception = (detail: string) => ({ translate: 'disconnect.genericReason', with: [`Internal Exception: ${detail}`] })
  const tooLong = (n: number) =>
    exception(`io.netty.handler.codec.DecoderException: The received string length is longer than maximum allowed (${n} > 16)`)
  const invalidChars = exception('java.lang.IllegalStateException: Invalid characters in username')
  const blank = exception('java.lang.IllegalArgumentException: Name and ID cannot both be blank')

  for (const version of ['1.20.4', '26.1']) {
    it(`${version}: too long, empty, space, control character, non-ASCII`, async () => {
      const port = (await server(version)).getPort()
      const protocol = protocolOf(version)
      expect(await rawLogin(port, protocol, 'A'.repeat(17), version)).toEqual({ kind: 'kicked', reason: tooLong(17) })
      expect(await rawLogin(port, protocol, '', version)).toEqual({ kind: 'kicked', reason: blank })
      for (const name of ['Two Words', 'Tab\there', 'Bell\u0007', 'Zoë', 'Del\u007f', '\u{1F600}']) {
        expect(await rawLogin(port, protocol, name, version), JSON.stringify(name)).toEqual({ kind: 'kicked', reason: invalidChars })
      }
      // The widest name vanilla allows: 16 printable ASCII characters, punctuation included.
      expect((await rawLogin(port, protocol, 'Ab_9-!~.{}[]()<>', version)).kind).toBe('admitted')
    })
  }

  it('1.20.4 online mode: refused before encryption (no hasJoined for a name vanilla cannot read)', async () => {
    const started = await server('1.20.4', 'premium')
    expect(await rawLogin(started.getPort(), protocolOf('1.20.4'), 'Has Space', '1.20.4')).toEqual({ kind: 'kicked', reason: invalidChars })
  })

  it('1.8.8 (before 1.19 checked characters): length is still 1-16, odd characters get in as they did', async () => {
    const port = (await server('1.8.8')).getPort()
    const protocol = protocolOf('1.8.8')
    expect(await rawLogin(port, protocol, 'B'.repeat(40), '1.8.8')).toEqual({ kind: 'kicked', reason: tooLong(40) })
    expect((await rawLogin(port, protocol, '', '1.8.8')).kind).toBe('kicked')
    expect((await rawLogin(port, protocol, 'Old Space', '1.8.8')).kind).toBe('admitted')
  })
})

describe('a transfer handshake (intention 3, 1.20.5+): refused unless accepts-transfers=true', () => {
  const refused = { translate: 'multiplayer.disconnect.transfers_disabled' }
  for (const version of ['1.20.6', '26.1']) {
    it(`${version}: refused by default and with accepts-transfers=false, admitted with true; a login (2) is never affected`, async () => {
      const protocol = protocolOf(version)
      for (const accepts of [undefined, false]) {
        const port = (await server(version, 'cracked', accepts)).getPort()
        expect(await rawLogin(port, protocol, 'Moved', version, 3), `accepts-transfers ${accepts}`).toEqual({
          kind: 'kicked',
          reason: refused,
        })
        expect((await rawLogin(port, protocol, 'Direct', version, 2)).kind).toBe('admitted')
      }
      const accepting = (await server(version, 'cracked', true)).getPort()
      expect((await rawLogin(accepting, protocol, 'Moved', version, 3)).kind).toBe('admitted')
    })
  }

  it('the refusal comes before the version check (vanilla handles the intention first)', async () => {
    const port = (await server('26.1')).getPort()
    expect(await rawLogin(port, 47, 'Moved', '26.1', 3)).toEqual({ kind: 'kicked', reason: refused })
    const accepting = (await server('26.1', 'cracked', true)).getPort()
    expect(await rawLogin(accepting, 47, 'Moved', '26.1', 3)).toEqual({
      kind: 'kicked',
      reason: { translate: 'multiplayer.disconnect.outdated_client', with: ['26.1'] },
    })
  })

  it('a premium server refuses it before encryption', async () => {
    const port = (await server('1.20.6', 'premium')).getPort()
    expect(await rawLogin(port, protocolOf('1.20.6'), 'Moved', '1.20.6', 3)).toEqual({ kind: 'kicked', reason: refused })
  })

  it('1.20.4 has no transfer intention: the connection is closed without a word, even with accepts-transfers=true', async () => {
    const port = (await server('1.20.4', 'cracked', true)).getPort()
    expect(await rawLogin(port, protocolOf('1.20.4'), 'Moved', '1.20.4', 3)).toEqual({ kind: 'closed' })
  })
})
