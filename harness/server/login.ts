import crypto from 'node:crypto'
import { useBoundedDecompressor } from './bounded-decompressor.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'
import { minecraftServerIdHash, rsaDecryptPkcs1, serverKeyPair } from './crypto.ts'
import { hasJoined, type JoinedProfile } from './has-joined.ts'
import { vanillaReason, type KickReason } from './kick.ts'
import { lazyPluginChannels, useFastCompression } from './fast-paths.ts'
import type { PlatformRules } from './platform-rules.ts'
import { concat, states, type McClient } from './nmp.ts'
import { signedByAny, type ServicesKeys } from './services-keys.ts'
import type { ForwardingCheck } from './forwarding-check.ts'
import type { LoginCandidate } from './plugin.ts'
import type { LoginProperties } from './types.ts'
import type { VersionData } from './version-data.ts'

/**
 * The login state machine, in place of minecraft-protocol's server login plugin, following
 * vanilla (1.8 ... 26.1) and authlib: login start -> [encryption + hasJoined] -> admission
 * (bans, whitelist, full, duplicates: decided by the server) -> compression -> login success ->
 * [configuration phase, 1.20.2+] -> play. Every failure ends in exactly the kick vanilla sends.
 */
export interface LoginHost {
  data: VersionData
  /** The platform's name rule and texts (vanilla's, or Paper's: paper/rules.ts). */
  rules: PlatformRules
  properties: LoginProperties
  sessionServer: string | undefined
  /** The keys profile-key signatures must verify against (services-keys.ts). */
  servicesKeys: ServicesKeys
  /** The server's enforceSecureProfile(): decided once, in embedded-server.ts. */
  enforcesSecureProfile: boolean
  hasJoinedTimeoutMs: number
  loginDeadlineMs: number
  /** Aborted on stop: cancels hasJoined requests in flight. */
  signal: AbortSignal
  /** Decides admission after authentication; a reason refuses the login. */
  admit(candidate: LoginCandidate & { properties: JoinedProfile['properties'] }, client: McClient): KickReason | undefined
  /**
   * After admission, before compression and login success: the cookies plugins ask for (1.20.5+),
   * awaited, and the plugins' verdict on them (CraftBukkit's WAITING_FOR_COOKIES).
   */
  loginCookies(client: McClient, candidate: LoginCandidate): Promise<KickReason | undefined>
  /** Login (and configuration) finished: the client is in the play state. */
  joined(client: McClient, candidate: LoginCandidate): void
  kick(client: McClient, reason: KickReason): void
  /**
   * True once `client` was kicked: its end is under way but not yet seen (`client.ended`), and
   * vanilla handles no packet of a connection it disconnected.
   */
  isKicked(client: McClient): boolean
  log(event: LoginEvent): void
  /** Proxy forwarding as Paper/Spigot check it (forwarding-check.ts); absent: vanilla's offline profile. */
  forwarding?: ForwardingCheck
}

export type LoginEvent =
  | { type: 'hasJoined'; name: string; result: string; detail?: string; ms: number }
  | { type: 'protocol_error'; name: string | undefined; detail: string }

