import { createRequire } from 'node:module'
import type { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'

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
export const mojangPublicKeyPem: string = require('minecraft-protocol/src/server/constants.js').mojangPublicKeyPem
