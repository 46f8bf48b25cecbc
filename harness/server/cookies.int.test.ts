/**
 * The embedded server's cookies (1.20.5+) over real sockets, with minecraft-protocol's own client
 * answering by hand: a plugin's login cookies are awaited before login success and answered in
 * request order (CraftPlayer.handleCookieResponse: the head of the queue, by key); any other
 * cookie response, in login or play, ends the connection with vanilla's
 * `multiplayer.disconnect.unexpected_query_response` (handleCookieResponse of
 * ServerLoginPacketListenerImpl / ServerCommonPacketListenerImpl); a transfer and a stored cookie
 * reach the client in the play state.
 */
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from './embedded-server.ts'
import type { LoginCandidate, Player, ServerPlugin } from './plugin.ts'
import { decodeReason } from './test-clients.ts'
import { rawFrame, rawString, varInt } from './testing/raw-frames.ts'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol')
const minecraftData = require('minecraft-data')

interface Client {
  on(event: string, listener: (...args: any[]) => void): void
  write(name: string, params: Record<string, unknown>): void
  end(): void
}

type Seen = { kind: 'joined' } | { kind: 'kicked'; reason: Record<string, unknown> } | { kind: 'ended' }

const VERSION = '26.1'
let server: StartedEmbeddedServer | undefined
afterEach(async () => {
  await server?.stop()
  server = undefined
})

async function start(plugin: ServerPlugin): Promise<StartedEmbeddedServer> {
  server = await new EmbeddedMinecraftServer().withAuth('cracked').withVersion(VERSION).withPlugin(plugin).start()
  return server
}

/** An offline minecraft-protocol client; `setup` adds its own cookie handling. Resolves with how it ended. */
function connect(port: number, name: string, setup: (client: Client) => void): { client: Client; seen: Promise<Seen> } {
  const client: Client = mc.createClient({ host: '127.0.0.1', port, username: name, version: VERSION, auth: 'offline', hideErrors: true })
  client.on('error', () => {})
  setup(client)
  const seen = new Promise<Seen>((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'ended' }), 10_000)
    const done = (value: Seen) => {
      clearTimeout(timer)
      resolve(value)
    }
    client.on('packet', (data: { reason?: unknown }, meta: { name: string; state: string }) => {
      if (meta.name === 'disconnect' || meta.name === 'kick_disconnect') done({ kind: 'kicked', reason: decodeReason(data.reason) })
      else if (meta.name === 'login' && meta.state === 'play') done({ kind: 'joined' })
    })
    client.on('end', () => done({ kind: 'ended' }))
  })
  return { client, seen }
}

const unexpected = { translate: 'multiplayer.disconnect.unexpected_query_response' }

/** A plugin asking for `keys` at login and recording what it got. */
function asking(keys: string[], got: Array<ReadonlyMap<string, Buffer | undefined>>): ServerPlugin {
  return {
    name: 'asks',
    loginCookies: () => keys,
    onLoginCookies: (_c: LoginCandidate, answers) => {
      got.push(answers)
      return undefined
    },
  }
}

