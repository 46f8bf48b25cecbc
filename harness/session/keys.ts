/**
 * The mock's own RSA key: it signs textures properties and player certificates the way Mojang's
 * key does (SHA1withRSA, base64). Real servers only trust these signatures when told to trust
 * this key, which `/publickeys` publishes.
 */
import { createSign, generateKeyPair, sign as signWith, type KeyObject } from 'node:crypto'
import { promisify } from 'node:util'

const generate = promisify(generateKeyPair)

export interface SigningKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** base64 of the X.509 SubjectPublicKeyInfo DER, as `/publickeys` lists keys. */
  publicKeyBase64: string
  /** `-----BEGIN PUBLIC KEY-----` PEM, as authlib-injector's metadata carries it. */
  publicKeyPem: string
}

let processKey: Promise<SigningKey> | undefined
let strangerKey: Promise<SigningKey> | undefined

function describe(pair: { privateKey: KeyObject; publicKey: KeyObject }): SigningKey {
  return {
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicKeyBase64: (pair.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  }
}

/**
 * One key per process: 4096 bits like Mojang's own signing key
 * (generating it costs ~0.3-1.5 s here), and nothing needs two mocks in one process to sign with
 * different keys.
 */
export function signingKey(): Promise<SigningKey> {
  processKey ??= generate('rsa', { modulusLength: 4096 }).then(describe)
  return processKey
}

/**
 * A key nobody publishes: player certificates of `badSignature` accounts are signed with it, so a
 * server that checks against `/publickeys` finds the signature wrong while everything else is
 * well-formed. 2048 bits: nothing verifies it, and it is made once per process.
 */
export function unpublishedKey(): Promise<SigningKey> {
  strangerKey ??= generate('rsa', { modulusLength: 2048 }).then(describe)
  return strangerKey
}

/** SHA1withRSA over `data`, base64, as Mojang signs properties and key payloads. */
export function sign(key: SigningKey, data: string | Buffer): string {
  return createSign('RSA-SHA1').update(data).sign(key.privateKey, 'base64')
}

/**
 * How many distinct chat-signing key pairs the process hands out. A 2048-bit pair costs ~100 ms
 * of CPU to generate (more on a loaded machine), so a fresh pair per account made a premium storm
 * spend most of its CPU in the mock. What a server checks of a player's key is the expiry and
 * the V2 signature, which covers the player's UUID, the expiry and the key (see
 * issuePlayerCertificate): that signature is still made per account, so every check keeps its
 * meaning; nothing a server or client does compares two players' keys. A pair is made on first
 * need, so a mock that issues a single certificate makes a single pair.
 */
export const PLAYER_KEY_POOL_SIZE = 8

const playerKeyPool: (Promise<{ spki: Buffer; pkcs8: Buffer }> | undefined)[] = []
let nextPlayerKey = 0

/** The next chat-signing key pair of the process's pool, as DER (SPKI and PKCS#8). */
export function pooledPlayerKeyPair(): Promise<{ spki: Buffer; pkcs8: Buffer }> {
  const slot = nextPlayerKey++ % PLAYER_KEY_POOL_SIZE
  let pair = playerKeyPool[slot]
  if (!pair) {
    pair = generate('rsa', { modulusLength: 2048 }).then((made) => ({
      spki: made.publicKey.export({ type: 'spki', format: 'der' }) as Buffer,
      pkcs8: made.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer,
    }))
    // A failed generation is not kept: the next request in this slot tries again.
    pair.catch(() => {
      if (playerKeyPool[slot] === pair) playerKeyPool[slot] = undefined
    })
    playerKeyPool[slot] = pair
  }
  return pair
}

const signOffThread = promisify(signWith)

/**
 * The same SHA1withRSA signature as sign() (PKCS#1 v1.5 is deterministic: the same bytes), made
 * on libuv's thread pool: a 4096-bit signature costs ~5 ms, and on the main thread it held up the
 * embedded server sharing that thread.
 */
export async function signAsync(key: SigningKey, data: string | Buffer): Promise<string> {
  return (await signOffThread('sha1', typeof data === 'string' ? Buffer.from(data) : data, key.privateKey)).toString('base64')
}

export interface PlayerCertificate {
  keyPair: { privateKey: string; publicKey: string }
  publicKeySignature: string
  publicKeySignatureV2: string
  expiresAt: string
  refreshedAfter: string
}

/** Mojang's key pairs live 48 h and are renewed after 40 h (the launcher refreshes then). */
export const CERT_LIFETIME_MS = 48 * 3600_000
export const CERT_REFRESH_MS = 40 * 3600_000

/** Mojang labels both PEMs "RSA" although they hold PKCS#8 and SPKI: clients parse that label. */
function pem(label: string, der: Buffer): string {
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`
}

/**
 * The key as 1.19's `Crypt.rsaPublicKeyToString` writes it for the V1 signature: MIME base64 of
 * 76 columns with "\n" between lines (`Crypt.MIME_ENCODER = Base64.getMimeEncoder(76, "\n")`,
 * decompiled 1.19, Mojang mappings; minecraft-protocol 1.68's server `mcPubKeyToPem` agrees).
 */
function javaMimePem(der: Buffer): string {
  const body = der
    .toString('base64')
    .replace(/(.{76})/g, '$1\n')
    .replace(/\n$/, '')
  return `-----BEGIN RSA PUBLIC KEY-----\n${body}\n-----END RSA PUBLIC KEY-----\n`
}

/**
 * A fresh chat-signing key pair for `profileId` (32 hex), signed by `key` (the mock's, or
 * unpublishedKey() for a bad signature). `expiresAt` defaults to 48 h after `now`; an expired
 * certificate passes a time already gone (its signatures are still right: only the date is wrong).
 *
 * The answer's layout is what clients read: prismarine-auth 3.1.1
 * `src/TokenManagers/MinecraftJavaTokenManager.js` `fetchCertificates` (keyPair.publicKey and
 * privateKey as PEM, publicKeySignature, publicKeySignatureV2 as base64, expiresAt and
 * refreshedAfter as ISO dates), the code minecraft-protocol's Microsoft login uses.
 */
export async function issuePlayerCertificate(
  key: SigningKey,
  profileId: string,
  now = Date.now(),
  expiresAt = now + CERT_LIFETIME_MS,
): Promise<PlayerCertificate> {
  const { spki, pkcs8 } = await pooledPlayerKeyPair()
  // V2 (1.19.1+): profile UUID (16 bytes) + expiry millis (8 bytes, big endian) + SPKI DER.
  const expiry = Buffer.alloc(8)
  expiry.writeBigInt64BE(BigInt(expiresAt))
  const v2 = Buffer.concat([Buffer.from(profileId, 'hex'), expiry, spki])
  // V1 (1.19.0): decimal expiry millis followed by the key as Java wrote it.
  const v1 = `${expiresAt}${javaMimePem(spki)}`
  const [publicKeySignature, publicKeySignatureV2] = await Promise.all([signAsync(key, v1), signAsync(key, v2)])
  return {
    keyPair: { privateKey: pem('RSA PRIVATE KEY', pkcs8), publicKey: pem('RSA PUBLIC KEY', spki) },
    publicKeySignature,
    publicKeySignatureV2,
    expiresAt: new Date(expiresAt).toISOString(),
    refreshedAfter: new Date(Math.min(now + CERT_REFRESH_MS, expiresAt)).toISOString(),
  }
}
