/**
 * The chat-signing key pair a launcher fetches before it starts the game, in the shape
 * minecraft-protocol's client reads from `client.profileKeys` (login start on 1.19-1.19.2, the
 * play state's `chat_session_update` on 1.19.3+, signed messages). minecraft-protocol only fills it
 * from a Microsoft login; the harness fetches the mock's certificate and sets it itself.
 *
 * The answer is read as prismarine-auth 3.1.1 reads Mojang's
 * (`src/TokenManagers/MinecraftJavaTokenManager.js`, `fetchCertificates`): PEM keys whose base64
 * body is the DER (PKCS#8 private, SPKI public, both labelled "RSA"), the two signatures as base64,
 * expiresAt/refreshedAfter as dates.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { BoundedMemo } from '../bounded-memo.ts'
import { minecraftData } from '../minecraft-data-memo.ts'
import { sessionCall } from '../session-http.ts'

export { PROFILE_KEY_MODES, type ProfileKeyMode } from '../input/account.ts'

export interface ProfileKeys {
  public: KeyObject
  private: KeyObject
  publicPEM: string
  privatePEM: string
  publicDER: Buffer
  privateDER: Buffer
  /** V1 (1.19.0): over the expiry as text and the PEM key. */
  signature: Buffer
  /** V2 (1.19.1+): over UUID, expiry and the DER key. */
  signatureV2: Buffer
  expiresOn: Date
  refreshAfter: Date
}

/** The certificates call's own timeout, like the join's (authlib's 5 s). */
const CERTIFICATES_TIMEOUT_MS = 5000

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, ''), 'base64')
}

/** `POST /player/certificates`'s answer, as the services host sends it (and a launcher caches it). */
export interface PlayerCertificateJson {
  keyPair: { publicKey: string; privateKey: string }
  publicKeySignature: string
  publicKeySignatureV2: string
  expiresAt: string
  refreshedAfter: string
}

/**
 * `POST {servicesUrl}/player/certificates` with the account's Bearer token. Resolves undefined
 * when the account has no key (a 404: the mock's `profileKey: 'none'`); any other failure throws,
 * naming the status, so a case fails as a harness error and never silently runs key-less.
 */
export async function fetchPlayerCertificate(servicesUrl: string, accessToken: string): Promise<PlayerCertificateJson | undefined> {
  const url = `${servicesUrl.replace(/\/+$/, '')}/player/certificates`
  const response = await sessionCall({
    url,
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    timeoutMs: CERTIFICATES_TIMEOUT_MS,
  })
  const text = response.body
  if (response.status === 404) return undefined
  if (!response.ok) throw new Error(`POST ${url} answered HTTP ${response.status}: ${text.slice(0, 200)}`)
  return JSON.parse(text) as PlayerCertificateJson
}

/**
 * Parsed keys by their PEM, a few per thread: the mock hands out a pool of 8 key pairs
 * (session/keys.ts). A KeyObject is immutable, so one parsed from the same PEM may be handed to
 * every client.
 */
const parsedKeys = new BoundedMemo<string, KeyObject>(32)

/**
 * The keys a certificate holds, in the shape minecraft-protocol's client reads. The two KeyObjects
 * are parsed when first read, and the same PEM is parsed once per thread: a 1.19.3+ client that
 * never chats exports the public key once and never touches the private one, and parsing both took
 * a storm client about 0.25 ms per login.
 */
export function readPlayerCertificate(cert: PlayerCertificateJson): ProfileKeys {
  const publicDER = pemBody(cert.keyPair.publicKey)
  const privateDER = pemBody(cert.keyPair.privateKey)
  return {
    publicPEM: cert.keyPair.publicKey,
    privatePEM: cert.keyPair.privateKey,
    publicDER,
    privateDER,
    get public() {
      return parsedKeys.get(cert.keyPair.publicKey, () => createPublicKey({ key: publicDER, format: 'der', type: 'spki' }))
    },
    get private() {
      return parsedKeys.get(cert.keyPair.privateKey, () => createPrivateKey({ key: privateDER, format: 'der', type: 'pkcs8' }))
    },
    signature: Buffer.from(cert.publicKeySignature, 'base64'),
    signatureV2: Buffer.from(cert.publicKeySignatureV2, 'base64'),
    expiresOn: new Date(cert.expiresAt),
    refreshAfter: new Date(cert.refreshedAfter),
  }
}

/** fetchPlayerCertificate, read: the keys, or undefined for an account without one. */
export async function fetchProfileKeys(servicesUrl: string, accessToken: string): Promise<ProfileKeys | undefined> {
  const cert = await fetchPlayerCertificate(servicesUrl, accessToken)
  return cert && readPlayerCertificate(cert)
}

/**
 * Whether a launcher may use its cached certificate instead of fetching one. The vanilla client
 * keeps its key in `profilekeys/<uuid>.json` and fetches a new one only when the cached one has
 * expired or is due a refresh (AccountProfileKeyPairManager#readOrFetchProfileKeyPair, with
 * ProfileKeyPair#dueRefresh: refreshedAfter is past; decompiled 1.19.1+, Mojang mappings, read
 * from copies in the code index).
 */
export function cachedCertificateUsable(cert: PlayerCertificateJson, now = Date.now()): boolean {
  return Date.parse(cert.expiresAt) > now && Date.parse(cert.refreshedAfter) > now
}

/** Launchers fetch a profile key for 1.19 and later (login start's key on 1.19-1.19.2, the chat session from 1.19.3). */
export function versionUsesProfileKeys(version: string): boolean {
  const data = minecraftData(version)
  return data.supportFeature('signatureEncryption') || data.supportFeature('useChatSessions')
}

/**
 * A key that is no key: a launcher bug or a tampering client. The "public key" bytes are not a
 * DER key, so a 1.19-1.19.2 server cannot even parse it (`multiplayer.disconnect.invalid_public_key`)
 * and a 1.19.3+ server refuses the chat session's packet. The private key is a real one so the
 * client can still sign what it must (the verify token), and the server gets as far as the key.
 */
export function garbageProfileKeys(real: ProfileKeys): ProfileKeys {
  const junk = Buffer.from('not a DER public key, on purpose')
  return { ...real, publicDER: junk, public: { export: () => junk } as unknown as KeyObject }
}
