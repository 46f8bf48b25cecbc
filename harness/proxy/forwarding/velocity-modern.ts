import crypto from 'node:crypto'
import { WireError, WireReader, WireWriter } from './wire.ts'
import type { ForwardedProfile, ForwardedProperty } from './types.ts'

/**
 * Velocity's "modern" player-info forwarding, both halves:
 * - the proxy's answer, copied from PaperMC/Velocity dev/3.0.0 @ 69ee655d7,
 *   proxy/src/main/java/com/velocitypowered/proxy/connection/PlayerDataForwarding.java
 *   (createForwardingData, findForwardingVersion) and .../backend/LoginSessionHandler.java (how the
 *   request byte is read);
 * - the backend's check, copied from PaperMC/Paper @ 6c8d4132 (26.1.2),
 *   paper-server/src/main/java/com/destroystokyo/paper/proxy/VelocityProxy.java (checkIntegrity,
 *   createProfile, readProperties) and the Velocity part of
 *   paper-server/patches/sources/net/minecraft/server/network/ServerLoginPacketListenerImpl.java.patch.
 *
 * The answer is HMAC-SHA256(secret as UTF-8, payload) followed by the payload: VarInt version,
 * String address, UUID, String name, properties; versions 2 and 3 append the 1.19-1.19.2 profile
 * key (and 3 its signer). Golden vectors written from those sources: fixtures/forwarding/.
 */
export const VELOCITY_PLAYER_INFO_CHANNEL = 'velocity:player_info'

export const MODERN_DEFAULT = 1
export const MODERN_WITH_KEY = 2
export const MODERN_WITH_KEY_V2 = 3
export const MODERN_LAZY_SESSION = 4
/** PlayerDataForwarding.MODERN_MAX_VERSION, and Paper's VelocityProxy.MAX_SUPPORTED_FORWARDING_VERSION. */
export const MODERN_MAX_VERSION = MODERN_LAZY_SESSION

/** Velocity's ProtocolVersion.MINECRAFT_1_19_3: from here on profile keys travel in the play state. */
const PROTOCOL_1_19_3 = 761

/** A 1.19-1.19.2 profile public key as Velocity forwards it (ProtocolUtils.writePlayerKey). */
export interface ForwardedPlayerKey {
  /** GENERIC_V1 (1.19) or LINKED_V2 (1.19.1-1.19.2). */
  revision: 'v1' | 'v2'
  expiresAtMs: bigint
  /** X.509 DER. */
  publicKey: Buffer
  signature: Buffer
  /** Version 3: the UUID the key's signature is bound to, when known. */
  signer?: string
}

/** The backend's request: Paper writes one byte, its highest version (4). */
export function modernForwardingRequest(maxVersion = MODERN_MAX_VERSION): Buffer {
  return Buffer.from([maxVersion & 0xff])
}

/**
 * The version the backend asked for, read as Velocity's LoginSessionHandler does: only when the
 * data is exactly one byte (a signed Java byte), else MODERN_DEFAULT.
 */
export function requestedForwardingVersion(data: Buffer): number {
  return data.length === 1 ? data.readInt8(0) : MODERN_DEFAULT
}

/** PlayerDataForwarding.findForwardingVersion: min(requested, 4), then what the client's protocol and key allow. */
export function negotiateForwardingVersion(requested: number, protocolVersion: number, key?: Pick<ForwardedPlayerKey, 'revision'>): number {
  const wanted = Math.min(requested, MODERN_MAX_VERSION)
  if (wanted <= MODERN_DEFAULT) return MODERN_DEFAULT
  if (protocolVersion >= PROTOCOL_1_19_3) return wanted >= MODERN_LAZY_SESSION ? MODERN_LAZY_SESSION : MODERN_DEFAULT
  if (!key) return MODERN_DEFAULT
  if (key.revision === 'v1') return MODERN_WITH_KEY
  // A V2 key cannot be sent as V1: without version 3 the key is dropped.
  return wanted >= MODERN_WITH_KEY_V2 ? MODERN_WITH_KEY_V2 : MODERN_DEFAULT
}

export interface ModernForwardingInput {
  /** forwarding.secret (Velocity) / proxies.velocity.secret (Paper); used as its UTF-8 bytes. */
  secret: string
  /** The player's address as Velocity writes it: the host string, no port. */
  address: string
  profile: ForwardedProfile
  /** The version to write (from negotiateForwardingVersion). */
  version: number
  key?: ForwardedPlayerKey
}

