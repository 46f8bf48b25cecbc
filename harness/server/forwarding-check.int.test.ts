/**
 * The embedded server checking proxy forwarding as Paper/Spigot do (forwarding-check.ts): direct
 * connections, forged legacy handshakes, BungeeGuard tokens and Velocity's signed answer, seen
 * from a harness bot (so the outcome names and texts are the ones reports show).
 */
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { lightLogin } from '../bot/light-client.ts'
import type { BackendForwarding } from '../input/forwarding.ts'
import {
  encodeLegacyForwardingHost,
  encodeModernForwarding,
  requestedForwardingVersion,
  withBungeeGuardToken,
} from '../proxy/forwarding/index.ts'
import { offlineUuid } from '../uuid.ts'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from './embedded-server.ts'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol')

const VERSION = '1.20.4'
const OPERATOR = '069a79f4-44e9-4726-a5be-fca90e38aaf5'
let server: StartedEmbeddedServer | undefined

afterEach(async () => {
  await server?.stop()
  server = undefined
})

async function start(forwarding: BackendForwarding): Promise<StartedEmbeddedServer> {
  server = await new EmbeddedMinecraftServer()
    .withAuth('cracked')
    .withPlatform('paper')
    .withVersion(VERSION)
    .withForwarding(forwarding)
    .start()
  return server
}

function joins(s: StartedEmbeddedServer): Array<{ name: string; uuid: string; ip: string }> {
  const seen: Array<{ name: string; uuid: string; ip: string }> = []
  s.events.on('join', (j) => seen.push(j))
  return seen
}

const login = (s: StartedEmbeddedServer, name: string, handshakeHost?: string) =>
  lightLogin({
    host: '127.0.0.1',
    port: s.getPort(),
    version: VERSION,
    account: { kind: 'cracked', name },
    handshakeHost,
    deadlineMs: 10_000,
  })

const forged = (uuid: string, properties: Array<{ name: string; value: string; signature?: string }> = []) =>
  encodeLegacyForwardingHost({ host: '127.0.0.1', ip: '203.0.113.7', profile: { uuid, properties }, style: 'bungeecord' })

describe('legacy forwarding (spigot.yml settings.bungeecord)', () => {
  it('bungeecord: true, direct client: Spigot asks for forwarding in BungeeCord', async () => {
    const s = await start({ bungeecord: true })
    const a = await login(s, 'Direct')
    expect(a).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'If you wish to use IP forwarding, please enable it in your BungeeCord config as well!',
    })
  })

  it('bungeecord: false, forwarded data: "did you forget to enable BungeeCord"', async () => {
    const s = await start({ bungeecord: false })
    const a = await login(s, 'Fwd', forged(offlineUuid('Fwd')))
    expect(a).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?',
    })
  })

  it('the bypass: bungeecord: true without BungeeGuard takes a forged operator UUID and IP', async () => {
    const s = await start({ bungeecord: true })
    const seen = joins(s)
    const a = await login(s, 'Notch', forged(OPERATOR))
    expect(a.outcome).toBe('success')
    expect(seen).toEqual([{ name: 'Notch', uuid: OPERATOR, ip: '203.0.113.7' }])
  })

  it('BungeeGuard refuses the forged handshake, and a direct client with its no-data text', async () => {
    const s = await start({ bungeecord: true, bungeeGuard: { allowedTokens: ['s3cret-token'] } })
    expect(await login(s, 'Notch', forged(OPERATOR))).toMatchObject({ outcome: 'forwarding_refused', message: 'Unable to authenticate.' })
    expect(await login(s, 'Direct')).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'Unable to authenticate - no data was forwarded by the proxy.',
    })
  })

  it('BungeeGuard lets the right token in, with the forwarded UUID', async () => {
    const s = await start({ bungeecord: true, bungeeGuard: { allowedTokens: ['s3cret-token'] } })
    const seen = joins(s)
    const a = await login(s, 'Notch', forged(OPERATOR, withBungeeGuardToken([], 's3cret-token')))
    expect(a.outcome).toBe('success')
    expect(seen[0]?.uuid).toBe(OPERATOR)
  })
})