export function clientIp(client: McClient): string {
  const address = client.socket.remoteAddress ?? ''
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

export function attachLogin(client: McClient, host: LoginHost): void {
  const data = host.data
  const online = host.properties.onlineMode
  let deadline: NodeJS.Timeout | undefined = setTimeout(() => {
    deadline = undefined
    host.kick(client, vanillaReason(data, 'multiplayer.disconnect.slow_login'))
  }, host.loginDeadlineMs)
  const clearDeadline = () => {
    if (deadline) clearTimeout(deadline)
    deadline = undefined
  }
  client.once('end', clearDeadline)

  client.once('login_start', (packet: LoginStartPacket) => {
    // The handshake (a transfer, handshake.ts) or a packet before this one (an unasked cookie
    // response, cookie-requests.ts) may already have refused the connection.
    if (client.ended || host.isKicked(client)) return
    // A client of another protocol was already kicked by the handshake (handshake.ts).
    if (client.protocolVersion !== data.protocolVersion) return
    // Nor one whose handshake the forwarding check refused.
    if (host.forwarding?.isRefused(client)) return
    try {
      onLoginStart(packet)
    } catch (error) {
      protocolError(String((error as Error)?.message ?? error))
    }
  })

  function protocolError(detail: string) {
    host.log({ type: 'protocol_error', name: client.username, detail })
    // Vanilla surfaces these as an internal exception of the connection.
    host.kick(client, { text: `Internal Exception: java.lang.IllegalStateException: Protocol error` })
  }

  interface LoginStartPacket {
    username: string
    playerUUID?: string
    signature?: { timestamp: bigint; publicKey: Buffer; signature: Buffer }
  }

  let profileKey: crypto.KeyObject | undefined

  function onLoginStart(packet: LoginStartPacket) {
    client.username = packet.username
    const badName = host.rules.nameRefusal(packet.username)
    if (badName) {
      host.kick(client, badName)
      return
    }
    if (data.supportFeature('signatureEncryption')) {
      // 1.19 - 1.19.2: profile keys are checked at login.
      if (!packet.signature) {
        if (host.enforcesSecureProfile) {
          host.kick(client, vanillaReason(data, 'multiplayer.disconnect.missing_public_key'))
          return
        }
      } else {
        const checked = checkProfileKey(packet)
        if ('kick' in checked) {
          host.kick(client, checked.kick)
          return
        }
        profileKey = checked.key
      }
    }
    if (!online) {
      if (host.forwarding) {
        host.forwarding
          .offlineLogin(client, packet.username, clientIp(client))
          .then((login) => (login ? finish(login.profile, login.ip) : undefined))
          .catch((error) => protocolError(String(error?.message ?? error)))
        return
      }
      void finish({ id: offlineUuid(packet.username), name: packet.username, properties: [] })
      return
    }
    const key = serverKeyPair()
    const verifyToken = crypto.randomBytes(4)
    client.once('encryption_begin', (response: EncryptionResponse) => {
      onEncryptionResponse(response, key, verifyToken).catch((error) => protocolError(String(error?.message ?? error)))
    })
    // Vanilla's server id is the empty string since 1.7.
    client.write('encryption_begin', { serverId: '', publicKey: key.publicKeyDer, verifyToken, shouldAuthenticate: true })
  }

  /**
   * Vanilla's profile-key check at login, per version (decompiled ServerLoginPacketListenerImpl and
   * ProfilePublicKey, Mojang mappings; read from copies in the code index, not from Mojang's jar):
   * - 1.19.0 (`validatePublicKey(packet, validator, enforce)`): an unparseable key (CryptException)
   *   is `invalid_public_key`; an expired key or a bad V1 signature is `invalid_public_key_signature`
   *   (1.19.0 has no expired text).
   * - 1.19.1-1.19.2 (`ProfilePublicKey.createValidated(validator, uuid, data, Duration.ZERO)`):
   *   expired first (`expired_public_key`, no grace at login), then the V2 signature
   *   (`invalid_public_key_signature`). The key is parsed while the packet is decoded
   *   (FriendlyByteBuf.readPublicKey throws `DecoderException("Malformed public key bytes")`),
   *   so an unparseable key ends the connection as a broken packet does.
   * A present key is checked whether or not the server enforces secure profiles.
   */
  function checkProfileKey(packet: LoginStartPacket): { key: crypto.KeyObject } | { kick: KickReason } {
    const signature = packet.signature!
    const v2 = data.supportFeature('profileKeySignatureV2')
    let publicKey: crypto.KeyObject
    try {
      publicKey = crypto.createPublicKey({ key: signature.publicKey, format: 'der', type: 'spki' })
    } catch {
      return {
        kick: v2
          ? { text: 'Internal Exception: io.netty.handler.codec.DecoderException: Malformed public key bytes' }
          : vanillaReason(data, 'multiplayer.disconnect.invalid_public_key'),
      }
    }
    const expired = signature.timestamp < BigInt(Date.now())
    if (expired)
      return {
        kick: vanillaReason(data, v2 ? 'multiplayer.disconnect.expired_public_key' : 'multiplayer.disconnect.invalid_public_key_signature'),
      }
    const signable = v2
      ? concat('UUID', packet.playerUUID, 'i64', signature.timestamp, 'buffer', publicKey.export({ type: 'spki', format: 'der' }))
      : Buffer.from(signature.timestamp + rsaPublicPem(signature.publicKey), 'utf8')
    if (!signedByAny(host.servicesKeys, signable, signature.signature)) {
      return { kick: vanillaReason(data, 'multiplayer.disconnect.invalid_public_key_signature') }
    }
    return { key: publicKey }
  }

  interface EncryptionResponse {
    sharedSecret: Buffer
    verifyToken?: Buffer
    hasVerifyToken?: boolean
    crypto?: { verifyToken?: Buffer; salt?: bigint; messageSignature?: Buffer }
  }

  async function onEncryptionResponse(packet: EncryptionResponse, key: ReturnType<typeof serverKeyPair>, verifyToken: Buffer) {
    if (packet.hasVerifyToken === false) {
      // 1.19 - 1.19.2 with profile keys: the client signs the token instead of encrypting it.
      const salt = packet.crypto?.salt
      const messageSignature = packet.crypto?.messageSignature
      if (!profileKey || salt === undefined || !messageSignature) return protocolError('signed verify token without a profile key')
      const signable = concat('buffer', verifyToken, 'i64', salt)
      if (!crypto.verify('sha256WithRSAEncryption', signable, profileKey, messageSignature)) {
        host.kick(client, vanillaReason(data, 'multiplayer.disconnect.invalid_public_key_signature'))
        return
      }
    } else {
      const encrypted = packet.hasVerifyToken ? packet.crypto?.verifyToken : packet.verifyToken
      if (!encrypted) return protocolError('encryption response without a verify token')
      const token = rsaDecryptPkcs1(key, encrypted)
      if (token.length !== verifyToken.length || !crypto.timingSafeEqual(token, verifyToken)) {
        return protocolError('verify token mismatch')
      }
    }
    const secret = rsaDecryptPkcs1(key, packet.sharedSecret)
    if (secret.length !== 16) return protocolError(`shared secret is ${secret.length} bytes, expected 16`)
    client.setEncryption(secret)

    if (!host.sessionServer) {
      // Nothing to ask: an online server without a session server is a setup error caught at start.
      host.kick(client, host.rules.authServersDown())
      return
    }
    const started = performance.now()
    const result = await hasJoined({
      sessionServer: host.sessionServer,
      username: client.username!,
      serverIdHash: minecraftServerIdHash('', secret, key.publicKeyDer),
      ip: host.properties.preventProxyConnections ? clientIp(client) : undefined,
      timeoutMs: host.hasJoinedTimeoutMs,
      signal: host.signal,
    })
    host.log({
      type: 'hasJoined',
      name: client.username!,
      result: result.kind,
      detail: 'detail' in result ? result.detail : undefined,
      ms: Math.round(performance.now() - started),
    })
    if (client.ended) return
    if (result.kind === 'unverified') return host.kick(client, vanillaReason(data, 'multiplayer.disconnect.unverified_username'))
    if (result.kind === 'down') return host.kick(client, host.rules.authServersDown())
    await finish({ ...result.profile, id: toDashedUuid(result.profile.id) })
  }

  async function finish(profile: JoinedProfile, ip = clientIp(client)) {
    if (client.ended) return
    const candidate = { name: profile.name, uuid: profile.id, ip, properties: profile.properties, transferred: client.transferred === true }
    const refusal = host.admit(candidate, client)
    if (refusal) {
      host.kick(client, refusal)
      return
    }
    const cookieRefusal = await host.loginCookies(client, candidate)
    if (client.ended) return
    if (cookieRefusal) {
      host.kick(client, cookieRefusal)
      return
    }
    client.username = profile.name
    if (client.protocolVersion >= 27) {
      client.write('compress', { threshold: 256 })
      client.compressionThreshold = 256
      useBoundedDecompressor(client, 256)
      // The registry data (1.20.2+) is the same for every client: deflated once per version, not per login.
      useFastCompression(client, data.supportFeature('hasConfigurationState') ? data.compressedRegistry(256) : undefined)
    }
    client.write('success', {
      uuid: profile.id,
      username: profile.name,
      properties: profile.properties,
      strictErrorHandling: false,
    })
    // Plugin channels as minecraft-protocol sets them up, minus the per-connection ajv compile,
    // and built only if something uses them (see lazyPluginChannels).
    lazyPluginChannels(client, { version: data.version, validateChannelProtocol: false })
    if (data.supportFeature('hasConfigurationState')) {
      client.once('login_acknowledged', () => {
        clearDeadline()
        client.state = states.CONFIGURATION
        const registry = data.registryPackets()
        for (const buffer of registry) client.writeRaw(buffer)
        client.once('finish_configuration', () => {
          client.state = states.PLAY
          host.joined(client, candidate)
        })
        client.write('finish_configuration', {})
      })
    } else {
      clearDeadline()
      client.state = states.PLAY
      host.joined(client, candidate)
    }
  }
}

/** 1.19.0's Crypt.rsaPublicKeyToString: MIME base64, 76 columns, "\n" (Crypt.MIME_ENCODER). */
function rsaPublicPem(der: Buffer): string {
  const b64 =
    der
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join('\n') ?? ''
  return `-----BEGIN RSA PUBLIC KEY-----\n${b64}\n-----END RSA PUBLIC KEY-----\n`
}
