import { vanillaReason, type KickReason } from './kick.ts'
import { states, type McClient } from './nmp.ts'
import type { PlatformRules } from './platform-rules.ts'
import type { VersionData } from './version-data.ts'

interface HandshakePacket {
  protocolVersion: number
  serverHost: string
  serverPort: number
  nextState: number
}

/** The first protocol of the "Incompatible client" era (1.16.4/1.16.5): older clients get `outdated_client`. */
const FIRST_INCOMPATIBLE_ERA_PROTOCOL = 754

/** 1.20.5: the first protocol with the TRANSFER intention, the `transfer` packet and cookies. */
export const FIRST_TRANSFER_PROTOCOL = 766

/** The handshake's intention (ClientIntent): 1 status, 2 login, 3 transfer (1.20.5+). */
export const TRANSFER_INTENTION = 3

/**
 * What vanilla of this version says to a client speaking `protocol` (undefined: the same protocol).
 * 1.8-1.15: "Outdated client! Please use <version>" for an older protocol, "Outdated server! I'm
 * still on <version>" for a newer one (1.8-1.11 as literal text, 1.12+ as `outdated_client` /
 * `outdated_server`). From 1.16 (where the language has `multiplayer.disconnect.incompatible`):
 * `outdated_client` below protocol 754, `incompatible` for anything else, newer included.
 */
export function versionRefusal(data: VersionData, protocol: number): KickReason | undefined {
  if (protocol === data.protocolVersion) return undefined
  if (data.language['multiplayer.disconnect.incompatible'] !== undefined) {
    const key =
      protocol < FIRST_INCOMPATIBLE_ERA_PROTOCOL ? 'multiplayer.disconnect.outdated_client' : 'multiplayer.disconnect.incompatible'
    return vanillaReason(data, key, [data.version])
  }
  const key = protocol < data.protocolVersion ? 'multiplayer.disconnect.outdated_client' : 'multiplayer.disconnect.outdated_server'
  return vanillaReason(data, key, [data.version])
}

/**
 * The handshake, in place of minecraft-protocol's handshake plugin: that one ends a connection of
 * another protocol without a word while still in the handshaking state (so no kick reaches the
 * client) and leaves anything but next state 1/2 in the handshaking state. Vanilla switches to the
 * login state and kicks with its outdated/incompatible message, and closes on an unknown intention.
 */
export function attachHandshake(
  client: McClient,
  data: VersionData,
  rules: Pick<PlatformRules, 'loginHandshake' | 'versionRefusal'>,
  ip: (client: McClient) => string,
  kick: (client: McClient, reason: KickReason) => void,
  acceptsTransfers = false,
): void {
  client.once('set_protocol', (packet: HandshakePacket) => {
    client.protocolVersion = packet.protocolVersion
    Object.assign(client, { serverHost: packet.serverHost, serverPort: packet.serverPort })
    if (packet.nextState === 1) {
      client.state = states.STATUS
      return
    }
    // 3 is a transfer (1.20.5+, protocol 766); before 1.20.5 it is no intention at all.
    const transfer = packet.nextState === TRANSFER_INTENTION && data.protocolVersion >= FIRST_TRANSFER_PROTOCOL
    if (packet.nextState !== 2 && !transfer) {
      client.socket.destroy()
      return
    }
    client.state = states.LOGIN
    Object.assign(client, { transferred: transfer })
    // ServerHandshakePacketListenerImpl.handleIntention (decompiled vanilla 1.20.5+, Mojang
    // mappings; Paper's copy the same): `case TRANSFER: if (!this.server.acceptsTransfers())` sends
    // ClientboundLoginDisconnectPacket(translatable "multiplayer.disconnect.transfers_disabled") in
    // the login protocol, before beginLogin: so before the version check, and on Paper before
    // CraftBukkit's connection throttle (which lives in beginLogin).
    if (transfer && !acceptsTransfers) {
      kick(client, vanillaReason(data, 'multiplayer.disconnect.transfers_disabled'))
      return
    }
    // The platform's handshake rule (Paper's throttle) comes before the version check.
    const refusal = rules.loginHandshake(ip(client)) ?? rules.versionRefusal(packet.protocolVersion)
    if (refusal) kick(client, refusal)
  })
}
