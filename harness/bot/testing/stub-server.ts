import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol')
const nbt = require('prismarine-nbt')
const minecraftData = require('minecraft-data')

/**
 * Test-only stand-ins until (and besides) harness/server and harness/session: a world-less stock
 * minecraft-protocol server that gets a mineflayer bot to spawn, and a tiny session stub. Neither
 * is product code: they exist so the bot layer is tested against real sockets on its own.
 */

type ServerClient = any

export interface StubServerOptions {
  version: string
  onlineMode?: boolean
  /** Where the server's hasJoined goes (online mode): always a loopback port, never Mojang. */
  sessionPort?: number
  /** Kick in the login phase with this raw reason (JSON text or NBT). */
  loginKick?: unknown
  /** Called once the player is in play and has been sent what mineflayer needs to spawn. */
  onJoin?: (client: ServerClient, server: StubServer) => void
}

export interface StubServer {
  port: number
  version: string
  /** Sends a system chat line. */
  say(client: ServerClient, text: string): void
  /** Kicks a player in play with a raw reason (JSON text before 1.20.3, NBT after, or anything). */
  kick(client: ServerClient, reason: unknown): void
  /** Chat lines/commands players sent. */
  received: string[]
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * An https agent whose every connection is plain TCP to a loopback port: the stock server's
 * yggdrasil hasJoined (hard-coded to https://sessionserver.mojang.com) then lands on our stub.
 */
class LoopbackAgent extends HttpsAgent {
  constructor(private readonly port: number) {
    super({ keepAlive: false })
  }
  override createConnection(): Socket {
    return connect({ host: '127.0.0.1', port: this.port })
  }
}

export async function startStubServer(options: StubServerOptions): Promise<StubServer> {
  const data = minecraftData(options.version)
  const server = mc.createServer({
    'online-mode': options.onlineMode ?? false,
    host: '127.0.0.1',
    port: 0,
    version: options.version,
    hideErrors: true,
    validateChannelProtocol: false,
    kickTimeout: 10_000,
    // Even in offline tests the agent is set, so nothing can ever reach Mojang.
    agent: new LoopbackAgent(options.sessionPort ?? 9),
    beforeLogin: options.loginKick === undefined ? undefined : (client: ServerClient) => client.end('kick', options.loginKick),
  })
  const sockets = new Set<Socket>()
  const received: string[] = []

  const handle: StubServer = {
    port: 0,
    version: options.version,
    received,
    say(client, text) {
      if (data.supportFeature('signedChat')) {
        const content = data.supportFeature('chatPacketsUseNbtComponents') ? nbt.comp({ text: nbt.string(text) }) : JSON.stringify({ text })
        client.write('system_chat', { content, isActionBar: false, type: 1, position: 1 })
      } else {
        client.write('chat', { message: JSON.stringify({ text }), position: 1, sender: '00000000-0000-0000-0000-000000000000' })
      }
    },
    kick(client, reason) {
      client.end('kick', reason)
    },
    async stop() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => {
        server.socketServer.close(() => resolve())
      })
    },
    [Symbol.asyncDispose]() {
      return this.stop()
    },
  }

  server.on('connection', (client: ServerClient) => {
    client.on('error', () => {})
  })
  server.on('playerJoin', (client: ServerClient) => {
    sockets.add(client.socket)
    client.on('chat', (p: { message: string }) => received.push(p.message))
    client.on('chat_message', (p: { message: string }) => received.push(p.message))
    client.on('chat_command', (p: { command: string }) => received.push(`/${p.command}`))
    client.on('chat_command_signed', (p: { command: string }) => received.push(`/${p.command}`))
    client.write('login', {
      // minecraft-data has no loginPacket before 1.16: these are the fields those versions need.
      dimension: 0,
      difficulty: 0,
      levelType: 'default',
      ...data.loginPacket,
      enforceSecureChat: false,
      entityId: client.id,
      isHardcore: false,
      gameMode: 0,
      previousGameMode: 1,
      hashedSeed: [0, 0],
      maxPlayers: 20,
      viewDistance: 2,
      reducedDebugInfo: false,
      enableRespawnScreen: true,
      isDebug: false,
      isFlat: true,
    })
    client.write('position', { x: 0, y: 100, z: 0, yaw: 0, pitch: 0, flags: 0, teleportId: 1 })
    client.write('update_health', { health: 20, food: 20, foodSaturation: 5 })
    options.onJoin?.(client, handle)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  server.socketServer.on('connection', (s: Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  })
  handle.port = (server.socketServer.address() as AddressInfo).port
  return handle
}

export type SessionStubMode = { join: number; joinBody?: unknown; hang?: boolean }

export interface SessionStub {
  url: string
  port: number
  joins: unknown[]
  /** Switches what `join` answers. */
  mode: SessionStubMode
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * `/session/minecraft/join` answering a chosen status, and `hasJoined` answering a profile for
 * whoever joined with that serverId (enough for the stock server's online mode).
 */
export async function startSessionStub(mode: SessionStubMode): Promise<SessionStub> {
  const joins: Array<{ selectedProfile: string; accessToken: string; serverId: string }> = []
  const hanging = new Set<ServerResponse>()
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      if (req.url?.startsWith('/session/minecraft/join')) {
        joins.push(JSON.parse(body || '{}'))
        if (stub.mode.hang) {
          hanging.add(res)
          return
        }
        res.writeHead(stub.mode.join, { 'content-type': 'application/json' })
        res.end(stub.mode.joinBody === undefined ? '' : JSON.stringify(stub.mode.joinBody))
        return
      }
      if (req.url?.startsWith('/session/minecraft/hasJoined')) {
        const query = new URL(req.url, 'http://x').searchParams
        const name = query.get('username')
        const last = joins.find((j) => j.serverId === query.get('serverId'))
        if (!last) {
          res.writeHead(204).end()
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ id: last.selectedProfile, name, properties: [] }))
        return
      }
      res.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const stub: SessionStub = {
    url: `http://127.0.0.1:${port}`,
    port,
    joins,
    mode,
    async stop() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
    [Symbol.asyncDispose]() {
      return this.stop()
    },
  }
  return stub
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createTcpServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as AddressInfo).port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}
