import net from 'node:net'
import { createRequire } from 'node:module'
import {
  encodeLegacyForwardingHost,
  encodeModernForwarding,
  negotiateForwardingVersion,
  requestedForwardingVersion,
  VELOCITY_PLAYER_INFO_CHANNEL,
  withBungeeGuardToken,
  type ForwardedProfile,
} from './forwarding/index.ts'
import { states, type McClient } from '../server/nmp.ts'
import type { VersionData } from '../server/version-data.ts'

const require = createRequire(import.meta.url)
const NmpClient: new (
  isServer: boolean,
  version: string,
) => McClient & { setSocket(socket: net.Socket): void } = require('minecraft-protocol/src/client.js')

export type ProxyType = 'velocity' | 'bungeecord' | 'waterfall'
export type ProxyForwardingMode = 'modern' | 'legacy' | 'bungeeguard' | 'none'

/** A packet as minecraft-protocol's `packet` event gives it: parsed fields, metadata, the raw bytes. */
export interface BackendPacket {
  data: Record<string, unknown>
  meta: { name: string; state: string }
  buffer: Buffer
}

/**
 * Packets the backend sent right after login success, before the caller could listen: a
 * pre-1.20.2 backend writes its play packets in the same burst, and they are parsed in the same
 * tick as the success packet. take() hands them over and stops holding.
 */
export interface HeldPackets {
  take(): BackendPacket[]
}

export interface BackendTarget {
  /** The name players read in the proxy's messages ("Unable to connect to lobby: ..."). */
  name: string
  host: string
  port: number
}

export interface BackendLinkRequest {
  proxy: ProxyType
  mode: ProxyForwardingMode
  /** Velocity's forwarding secret (modern, bungeeguard) or the BungeeGuard token (BungeeCord). */
  secret: string | undefined
  target: BackendTarget
  data: VersionData
  player: { profile: ForwardedProfile; ip: string; virtualHost: string; virtualPort: number }
  /** Gives up on a backend that does not answer (Velocity: connection-timeout 5000 ms, read-timeout 30000 ms). */
  timeoutMs: number
}

export type BackendLinkResult =
  /** Logged in: the backend connection, in the configuration (1.20.2+) or play state. */
  | { kind: 'connected'; backend: McClient; forwardedVersion?: number; held: HeldPackets }
  /** The backend sent a disconnect during login: its reason as it sent it. */
  | { kind: 'kicked'; reason: unknown }
  /** Velocity: modern mode and the backend logged the player in without asking for forwarding. */
  | { kind: 'not_forwarded' }
  /** The backend asked for encryption (online mode). */
  | { kind: 'online_mode' }
  /** Closed before login success, refused, or timed out. */
  | { kind: 'closed'; detail: string; answered: boolean }

/**
 * The proxy's login to one backend, as Velocity's VelocityServerConnection.startHandshake +
 * backend/LoginSessionHandler and BungeeCord's ServerConnector do it: the handshake (its host
 * field carrying legacy forwarding data in legacy/bungeeguard mode), login start with the
 * player's name and UUID, then: a `velocity:player_info` request answered with the signed data
 * in modern mode (every other login plugin request: "not understood"), compression as asked, an
 * encryption request -> online_mode, a disconnect -> kicked, login success -> connected (modern
 * mode without a request first -> not_forwarded).
 */
export function linkBackend(req: BackendLinkRequest): Promise<BackendLinkResult> {
  const { data, player, target } = req
  const backend = new NmpClient(false, data.version)
  const socket = net.connect({ host: target.host, port: target.port })
  backend.setSocket(socket)
  let answered = false
  let forwardedVersion: number | undefined
  return new Promise<BackendLinkResult>((resolve) => {
    let settled = false
    const timer = setTimeout(() => done({ kind: 'closed', detail: `no answer within ${req.timeoutMs} ms`, answered }), req.timeoutMs)
    const done = (result: BackendLinkResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      backend.removeAllListeners('end')
      if (result.kind !== 'connected') {
        backend.on('error', () => {})
        socket.destroy()
      }
      resolve(result)
    }
    backend.on('error', (error: Error) => {
      if (!answered) done({ kind: 'closed', detail: error.message, answered })
    })
    backend.on('end', () => done({ kind: 'closed', detail: 'connection closed', answered }))
    socket.once('connect', () => {
      backend.write('set_protocol', {
        protocolVersion: data.protocolVersion,
        serverHost: handshakeHost(req),
        serverPort: player.virtualPort,
        nextState: 2,
      })
      backend.state = states.LOGIN
      // Velocity: ServerLoginPacket(username, uuid); BungeeCord: LoginRequest(name, null, rewriteId).
      backend.write('login_start', { username: player.profile.name, playerUUID: player.profile.uuid, signature: null })
    })
    backend.on('compress', (packet: { threshold: number }) => {
      answered = true
      backend.compressionThreshold = packet.threshold
    })
    backend.on('login_plugin_request', (packet: { messageId: number; channel: string; data: Buffer }) => {
      answered = true
      if (req.proxy === 'velocity' && req.mode === 'modern' && packet.channel === VELOCITY_PLAYER_INFO_CHANNEL) {
        forwardedVersion = negotiateForwardingVersion(requestedForwardingVersion(packet.data), data.protocolVersion)
        const signed = encodeModernForwarding({
          secret: req.secret ?? '',
          address: player.ip,
          profile: player.profile,
          version: forwardedVersion,
        })
        backend.write('login_plugin_response', { messageId: packet.messageId, data: signed })
        return
      }
      // Velocity without subscribers and BungeeCord: "not understood".
      backend.write('login_plugin_response', { messageId: packet.messageId })
    })
    backend.on('encryption_begin', () => {
      answered = true
      done({ kind: 'online_mode' })
    })
    backend.on('disconnect', (packet: { reason: unknown }) => {
      answered = true
      if (backend.state === states.LOGIN) done({ kind: 'kicked', reason: packet.reason })
    })
    backend.on('success', () => {
      answered = true
      if (req.proxy === 'velocity' && req.mode === 'modern' && forwardedVersion === undefined) return done({ kind: 'not_forwarded' })
      if (data.supportFeature('hasConfigurationState')) {
        backend.write('login_acknowledged', {})
        backend.state = states.CONFIGURATION
      } else {
        backend.state = states.PLAY
      }
      const early: BackendPacket[] = []
      const hold = (data: Record<string, unknown>, meta: BackendPacket['meta'], buffer: Buffer) =>
        early.push({ data, meta, buffer: Buffer.from(buffer) })
      backend.on('packet', hold)
      const held: HeldPackets = {
        take() {
          backend.off('packet', hold)
          return early.splice(0)
        },
      }
      done({ kind: 'connected', backend, forwardedVersion, held })
    })
  })
}

function handshakeHost(req: BackendLinkRequest): string {
  const { player, mode, proxy } = req
  if (mode !== 'legacy' && mode !== 'bungeeguard') return player.virtualHost
  const style = proxy === 'velocity' ? 'velocity' : 'bungeecord'
  const properties = mode === 'bungeeguard' ? withBungeeGuardToken(player.profile.properties, req.secret ?? '') : player.profile.properties
  return encodeLegacyForwardingHost({ host: player.virtualHost, ip: player.ip, profile: { uuid: player.profile.uuid, properties }, style })
}
