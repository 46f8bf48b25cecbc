import { MAX_COOKIE_PAYLOAD_BYTES } from '../input/cookies.ts'
import { FIRST_TRANSFER_PROTOCOL } from './handshake.ts'
import { reasonComponent, type KickReason } from './kick.ts'
import type { SecureChat } from './secure-chat.ts'
import type { McClient } from './nmp.ts'
import type { ChatHandler, CommandHandler, MoveHandler, Player, Position } from './plugin.ts'
import type { VersionData } from './version-data.ts'

const SPAWN: Position = { x: 0.5, y: 64, z: 0.5 }
const NIL_UUID = '00000000-0000-0000-0000-000000000000'

/**
 * A player in the play state of the world-less server: sends the few packets that get a client
 * (mineflayer) to `spawn`, turns chat/command/move packets of every version into plugin events,
 * and sends system messages and kicks in the format of the player's version.
 */
export class EmbeddedPlayer implements Player {
  readonly version: string
  private readonly commandHandlers: CommandHandler[] = []
  private readonly chatHandlers: ChatHandler[] = []
  private readonly moveHandlers: MoveHandler[] = []
  private readonly leaveHandlers: Array<() => void> = []
  private position: Position = { ...SPAWN }
  private teleportId = 1

  constructor(
    readonly client: McClient,
    private readonly data: VersionData,
    readonly name: string,
    readonly uuid: string,
    readonly ip: string,
    private readonly kickClient: (client: McClient, reason: KickReason) => void,
    /** Secure chat rules of the server; chat that passes them (and no plugin cancels) is broadcast. */
    private readonly secureChat?: SecureChat,
    private readonly broadcast?: (reason: KickReason) => void,
  ) {
    this.version = data.version
    client.once('end', () => {
      for (const handler of this.leaveHandlers) handler()
    })
  }

  get online(): boolean {
    return !this.client.ended
  }

  spawn(maxPlayers: number): void {
    this.client.writeRaw(this.data.loginPacket(maxPlayers))
    this.sendPosition()
    this.client.write('update_health', { health: 20, food: 20, foodSaturation: 5 })
    this.listen()
  }

  sendMessage(text: string): void {
    this.sendComponent({ text })
  }

  /** A system message (a translate component renders in the client's language). */
  sendComponent(reason: KickReason): void {
    if (!this.online) return
    if (this.data.supportFeature('signedChat')) {
      // 1.19 has a chat type id (1 = system); 1.19.1+ an action-bar flag.
      this.client.write('system_chat', { content: reasonComponent(this.data, reason), type: 1, isActionBar: false })
    } else {
      this.client.write('chat', { message: JSON.stringify(reason), position: 1, sender: NIL_UUID })
    }
  }

  kick(reason: string | KickReason): void {
    this.kickClient(this.client, typeof reason === 'string' ? { text: reason } : reason)
  }

  /**
   * The transfer packet in the play state. Vanilla's `/transfer` (TransferCommand, 1.20.5+) sends
   * `new ClientboundTransferPacket(hostname, port)` to each player; Paper's Player#transfer the same.
   */
  transfer(host: string, port: number): void {
    this.requireCookiesAndTransfers('transfer')
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`transfer: port ${port} is not 1-65535`)
    this.client.write('transfer', { host, port })
  }

  /** ClientboundStoreCookiePacket; over 5120 bytes is refused as Paper's storeCookie refuses it. */
  storeCookie(key: string, payload: Buffer): void {
    this.requireCookiesAndTransfers('storeCookie')
    if (payload.length > MAX_COOKIE_PAYLOAD_BYTES)
      throw new RangeError(`storeCookie: the cookie to store is too big: ${payload.length} > ${MAX_COOKIE_PAYLOAD_BYTES}`)
    if (!this.online) return
    this.client.write('store_cookie', { key, value: payload })
  }

  private requireCookiesAndTransfers(what: string): void {
    if (this.data.protocolVersion < FIRST_TRANSFER_PROTOCOL)
      throw new RangeError(`${what}: ${this.data.version} has no transfers or cookies (they came with 1.20.5)`)
  }

  onCommand(handler: CommandHandler): void {
    this.commandHandlers.push(handler)
  }

  onChat(handler: ChatHandler): void {
    this.chatHandlers.push(handler)
  }

  onMove(handler: MoveHandler): void {
    this.moveHandlers.push(handler)
  }

  onLeave(handler: () => void): void {
    this.leaveHandlers.push(handler)
  }

  /** Chat component in the player's version format, for callers that build their own packets. */
  component(reason: KickReason): unknown {
    return reasonComponent(this.data, reason)
  }

  private sendPosition(): void {
    const { x, y, z } = this.position
    this.client.write('position', {
      x,
      y,
      z,
      dx: 0,
      dy: 0,
      dz: 0,
      yaw: 0,
      pitch: 0,
      flags: 0,
      teleportId: this.teleportId++,
      dismountVehicle: false,
    })
  }

  private listen(): void {
    const client = this.client
    // Before 1.19 commands are chat messages starting with '/'.
    client.on('chat', (packet: { message: string }) => this.onText(packet.message))
    client.on('chat_message', (packet: { message: string; signature?: Buffer }) =>
      this.onChatMessage(packet.message, packet.signature !== undefined && packet.signature !== null),
    )
    client.on('chat_session_update', (packet: Parameters<SecureChat['onSessionUpdate']>[0]) => {
      const refusal = this.secureChat?.onSessionUpdate(packet)
      if (refusal) this.kick(refusal)
    })
    client.on('chat_command', (packet: { command: string }) => this.dispatchCommand(packet.command))
    client.on('chat_command_signed', (packet: { command: string }) => this.dispatchCommand(packet.command))
    const onMove = (packet: Partial<Position>) => {
      if (packet.x === undefined || packet.y === undefined || packet.z === undefined) return
      const to = { x: packet.x, y: packet.y, z: packet.z }
      const from = this.position
      if (to.x === from.x && to.y === from.y && to.z === from.z) return
      for (const handler of this.moveHandlers) {
        if (handler(to, from) === true) {
          this.sendPosition()
          return
        }
      }
      this.position = to
    }
    client.on('position', onMove)
    client.on('position_look', onMove)
  }

  private onText(message: string): void {
    if (message.startsWith('/')) this.dispatchCommand(message.slice(1))
    else this.dispatchChat(message)
  }

  /** 1.19+ chat: secure chat's verdict first (a refusal is a red system message), then plugins. */
  private onChatMessage(message: string, signed: boolean): void {
    const verdict = this.secureChat?.verdict(signed) ?? { ok: true }
    if (!verdict.ok) {
      this.sendComponent(verdict.refusal)
      return
    }
    this.dispatchChat(message)
  }

  private dispatchCommand(line: string): void {
    const [command = '', ...args] = line.trim().split(/\s+/)
    for (const handler of this.commandHandlers) if (handler(command.toLowerCase(), args) === true) return
  }

  private dispatchChat(message: string): void {
    for (const handler of this.chatHandlers) if (handler(message) === true) return
    // Vanilla broadcasts the message as "<name> message" (chat.type.text); it is sent here as a
    // system message with that component, so every client shows the same line (a deviation: vanilla
    // sends a player_chat packet, with the signature when there is one).
    this.broadcast?.({ translate: 'chat.type.text', with: [this.name, message] })
  }
}
