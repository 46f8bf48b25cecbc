import crypto from 'node:crypto'
import { HarnessInputError } from '../errors.ts'
import type { BackendForwarding } from '../input/forwarding.ts'
import {
  checkBungeeGuard,
  checkLegacyHandshake,
  decodeModernForwarding,
  modernForwardingRequest,
  VELOCITY_PLAYER_INFO_CHANNEL,
  type ForwardedProperty,
} from '../proxy/forwarding/index.ts'
import { PAPER_VELOCITY_REQUIRED, PAPER_VELOCITY_UNVERIFIED } from '../outcome/proxy-texts.ts'
import { offlineUuid } from '../uuid.ts'
import type { JoinedProfile } from './has-joined.ts'
import { vanillaReason, type KickReason } from './kick.ts'
import type { McClient } from './nmp.ts'
import type { PaperSettings } from './paper/config-files.ts'
import type { VersionData } from './version-data.ts'

/** The first protocol with login plugin messages (1.13): Velocity's modern forwarding needs them. */
const FIRST_LOGIN_PLUGIN_PROTOCOL = 393

/**
 * The forwarding a Paper server runs with: its files' settings (spigot.yml settings.bungeecord,
 * paper-global.yml proxies.velocity) with a scenario's or a caller's `forwarding` over them, and
 * the files' view brought in line (Paper turns its connection throttle off with either proxy).
 */
export function paperForwarding(paper: PaperSettings, explicit: BackendForwarding | undefined): BackendForwarding {
  const fromFiles: BackendForwarding = {
    bungeecord: paper.bungeecord,
    ...(paper.velocityEnabled ? { velocity: { enabled: true, onlineMode: paper.velocityOnlineMode, secret: paper.velocitySecret } } : {}),
  }
  const forwarding = { ...fromFiles, ...explicit }
  paper.bungeecord = forwarding.bungeecord ?? false
  // GlobalConfiguration.Proxies.Velocity.postProcess: enabled without a secret is turned off.
  paper.velocityEnabled = forwarding.velocity?.enabled === true && forwarding.velocity.secret !== ''
  return forwarding
}

/** What an offline login becomes: the profile the server gives the player and the address it records. */
export interface OfflineLogin {
  profile: JoinedProfile
  ip: string
}

/**
 * A backend's checks of proxy forwarding, as Paper (and Spigot under it) does them, for the
 * embedded server:
 * - the handshake (spigot.yml `settings.bungeecord`, Spigot's patch of
 *   ServerHandshakePacketListenerImpl in PaperMC/Paper @ 6c8d4132): forwarded data is refused
 *   without `bungeecord`, required with it; with BungeeGuard installed its token check replaces
 *   Spigot's parsing (Paper's PlayerHandshakeEvent, lucko/BungeeGuard v1.3.3);
 * - an offline-mode login (Paper's ServerLoginPacketListenerImpl patch): with
 *   `proxies.velocity.enabled` and a secret, a login plugin request on `velocity:player_info`
 *   instead of the offline profile; "not understood" -> "This server requires you to connect with
 *   Velocity.", a bad HMAC -> "Unable to verify player details", else the forwarded profile and
 *   address; with legacy forwarding, the offline profile under the forwarded UUID and properties
 *   (ServerLoginPacketListenerImpl.createOfflineProfile).
 * An online-mode backend asks for encryption before any of this, as Paper does: proxies refuse it.
 */
export class ForwardingCheck {
  private readonly legacy = new WeakMap<McClient, { uuid: string; ip: string; properties: ForwardedProperty[] }>()
  private readonly refused = new WeakSet<McClient>()
  private readonly velocitySecret: string | undefined

  constructor(
    private readonly config: BackendForwarding,
    private readonly data: VersionData,
    private readonly kick: (client: McClient, reason: KickReason) => void,
  ) {
    // GlobalConfiguration.Proxies.Velocity.postProcess: an empty secret disables Velocity support.
    const velocity = config.velocity
    this.velocitySecret = velocity?.enabled && velocity.secret !== '' ? velocity.secret : undefined
    if (this.velocitySecret !== undefined && data.protocolVersion < FIRST_LOGIN_PLUGIN_PROTOCOL) {
      throw new HarnessInputError(
        `forwarding.velocity: Velocity's modern forwarding needs Minecraft 1.13 or newer (login plugin messages); this server is ${data.version}. Use legacy forwarding (bungeecord: true) for older versions`,
      )
    }
  }

