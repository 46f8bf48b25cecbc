/**
 * The embedded proxy in front of embedded backends, seen by harness bots: forwarding in each
 * mode, the backend's refusals wrapped in each proxy's words, the proxy's own online-mode texts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { attemptLogin } from '../bot/login-attempt.ts'
import { lightLogin } from '../bot/light-client.ts'
import type { BackendForwarding } from '../input/forwarding.ts'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from '../server/embedded-server.ts'
import { MockSessionServer, type StartedMockSessionServer } from '../session/index.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'
import { startProxy, type ProxyOptions, type StartedProxy } from './embedded-proxy.ts'

let session: StartedMockSessionServer
const started: Array<{ stop(): Promise<void> }> = []

beforeAll(async () => {
  session = await new MockSessionServer().start()
})
afterAll(async () => {
  await session?.stop()
})
afterEach(async () => {
  for (const s of started.splice(0).reverse()) await s.stop()
})

async function backend(version: string, forwarding?: BackendForwarding): Promise<StartedEmbeddedServer> {
  const b = new EmbeddedMinecraftServer().withAuth('cracked').withVersion(version)
  if (forwarding) b.withPlatform('paper').withForwarding(forwarding)
  const s = await b.start()
  started.push(s)
  return s
}

async function proxy(
  version: string,
  options: Partial<ProxyOptions> & Pick<ProxyOptions, 'type' | 'forwarding'>,
  ...servers: StartedEmbeddedServer[]
): Promise<StartedProxy> {
  const p = await startProxy({
    online: false,
    version,
    sessionServer: session.getServerFacingUrl(),
    backends: servers.map((s, i) => ({ name: i === 0 ? 'lobby' : `server${i + 1}`, host: s.getHost(), port: s.getPort() })),
    loginRatelimitMs: 0,
    ...options,
  })
  started.push(p)
  return p
}

function joins(s: StartedEmbeddedServer) {
  const seen: Array<{ name: string; uuid: string; ip: string }> = []
  s.events.on('join', (j) => seen.push(j))
  return seen
}

describe.each(['1.20.4', '1.16.5'])('embedded proxy on %s', (version) => {
  const via = (p: StartedProxy) => ({ host: p.getHost(), port: p.getPort(), version })

  it('Velocity, modern forwarding, online: the player joins the backend with the UUID from the session server', async () => {
    const b = await backend(version, { velocity: { enabled: true, secret: 'sekrit' } })
    const seen = joins(b)
    const p = await proxy(version, { type: 'velocity', forwarding: 'modern', secret: 'sekrit', online: true }, b)
    const account = await session.createAccount({ name: `Prem${version.replaceAll('.', '')}` })
    const attempt = await attemptLogin({ ...via(p), account: { kind: 'premium', ...account }, sessionServer: session.getUrl() })
    expect(attempt).toMatchObject({ outcome: 'success', joined: true })
    expect(seen).toEqual([{ name: account.name, uuid: toDashedUuid(account.id), ip: '127.0.0.1' }])
  })

  it('Velocity, wrong secret: the backend\'s "Unable to verify player details" inside Velocity\'s "Unable to connect to"', async () => {
    const b = await backend(version, { velocity: { enabled: true, secret: 'backend-secret' } })
    const p = await proxy(version, { type: 'velocity', forwarding: 'modern', secret: 'proxy-secret' }, b)
    const attempt = await lightLogin({ ...via(p), account: { kind: 'cracked', name: 'Wrong' } })
    expect(attempt).toMatchObject({ outcome: 'forwarding_refused', message: 'Unable to connect to lobby: Unable to verify player details' })
  })

  it('Velocity, backend without forwarding: the proxy says the server sent no forwarding request', async () => {
    const b = await backend(version)
    const p = await proxy(version, { type: 'velocity', forwarding: 'modern', secret: 's' }, b)
    const attempt = await lightLogin({ ...via(p), account: { kind: 'cracked', name: 'NoFwd' } })
    expect(attempt).toMatchObject({
      outcome: 'forwarding_refused',
      message:
        'Unable to connect to lobby: Your server did not send a forwarding request to the proxy. Make sure the server is configured for Velocity forwarding.',
    })
  })

  it('Velocity falls through its try list: a refusing first server, then the next one', async () => {
    const refusing = await backend(version, { velocity: { enabled: true, secret: 'other' } })
    const good = await backend(version, { velocity: { enabled: true, secret: 's' } })
    const seen = joins(good)
    const p = await proxy(version, { type: 'velocity', forwarding: 'modern', secret: 's' }, refusing, good)
    expect((await lightLogin({ ...via(p), account: { kind: 'cracked', name: 'Fallen' } })).outcome).toBe('success')
    expect(seen.map((j) => j.uuid)).toEqual([offlineUuid('Fallen')])
  })

  it('BungeeCord, legacy forwarding to a backend without bungeecord: "Kicked whilst connecting"', async () => {
    const b = await backend(version, { bungeecord: false })
    const p = await proxy(version, { type: 'bungeecord', forwarding: 'legacy' }, b)
    const attempt = await lightLogin({ ...via(p), account: { kind: 'cracked', name: 'Legacy' } })
    expect(attempt).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'Kicked whilst connecting to lobby: Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?',
    })
  })

  it('BungeeCord + BungeeGuard, legacy forwarding: joins with the forwarded UUID', async () => {
    const b = await backend(version, { bungeecord: true, bungeeGuard: { allowedTokens: ['tok'] } })
    const seen = joins(b)
    const p = await proxy(version, { type: 'bungeecord', forwarding: 'bungeeguard', secret: 'tok' }, b)
    expect((await lightLogin({ ...via(p), account: { kind: 'cracked', name: 'Guarded' } })).outcome).toBe('success')
    expect(seen).toEqual([{ name: 'Guarded', uuid: offlineUuid('Guarded'), ip: '127.0.0.1' }])
  })
})

describe("the proxies' own online-mode texts", () => {
  const version = '1.20.4'
  it('Velocity: a cracked client gets online-mode-only; hasJoined down gives authservers_down', async () => {
    const b = await backend(version, { velocity: { enabled: true, secret: 's' } })
    const p = await proxy(version, { type: 'velocity', forwarding: 'modern', secret: 's', online: true }, b)
    const at = { host: p.getHost(), port: p.getPort(), version }
    expect(await lightLogin({ ...at, account: { kind: 'cracked', name: 'Cracky' } })).toMatchObject({
      outcome: 'unverified_username',
      message:
        'You are not logged into your Minecraft account. If you are logged into your Minecraft account, try restarting your Minecraft client.',
    })
    const account = await session.createAccount({ name: 'DownDan' })
    try {
      await session.use({ route: 'hasJoined', mode: 'status', status: 503 })
      expect(await lightLogin({ ...at, account: { kind: 'premium', ...account }, sessionServer: session.getUrl() })).toMatchObject({
        outcome: 'auth_servers_down',
        key: 'multiplayer.disconnect.authservers_down',
      })
    } finally {
      await session.resetFaults()
    }
  })

  it('BungeeCord: "Not authenticated with Minecraft.net" and "Error occurred while contacting login servers, are they down?"', async () => {
    const b = await backend(version, { bungeecord: true })
    const p = await proxy(version, { type: 'bungeecord', forwarding: 'legacy', online: true }, b)
    const at = { host: p.getHost(), port: p.getPort(), version }
    expect(await lightLogin({ ...at, account: { kind: 'cracked', name: 'Cracky' } })).toMatchObject({
      outcome: 'unverified_username',
      message: 'Not authenticated with Minecraft.net',
    })
    const account = await session.createAccount({ name: 'DownDora' })
    try {
      await session.use({ route: 'hasJoined', mode: 'status', status: 503 })
      expect(await lightLogin({ ...at, account: { kind: 'premium', ...account }, sessionServer: session.getUrl() })).toMatchObject({
        outcome: 'auth_servers_down',
        message: 'Error occurred while contacting login servers, are they down?',
      })
    } finally {
      await session.resetFaults()
    }
  })

  it("Velocity's login ratelimit: the second login from one address within 3 s", async () => {
    const b = await backend(version, { velocity: { enabled: true, secret: 's' } })
    let now = 0
    const p = await proxy(version, { type: 'velocity', forwarding: 'modern', secret: 's', loginRatelimitMs: 3000, now: () => now }, b)
    const at = { host: p.getHost(), port: p.getPort(), version }
    expect((await lightLogin({ ...at, account: { kind: 'cracked', name: 'First' } })).outcome).toBe('success')
    now = 2999
    expect(await lightLogin({ ...at, account: { kind: 'cracked', name: 'Second' } })).toMatchObject({
      outcome: 'throttled',
      message: 'You are logging in too fast, try again later.',
    })
    now = 3000
    expect((await lightLogin({ ...at, account: { kind: 'cracked', name: 'Third' } })).outcome).toBe('success')
  })
})
