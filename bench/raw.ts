/**
 * The baseline: stock minecraft-protocol, a `createServer` and `createClient`s as its README shows
 * them, in one process (how a user of the library would run a storm). Only two things are added,
 * both outside the measured code paths:
 *
 * - The server writes `login`, `position` and `update_health` on `playerJoin`, so a client reaches
 *   the play state (stock NMP has no world).
 * - Premium: NMP's server hard-codes https://sessionserver.mojang.com (yggdrasil, no option). It
 *   takes an `agent` though, and we pass an https.Agent whose createConnection returns a plain TCP
 *   socket to the mock session server on 127.0.0.1, so the request that names Mojang travels as
 *   plain HTTP to our mock: no DNS lookup, no packet ever leaves loopback.
 *
 * `tuned` turns on the one public option that matters, `validateChannelProtocol: false` on both
 * sides, to show how much of the stock cost is that one default.
 */
import https from 'node:https'
import net from 'node:net'
import { createRequire } from 'node:module'
import { LatencyHistogram } from '../harness/storm/stats.ts'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol')
const minecraftData = require('minecraft-data')

export interface RawServer {
  port: number
  stop(): Promise<void>
}

export interface RawOptions {
  version: string
  online?: boolean
  /** The mock session server's base URL (premium). */
  sessionUrl?: string
  tuned?: boolean
}

/** An https.Agent that connects every request to `port` on loopback over plain TCP. */
class LoopbackPlainAgent extends https.Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: true })
  }

  override createConnection(): net.Socket {
    return net.connect({ host: '127.0.0.1', port: this.port })
  }
}

export async function startRawServer(options: RawOptions): Promise<RawServer> {
  const mcData = minecraftData(options.version)
  const agent = options.sessionUrl ? new LoopbackPlainAgent(Number(new URL(options.sessionUrl).port)) : undefined
  const server = mc.createServer({
    'online-mode': options.online ?? false,
    host: '127.0.0.1',
    port: 0,
    version: options.version,
    maxPlayers: 100_000,
    hideErrors: true,
    agent,
    ...(options.tuned ? { validateChannelProtocol: false } : {}),
  })
  server.on('playerJoin', (client: any) => {
    const login = mcData.loginPacket ?? {}
    client.write('login', {
      ...login,
      entityId: client.id,
      maxPlayers: 100,
      enforcesSecureChat: false,
      ...(mcData.loginPacket ? {} : { gameMode: 0, dimension: 0, difficulty: 2, levelType: 'default', reducedDebugInfo: false }),
    })
    client.write('position', {
      x: 0.5,
      y: 64,
      z: 0.5,
      dx: 0,
      dy: 0,
      dz: 0,
      yaw: 0,
      pitch: 0,
      flags: 0,
      teleportId: 1,
      dismountVehicle: false,
    })
    client.write('update_health', { health: 20, food: 20, foodSaturation: 5 })
  })
  server.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const port = server.socketServer.address().port
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of Object.values(server.clients) as any[]) client.socket?.destroy()
        server.socketServer.close(() => resolve())
        agent?.destroy()
      }),
  }
}

export interface RawAccount {
  name: string
  /** Premium: the token and profile id the mock issued. */
  accessToken?: string
  id?: string
}

/** One stock-client login, until the play state's health update (the point mineflayer spawns at); ms, or an error text. */
export function rawLogin(
  port: number,
  account: RawAccount,
  options: RawOptions,
  deadlineMs = 20_000,
): Promise<{ ok: boolean; ms: number; detail?: string }> {
  const started = performance.now()
  const premium = account.accessToken !== undefined
  const client = mc.createClient({
    host: '127.0.0.1',
    port,
    version: options.version,
    username: account.name,
    hideErrors: true,
    profilesFolder: false,
    ...(premium
      ? {
          // createClient's documented custom-auth hook: a ready session, no /authenticate or /validate.
          // The join still goes through the stock encrypt.js (yggdrasil) to `sessionServer`.
          sessionServer: options.sessionUrl,
          auth: (c: any, o: any) => {
            c.session = { accessToken: account.accessToken, selectedProfile: { id: account.id, name: account.name } }
            c.username = account.name
            o.accessToken = account.accessToken
            o.haveCredentials = true
            o.connect(c)
          },
        }
      : { auth: 'offline' }),
    ...(options.tuned ? { validateChannelProtocol: false } : {}),
  })
  return new Promise((resolve) => {
    let done = false
    const finish = (ok: boolean, detail?: string) => {
      if (done) return
      done = true
      clearTimeout(timer)
      const ms = performance.now() - started
      client.removeAllListeners('end')
      client.on('error', () => {})
      client.end()
      client.socket?.destroy()
      resolve({ ok, ms, detail })
    }
    const timer = setTimeout(() => finish(false, `no play state within ${deadlineMs} ms`), deadlineMs)
    client.once('update_health', () => finish(true))
    client.on('error', (err: Error) => finish(false, err.message))
    client.once('end', (reason: string) => finish(false, `ended: ${reason}`))
    client.once('disconnect', (p: { reason: string }) => finish(false, `kicked: ${p.reason}`))
  })
}

export interface RawStormResult {
  n: number
  started: number
  ok: number
  failures: number
  elapsedMs: number
  loginsPerSec: number
  p50Ms: number
  p95Ms: number
  rssPerBotMb: number
  timeBoundHit: boolean
  firstFailure?: string
}

/** N stock logins, `concurrency` at a time, all in this process; bounded by `timeBoundMs`. */
export async function rawStorm(
  port: number,
  accounts: RawAccount[],
  options: RawOptions,
  concurrency: number,
  timeBoundMs: number,
): Promise<RawStormResult> {
  const latencies: number[] = []
  let failures = 0
  let firstFailure: string | undefined
  let next = 0
  let inFlight = 0
  let peakInFlight = 0
  const rssBefore = process.memoryUsage.rss()
  let peakRss = rssBefore
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50)
  const begin = performance.now()
  const deadline = begin + timeBoundMs
  let lastEnd = begin
  await Promise.all(
    Array.from({ length: Math.min(concurrency, accounts.length) }, async () => {
      while (next < accounts.length && performance.now() < deadline) {
        const account = accounts[next++]!
        inFlight++
        peakInFlight = Math.max(peakInFlight, inFlight)
        const result = await rawLogin(port, account, options, Math.max(100, Math.min(20_000, deadline - performance.now())))
        inFlight--
        lastEnd = performance.now()
        if (result.ok) latencies.push(result.ms)
        else {
          failures++
          firstFailure ??= result.detail
        }
      }
    }),
  )
  clearInterval(sampler)
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
  const elapsedMs = lastEnd - begin
  const latency = LatencyHistogram.of(latencies)
  const started = latencies.length + failures
  return {
    n: accounts.length,
    started,
    ok: latencies.length,
    failures: failures + (accounts.length - started),
    elapsedMs: Math.round(elapsedMs),
    loginsPerSec: Math.round((latencies.length / elapsedMs) * 1000 * 10) / 10,
    p50Ms: Math.round(latency.percentileMs(50)),
    p95Ms: Math.round(latency.percentileMs(95)),
    rssPerBotMb: Math.round(((peakRss - rssBefore) / 1048576 / Math.max(1, peakInFlight)) * 100) / 100,
    timeBoundHit: started < accounts.length,
    firstFailure,
  }
}