/** The payload without the HMAC (what the HMAC is computed over). */
export function modernForwardingPayload(input: ModernForwardingInput): Buffer {
  const w = new WireWriter()
    .varInt(input.version)
    .string(input.address)
    .uuid(input.profile.uuid)
    .string(input.profile.name)
    .varInt(input.profile.properties.length)
  for (const p of input.profile.properties) {
    w.string(p.name).string(p.value)
    // ProtocolUtils.writeProperties: an empty signature is written as "no signature".
    if (p.signature) w.boolean(true).string(p.signature)
    else w.boolean(false)
  }
  if (input.version >= MODERN_WITH_KEY && input.version < MODERN_LAZY_SESSION) {
    if (!input.key) throw new TypeError(`modern forwarding version ${input.version} carries the profile key, but none was given`)
    w.int64(input.key.expiresAtMs).byteArray(input.key.publicKey).byteArray(input.key.signature)
    if (input.version >= MODERN_WITH_KEY_V2) {
      if (input.key.signer) w.boolean(true).uuid(input.key.signer)
      else w.boolean(false)
    }
  }
  return w.toBuffer()
}

/** The proxy's answer to the request: HMAC-SHA256 (32 bytes) then the payload. */
export function encodeModernForwarding(input: ModernForwardingInput): Buffer {
  const payload = modernForwardingPayload(input)
  const mac = crypto.createHmac('sha256', Buffer.from(input.secret, 'utf8')).update(payload).digest()
  return Buffer.concat([mac, payload])
}

export type ModernForwardingCheck =
  | { ok: true; version: number; address: string; profile: ForwardedProfile; key?: ForwardedPlayerKey }
  /** The HMAC does not match (wrong secret, altered data): Paper kicks "Unable to verify player details". */
  | { ok: false; problem: 'integrity' }
  /** Paper throws IllegalStateException("Unsupported forwarding version ..."): the connection breaks. */
  | { ok: false; problem: 'unsupported_version'; detail: string }
  /** Shorter than a signature, or a field cut off: Paper's buffer read throws, the connection breaks. */
  | { ok: false; problem: 'malformed'; detail: string }

/**
 * The backend's half (Paper): HMAC compared in constant time (MessageDigest.isEqual), then the
 * version (at most 4), address, profile (name at most 16 characters), and for versions 2-3 the key.
 */
export function decodeModernForwarding(data: Buffer, secret: string): ModernForwardingCheck {
  if (data.length < 32) return { ok: false, problem: 'malformed', detail: `${data.length} bytes, shorter than the 32-byte signature` }
  const signature = data.subarray(0, 32)
  const payload = data.subarray(32)
  const mine = crypto.createHmac('sha256', Buffer.from(secret, 'utf8')).update(payload).digest()
  if (!crypto.timingSafeEqual(signature, mine)) return { ok: false, problem: 'integrity' }
  const r = new WireReader(payload)
  try {
    const version = r.varInt()
    if (version > MODERN_MAX_VERSION) {
      return {
        ok: false,
        problem: 'unsupported_version',
        detail: `Unsupported forwarding version ${version}, wanted upto ${MODERN_MAX_VERSION}`,
      }
    }
    const address = r.string(32767)
    const uuid = r.uuid()
    const name = r.string(16)
    const count = r.varInt()
    const properties: ForwardedProperty[] = []
    for (let i = 0; i < count; i++) {
      const propertyName = r.string(32767)
      const value = r.string(32767)
      const signature = r.boolean() ? r.string(32767) : undefined
      properties.push(signature === undefined ? { name: propertyName, value } : { name: propertyName, value, signature })
    }
    const profile = { uuid, name, properties }
    if (version >= MODERN_WITH_KEY && version < MODERN_LAZY_SESSION) {
      const expiresAtMs = r.int64()
      const publicKey = r.byteArray(512)
      const keySignature = r.byteArray(4096)
      const key: ForwardedPlayerKey = {
        revision: version === MODERN_WITH_KEY ? 'v1' : 'v2',
        expiresAtMs,
        publicKey,
        signature: keySignature,
      }
      if (version >= MODERN_WITH_KEY_V2 && r.boolean()) key.signer = r.uuid()
      return { ok: true, version, address, profile, key }
    }
    return { ok: true, version, address, profile }
  } catch (error) {
    if (error instanceof WireError) return { ok: false, problem: 'malformed', detail: error.message }
    throw error
  }
}
