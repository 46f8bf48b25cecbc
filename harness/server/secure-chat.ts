/**
 * Secure chat in the play state, as vanilla decides it (decompiled ServerGamePacketListenerImpl,
 * SignedMessageChain and ProfilePublicKey, Mojang mappings, read from copies in the code index;
 * Mojang's own jar cannot be downloaded here):
 *
 * - 1.19.3+: the client sends its profile key in `chat_session_update`. handleChatSessionUpdate:
 *   a key whose expiry is before the current session's is `multiplayer.disconnect.expired_public_key`;
 *   without services keys the session is ignored; else `ProfilePublicKey.createValidated` checks the
 *   V2 signature only (`multiplayer.disconnect.invalid_public_key_signature`: a disconnect).
 * - A chat message then goes through SignedMessageChain's decoder: with a session, a missing
 *   signature is `chat.disabled.missingProfileKey` and an expired key `chat.disabled.expiredProfileKey`;
 *   without one, `Decoder.unsigned(uuid, server::enforceSecureProfile)` refuses it with
 *   `chat.disabled.missingProfileKey` when the server enforces, and lets it through otherwise.
 *   A refusal is a red system message to the sender (handleMessageDecodeFailure), not a kick.
 * - 1.19-1.19.2: the key was checked at login (login.ts); chat is not refused for a missing key.
 *
 * Not done here: message signatures and the last-seen chain are not verified (a bot that signs
 * does so with minecraft-protocol's own code; the harness tests the key rules, not chain rules).
 */
import crypto from 'node:crypto'
import { BoundedMemo } from '../bounded-memo.ts'
import { vanillaReason, type KickReason } from './kick.ts'
import { concat } from './nmp.ts'
import { signedByAny, type ServicesKeys } from './services-keys.ts'
import type { VersionData } from './version-data.ts'

export interface ChatSessionUpdate {
  sessionUUID: string
  expireTime: bigint
  publicKey: Buffer
  signature: Buffer
}

export type ChatVerdict = { ok: true } | { ok: false; refusal: KickReason }

/** Re-encoded keys by their bytes as sent, a few per process (players' keys repeat: see reencodedPublicKey). */
const reencoded = new BoundedMemo<string, Buffer | null>(64)

/**
 * The key as vanilla reads and signs it: decoded from the packet's X.509 bytes
 * (FriendlyByteBuf.readPublicKey) and encoded again (PublicKey#getEncoded, in the signed payload);
 * null when the bytes are no key. A pure function of the bytes, so it is kept for the bytes seen
 * last: a storm's players share the mock's 8 key pairs, and parsing each took ~0.3 ms per login.
 */
function reencodedPublicKey(bytes: Buffer): Buffer | null {
  return reencoded.get(bytes.toString('base64'), () => {
    try {
      return crypto.createPublicKey({ key: bytes, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' })
    } catch {
      return null
    }
  })
}

export class SecureChat {
  private session: { expiresAt: bigint } | undefined

  constructor(
    private readonly data: VersionData,
    private readonly profileUuid: string,
    private readonly servicesKeys: ServicesKeys,
    private readonly enforces: boolean,
  ) {}

  /** A kick reason when vanilla disconnects for this session update; undefined when it is taken (or ignored). */
  onSessionUpdate(update: ChatSessionUpdate): KickReason | undefined {
    if (this.session && update.expireTime < this.session.expiresAt)
      return vanillaReason(this.data, 'multiplayer.disconnect.expired_public_key')
    // DedicatedServer without a services key set: "Ignoring chat session ... due to missing Services public key".
    if (this.servicesKeys.playerCertificateKeys.length === 0) return undefined
    const der = reencodedPublicKey(update.publicKey)
    // FriendlyByteBuf.readPublicKey fails while the packet is decoded.
    if (!der) return { text: 'Internal Exception: io.netty.handler.codec.DecoderException: Malformed public key bytes' }
    const signable = concat('UUID', this.profileUuid, 'i64', update.expireTime, 'buffer', der)
    if (!signedByAny(this.servicesKeys, signable, update.signature))
      return vanillaReason(this.data, 'multiplayer.disconnect.invalid_public_key_signature')
    this.session = { expiresAt: update.expireTime }
    return undefined
  }

  /** Whether a chat message (signed or not) gets through SignedMessageChain's decoder. */
  verdict(signed: boolean): ChatVerdict {
    if (!this.data.supportFeature('useChatSessions')) return { ok: true }
    if (this.session) {
      if (!signed) return this.refuse('chat.disabled.missingProfileKey')
      if (this.session.expiresAt < BigInt(Date.now())) return this.refuse('chat.disabled.expiredProfileKey')
      return { ok: true }
    }
    return this.enforces ? this.refuse('chat.disabled.missingProfileKey') : { ok: true }
  }

  private refuse(key: string): ChatVerdict {
    return { ok: false, refusal: { ...vanillaReason(this.data, key), color: 'red' } }
  }
}
