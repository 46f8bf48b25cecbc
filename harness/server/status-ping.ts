/**
 * The server list ping answered as vanilla answers it (instead of minecraft-protocol's ping
 * plugin, which always sends an empty `players.sample`, no `enforcesSecureChat`, and its own
 * protocol number to a legacy ping).
 *
 * - Status (1.7+): `version`, `players` {max, online, sample of up to 12 online players, left out
 *   when nobody is online}, `description` (the MOTD), `enforcesSecureChat` from 1.19.1 (true when
 *   the server enforces secure profiles in online mode, as DedicatedServer.enforceSecureProfile),
 *   `previewsChat` (false) on 1.19-1.19.2, which had chat preview.
 * - Legacy ping (0xFE, what pre-1.7 clients send): vanilla's LegacyQueryHandler answers a lone
 *   0xFE with `motd§online§max` and 0xFE 0x01 with `§1\0127\0<version>\0<motd>\0<online>\0<max>`:
 *   the protocol field is always 127 there, whatever the server's real protocol.
 */
import { randomInt } from 'node:crypto'
import { toDashedUuid } from '../uuid.ts'
import type { McClient } from './nmp.ts'

/** vanilla's server.properties default. */
export const DEFAULT_MOTD = 'A Minecraft Server'
/** vanilla (MinecraftServer.updateStatus) shows at most this many names. */
export const SAMPLE_SIZE = 12
/** The protocol number vanilla puts in every legacy ping answer (1.6 and later). */
export const LEGACY_PING_PROTOCOL = 127

const PROTOCOL_1_19 = 759
const PROTOCOL_1_19_1 = 760

export interface StatusSource {
  version: string
  protocolVersion: number
  motd: string
  maxPlayers: number
  /** Players in the play state (the ones vanilla counts and samples). */
  online(): Array<{ name: string; uuid: string }>
  enforcesSecureChat: boolean
}

/** The JSON of the status response, as vanilla of `source.version` writes it. */
export function statusResponse(source: StatusSource, pick: (n: number) => number = randomInt): Record<string, unknown> {
  const online = source.online()
  const players: Record<string, unknown> = { max: source.maxPlayers, online: online.length }
  if (online.length > 0) players.sample = sample(online, pick).map((p) => ({ name: p.name, id: toDashedUuid(p.uuid) }))
  return {
    version: { name: source.version, protocol: source.protocolVersion },
    players,
    description: { text: source.motd },
    ...(source.protocolVersion >= PROTOCOL_1_19_1 ? { enforcesSecureChat: source.enforcesSecureChat } : {}),
    ...(source.protocolVersion >= PROTOCOL_1_19 && source.protocolVersion <= PROTOCOL_1_19_1 ? { previewsChat: false } : {}),
  }
}

/** Vanilla picks a random window of the shuffled player list; so does this (Fisher-Yates, first 12). */
function sample<T>(players: T[], pick: (n: number) => number): T[] {
  const copy = [...players]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = pick(i + 1)
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy.slice(0, SAMPLE_SIZE)
}

/** The legacy answer text for a ping with `payload` (0: lone 0xFE, 1: 0xFE 0x01 [...]). */
export function legacyResponse(source: StatusSource, payload: number): string {
  const online = String(source.online().length)
  const max = String(source.maxPlayers)
  if (payload !== 1) return [source.motd, online, max].join('\u00a7')
  return `\u00a71\0${[LEGACY_PING_PROTOCOL, source.version, source.motd, online, max].join('\0')}`
}

/** The kick packet (0xFF) that carries a legacy answer: UTF-16BE with its length in chars. */
export function legacyPacket(text: string): Buffer {
  const body = Buffer.from(text, 'utf16le').swap16()
  const length = Buffer.alloc(2)
  length.writeUInt16BE(text.length)
  return Buffer.concat([Buffer.from([0xff]), length, body])
}

/** Answers this connection's status and legacy pings from `source`. */
export function attachStatusPing(client: McClient, source: StatusSource): void {
  client.once('ping_start', () => {
    client.write('server_info', { response: JSON.stringify(statusResponse(source)) })
    client.once('ping', (packet: { time: unknown }) => {
      client.write('ping', { time: packet.time })
      client.end()
    })
  })
  client.once('legacy_server_list_ping', (packet: { payload: number }) => {
    // Vanilla writes the answer and closes the connection.
    client.socket.end(legacyPacket(legacyResponse(source, packet.payload)))
  })
}