  /** Why the setting does nothing, for the server's log and `check` (Paper logs the same). */
  notes(): string[] {
    const v = this.config.velocity
    const notes: string[] = []
    if (v?.enabled && v.secret === '')
      notes.push('Velocity is enabled, but no secret key was specified. A secret key is required. Disabling velocity...')
    if (this.config.bungeeGuard && !this.config.bungeecord)
      notes.push('BungeeGuard is installed but spigot.yml settings.bungeecord is false: it checks nothing')
    return notes
  }

  /** Runs after the vanilla handshake listener (handshake.ts), for login intents of the server's protocol. */
  attachHandshake(client: McClient): void {
    client.once('set_protocol', (packet: { protocolVersion: number; serverHost: string; nextState: number }) => {
      if (packet.nextState !== 2 && packet.nextState !== 3) return
      if (packet.protocolVersion !== this.data.protocolVersion) return
      const host = packet.serverHost
      if (this.config.bungeecord && this.config.bungeeGuard) {
        const guarded = checkBungeeGuard(host, this.config.bungeeGuard.allowedTokens)
        if (!guarded.ok) return this.refuse(client, { text: guarded.text })
        this.legacy.set(client, {
          uuid: guarded.uuid,
          ip: guarded.ip,
          properties: guarded.properties.filter((p) => /^\w{0,16}$/.test(p.name)),
        })
        return
      }
      const checked = checkLegacyHandshake(host, this.config.bungeecord === true)
      if (checked.kind === 'refused') return this.refuse(client, { text: checked.text })
      if (checked.kind === 'broken') {
        // Spigot throws inside the handshake: the connection closes without a disconnect packet.
        this.refused.add(client)
        client.socket.destroy()
        return
      }
      if (checked.kind === 'forwarded') this.legacy.set(client, { uuid: checked.uuid, ip: checked.ip, properties: checked.properties })
    })
  }

  /** True when the handshake already refused this connection: its login start is ignored. */
  isRefused(client: McClient): boolean {
    return this.refused.has(client)
  }

  /** The forwarded IP for an online-mode login (Spigot replaces the connection's address in the handshake). */
  forwardedIp(client: McClient): string | undefined {
    return this.legacy.get(client)?.ip
  }

  /** An offline-mode login: undefined when this connection was refused (and kicked). */
  async offlineLogin(client: McClient, name: string, ip: string): Promise<OfflineLogin | undefined> {
    if (this.velocitySecret !== undefined) return this.velocityLogin(client, this.velocitySecret)
    const forwarded = this.legacy.get(client)
    if (forwarded) return { profile: { id: forwarded.uuid, name, properties: forwarded.properties }, ip: forwarded.ip }
    return { profile: { id: offlineUuid(name), name, properties: [] }, ip }
  }

  private velocityLogin(client: McClient, secret: string): Promise<OfflineLogin | undefined> {
    // Paper: ThreadLocalRandom.nextInt() as the transaction id, one byte (4) as the request.
    const messageId = crypto.randomInt(-(2 ** 31), 2 ** 31 - 1)
    return new Promise((resolve, reject) => {
      const onEnd = () => resolve(undefined)
      client.once('end', onEnd)
      client.once('login_plugin_response', (packet: { messageId: number; data?: Buffer | null }) => {
        client.off('end', onEnd)
        if (packet.messageId !== messageId) {
          this.kick(client, vanillaReason(this.data, 'multiplayer.disconnect.unexpected_query_response'))
          return resolve(undefined)
        }
        if (packet.data === undefined || packet.data === null) {
          this.kick(client, { text: PAPER_VELOCITY_REQUIRED })
          return resolve(undefined)
        }
        const checked = decodeModernForwarding(packet.data, secret)
        if (!checked.ok) {
          if (checked.problem === 'integrity') {
            this.kick(client, { text: PAPER_VELOCITY_UNVERIFIED })
            return resolve(undefined)
          }
          return reject(new Error(`velocity forwarding: ${checked.detail}`))
        }
        resolve({
          profile: { id: checked.profile.uuid, name: checked.profile.name, properties: checked.profile.properties },
          ip: checked.address,
        })
      })
      client.write('login_plugin_request', { messageId, channel: VELOCITY_PLAYER_INFO_CHANNEL, data: modernForwardingRequest() })
    })
  }

  private refuse(client: McClient, reason: KickReason): void {
    this.refused.add(client)
    this.kick(client, reason)
  }
}
