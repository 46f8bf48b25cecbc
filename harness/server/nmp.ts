import { createRequire } from 'node:module'
import { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import { installedVersion } from '../installed-version.ts'

/**
 * The parts of minecraft-protocol's server internals the embedded server reuses, typed just enough.
 * We take its `Server` (sockets + per-connection `Client` with framing, compression, encryption)
 * and its keepalive/ping plugins, and replace its handshake (handshake.ts) and login (login.ts) plugins.
 */
const require = createRequire(import.meta.url)

export interface McClient extends EventEmitter {
  id: number
  state: string
  version: string
  protocolVersion: number
  username?: string
  /** The handshake's intention was TRANSFER (1.20.5+), set by handshake.ts. */
  transferred?: boolean
  socket: Socket
  ended: boolean
  compressionThreshold: number
  write(name: string, params: Record<string, unknown>): void
  writeRaw(buffer: Buffer): void
  setEncryption(secret: Buffer): void
  end(reason?: string, fullReason?: unknown): void
  /** minecraft-protocol's raw end (the Server wraps `end` with a kick packet; we write our own). */
  _end(reason?: string): void
  registerChannel?: unknown
  /** The inbound frame splitter and packet parser (the socket pipes into the first). */
  splitter: NodeJS.ReadWriteStream
  deserializer?: NodeJS.WritableStream
}

export interface McServer extends EventEmitter {
  version: string
  mcversion: { version: number; minecraftVersion: string }
  motd: string
  maxPlayers: number
  playerCount: number
  favicon?: string
  clients: Record<string, McClient>
  socketServer: import('node:net').Server
  listen(port: number, host: string): void
}

type Plugin = (client: McClient, server: McServer, options: Record<string, unknown>) => void

export const NmpServer: new (
  version: string,
  customPackets?: unknown,
  hideErrors?: boolean,
) => McServer = require('minecraft-protocol/src/server.js')

/** The minecraft-protocol release whose Server constructor newNmpServer() was written against. */
export const LAZY_SERVER_TESTED_MINECRAFT_PROTOCOL = '1.68.0'

/**
 * minecraft-protocol's Server, with its `serializer` made at its first read instead of in the
 * constructor. The constructor compiles the whole play protocol of the version for that serializer
 * (about 0.1 s, the largest state), which only `writeToClients` uses and the embedded server never
 * calls; the play protocol is compiled anyway, once per version and process, when a first player
 * reaches play (minecraft-protocol keeps each compiled state), so a server whose players never get
 * there (a hanging hasJoined, a refused login) starts 0.1 s sooner. The other fields are the
 * constructor's (src/server.js of the tested release, whose field list a unit test compares);
 * another release gets the constructor as it is.
 */
export function newNmpServer(version: string, customPackets?: unknown, hideErrors = false): McServer {
  if (installedVersion('minecraft-protocol') !== LAZY_SERVER_TESTED_MINECRAFT_PROTOCOL)
    return new NmpServer(version, customPackets, hideErrors)
  // The object `new NmpServer()` makes, with EventEmitter's constructor run, and not Server's.
  const server = Reflect.construct(EventEmitter, [], NmpServer) as McServer & Record<string, unknown>
  Object.assign(server, { version, socketServer: null, cipher: null, decipher: null, clients: {}, customPackets, hideErrors })
  let serializer: unknown
  Object.defineProperty(server, 'serializer', {
    configurable: true,
    enumerable: true,
    get: () => (serializer ??= createSerializer({ state: 'play', isServer: true, version, customPackets })),
    set: (value: unknown) => void (serializer = value),
  })
  return server
}
export const keepalivePlugin: Plugin = require('minecraft-protocol/src/server/keepalive.js')
export const pingPlugin: Plugin = require('minecraft-protocol/src/server/ping.js')
export const pluginChannels: (
  client: McClient,
  options: Record<string, unknown>,
) => void = require('minecraft-protocol/src/client/pluginChannels.js')
export const states: {
  HANDSHAKING: string
  STATUS: string
  LOGIN: string
  CONFIGURATION: string
  PLAY: string
} = require('minecraft-protocol/src/states.js')
export const concat: (...args: unknown[]) => Buffer = require('minecraft-protocol/src/transforms/binaryStream.js').concat
const { createSerializer } = require('minecraft-protocol/src/transforms/serializer.js') as {
  createSerializer(options: { state: string; isServer: boolean; version: string; customPackets?: unknown }): unknown
}
export const mojangPublicKeyPem: string = require('minecraft-protocol/src/server/constants.js').mojangPublicKeyPem