describe('cookies during login', () => {
  it('waits for the answers, in request order, before login success; a missing cookie comes as no payload', async () => {
    const got: Array<ReadonlyMap<string, Buffer | undefined>> = []
    const started = await start(asking(['lobby:ticket', 'lobby:rank'], got))
    let successBeforeAnswers = false
    let answered = 0
    const { client, seen } = connect(started.getPort(), 'Alice', (c) => {
      c.on('success', () => {
        if (answered < 2) successBeforeAnswers = true
      })
      c.on('cookie_request', (packet: { cookie: string }) => {
        answered++
        c.write(
          'cookie_response',
          packet.cookie === 'lobby:ticket' ? { key: packet.cookie, value: Buffer.from('gold') } : { key: packet.cookie },
        )
      })
    })
    expect(await seen).toEqual({ kind: 'joined' })
    client.end()
    expect(successBeforeAnswers).toBe(false)
    expect([...got[0]!].map(([k, v]) => [k, v?.toString()])).toEqual([
      ['lobby:ticket', 'gold'],
      ['lobby:rank', undefined],
    ])
  })

  it('an answer to a later request first is refused (the queue is answered head first, by key)', async () => {
    const got: Array<ReadonlyMap<string, Buffer | undefined>> = []
    const started = await start(asking(['lobby:ticket', 'lobby:rank'], got))
    const requests: string[] = []
    const { seen } = connect(started.getPort(), 'Alice', (c) =>
      c.on('cookie_request', (packet: { cookie: string }) => {
        requests.push(packet.cookie)
        if (requests.length === 2) c.write('cookie_response', { key: 'lobby:rank' })
      }),
    )
    expect(await seen).toEqual({ kind: 'kicked', reason: unexpected })
    expect(got).toEqual([])
  })

  it('a cookie response nobody asked for ends the login, and in the play state too', async () => {
    const started = await start({ name: 'none' })
    const inLogin = connect(started.getPort(), 'Alice', (c) => c.on('connect', () => c.write('cookie_response', { key: 'evil:cookie' })))
    // minecraft-protocol writes set_protocol and login_start on connect; the response follows them.
    expect(await inLogin.seen).toEqual({ kind: 'kicked', reason: unexpected })
    let kickedInPlay: Record<string, unknown> | undefined
    const inPlay = connect(started.getPort(), 'Bob', (c) => {
      c.on('kick_disconnect', (packet: { reason: unknown }) => (kickedInPlay = decodeReason(packet.reason)))
    })
    expect(await inPlay.seen).toEqual({ kind: 'joined' })
    const kicked = new Promise<void>((resolve) => inPlay.client.on('end', () => resolve()))
    inPlay.client.write('cookie_response', { key: 'evil:cookie', value: Buffer.from('x') })
    await kicked
    expect(kickedInPlay).toEqual(unexpected)
  })
  // The unasked cookie and a garbled frame in one segment: the garbled frame errors the connection
  // just after its kick. The kick must still arrive, and the connection must still close (the
  // server no longer destroys a kicked connection on an error; it lets the kick's end finish).
  it('a connection that errors right after its kick still gets the kick, and is closed', async () => {
    const started = await start({ name: 'none' })
    const received = await sendRaw(started.getPort(), [
      rawHandshake(started.getPort()),
      rawLoginStart('Alice'),
      rawUnaskedCookie(),
      Buffer.from([0xff, 0xff, 0xff, 0x01]), // a frame length wider than 21 bits: the splitter errors
    ])
    expect(received.length, 'bytes before the close').toBeGreaterThan(0)
    expect(received.toString('utf8')).toContain('multiplayer.disconnect.unexpected_query_response')
  })

  // What the harness's bot sends (bot/cookie-jar.ts): the unasked cookie first, then login start,
  // in one segment. The kick comes first; vanilla handles no packet of a connection it disconnected.
  it('an unasked cookie before login start is kicked, and the login start after it lets nobody in', async () => {
    const joins: string[] = []
    const started = await start({ name: 'records joins', onJoin: (player) => void joins.push(player.name) })
    const received = await sendRaw(started.getPort(), [rawHandshake(started.getPort()), rawUnaskedCookie(), rawLoginStart('Alice')])
    expect(received.toString('utf8')).toContain('multiplayer.disconnect.unexpected_query_response')
    expect(joins).toEqual([])
  })
})

function rawHandshake(port: number): Buffer {
  const portBytes = Buffer.alloc(2)
  portBytes.writeUInt16BE(port)
  // Intention 2: login.
  return rawFrame(0x00, varInt(minecraftData(VERSION).version.version!), rawString('127.0.0.1'), portBytes, varInt(2))
}
/** login_start: the name and a UUID (all zeros, as an offline client may send). */
const rawLoginStart = (name: string) => rawFrame(0x00, rawString(name), Buffer.alloc(16))
/** cookie_response (login state, id 0x04) without a payload. */
const rawUnaskedCookie = () => rawFrame(0x04, rawString('evil:cookie'), Buffer.from([0]))

/** Writes `frames` in one segment; resolves with every byte the server sent before it closed. */
async function sendRaw(port: number, frames: Buffer[]): Promise<Buffer> {
  const { connect: connectRaw } = await import('node:net')
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connectRaw(port, '127.0.0.1', () => socket.write(Buffer.concat(frames)))
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error('the server neither kicked nor closed within 10 s'))
    }, 10_000)
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks))
    })
  })
}

describe('transfer and store_cookie in the play state', () => {
  it('StartedEmbeddedServer.transfer sends the transfer packet; a plugin stores a cookie; limits and unknown players throw', async () => {
    let joined: Player | undefined
    const started = await start({ name: 'stores', onJoin: (player) => (joined = player) })
    const packets: Array<[string, unknown]> = []
    const { client, seen } = connect(started.getPort(), 'Alice', (c) => {
      c.on('store_cookie', (p: { key: string; value: Buffer }) => packets.push(['store_cookie', [p.key, p.value.toString()]]))
      c.on('transfer', (p: { host: string; port: number }) => packets.push(['transfer', [p.host, p.port]]))
    })
    expect(await seen).toEqual({ kind: 'joined' })
    const arrived = new Promise<void>((resolve) => client.on('transfer', () => resolve()))
    joined!.storeCookie('lobby:ticket', Buffer.from('gold'))
    expect(() => joined!.storeCookie('lobby:big', Buffer.alloc(5121))).toThrow('the cookie to store is too big: 5121 > 5120')
    started.transfer('alice', '127.0.0.1', 25570)
    await arrived
    client.end()
    expect(packets).toEqual([
      ['store_cookie', ['lobby:ticket', 'gold']],
      ['transfer', ['127.0.0.1', 25570]],
    ])
    expect(() => started.transfer('Nobody', '127.0.0.1', 1)).toThrow('transfer: Nobody is not online on this server')
  })
})