/** A client that answers the backend's velocity:player_info request the way `answer` says. */
function velocityClient(
  port: number,
  name: string,
  answer: (requested: number) => Buffer | undefined,
): Promise<{ kind: 'joined' } | { kind: 'kicked'; reason: string } | { kind: 'ended' }> {
  const client = mc.createClient({
    host: '127.0.0.1',
    port,
    username: name,
    version: VERSION,
    auth: 'offline',
    profilesFolder: false,
    validateChannelProtocol: false,
    hideErrors: true,
  })
  client.removeAllListeners('login_plugin_request')
  client.on('login_plugin_request', (packet: { messageId: number; channel: string; data: Buffer }) => {
    const data = packet.channel === 'velocity:player_info' ? answer(requestedForwardingVersion(packet.data)) : undefined
    client.write('login_plugin_response', data === undefined ? { messageId: packet.messageId } : { messageId: packet.messageId, data })
  })
  return new Promise((resolve) => {
    const timer = setTimeout(() => done({ kind: 'ended' }), 10_000)
    const done = (r: { kind: 'joined' } | { kind: 'kicked'; reason: string } | { kind: 'ended' }) => {
      clearTimeout(timer)
      client.end()
      resolve(r)
    }
    client.on('error', () => {})
    client.on('disconnect', (p: { reason: string }) => done({ kind: 'kicked', reason: p.reason }))
    client.on('login', () => done({ kind: 'joined' }))
    client.on('end', () => done({ kind: 'ended' }))
  })
}

describe('Velocity modern forwarding (paper-global.yml proxies.velocity)', () => {
  const profile = { uuid: OPERATOR, name: 'Notch', properties: [{ name: 'textures', value: 'v', signature: 's' }] }

  it('a direct client answers "not understood": "This server requires you to connect with Velocity."', async () => {
    const s = await start({ velocity: { enabled: true, secret: 'abc' } })
    expect(await login(s, 'Direct')).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'This server requires you to connect with Velocity.',
    })
  })

  it('a forged legacy handshake is no way in either: Spigot refuses it before Paper asks Velocity', async () => {
    const s = await start({ velocity: { enabled: true, secret: 'abc' } })
    expect(await login(s, 'Notch', forged(OPERATOR))).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?',
    })
  })

  it("the right secret: the forwarded UUID, name and address become the player's; Paper asks for version 4", async () => {
    const s = await start({ velocity: { enabled: true, secret: 'abc' } })
    const seen = joins(s)
    let asked = 0
    const r = await velocityClient(s.getPort(), 'Notch', (requested) => {
      asked = requested
      return encodeModernForwarding({ secret: 'abc', address: '198.51.100.4', profile, version: 4 })
    })
    expect(r.kind).toBe('joined')
    expect(asked).toBe(4)
    expect(seen).toEqual([{ name: 'Notch', uuid: OPERATOR, ip: '198.51.100.4' }])
  })

  it('a wrong secret: "Unable to verify player details"', async () => {
    const s = await start({ velocity: { enabled: true, secret: 'abc' } })
    const r = await velocityClient(s.getPort(), 'Notch', () =>
      encodeModernForwarding({ secret: 'not-abc', address: '198.51.100.4', profile, version: 4 }),
    )
    expect(r).toEqual({ kind: 'kicked', reason: JSON.stringify({ text: 'Unable to verify player details' }) })
  })

  it('an empty secret turns Velocity support off, as Paper does (and says why)', async () => {
    const s = await start({ velocity: { enabled: true, secret: '' } })
    const seen = joins(s)
    expect((await login(s, 'Plain')).outcome).toBe('success')
    expect(seen[0]?.uuid).toBe(offlineUuid('Plain'))
  })
})
