/**
 * The mock's own RSA key: it signs textures properties and player certificates the way Mojang's
 * key does (SHA1withRSA, base64). Real servers only trust these signatures when told to trust
 * this key, which `/publickeys` publishes.
 */
import { createPrivateKey, createPublicKey, createSign, generateKeyPair, sign as signWith, type KeyObject } from 'node:crypto'
import { promisify } from 'node:util'
import { MOCK_SIGNING_KEY_PKCS8_BASE64 } from './mock-signing-key.ts'

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
 * The mock's key, one fixed key like Mojang's own (4096 bits, mock-signing-key.ts), read once per
 * process. A promise, as the mock's start has always awaited it.
 */
export function signingKey(): Promise<SigningKey> {
  processKey ??= Promise.resolve().then(() => {
    const privateKey = createPrivateKey({ key: Buffer.from(MOCK_SIGNING_KEY_PKCS8_BASE64, 'base64'), format: 'der', type: 'pkcs8' })
    return describe({ privateKey, publicKey: createPublicKey(privateKey) })
  })
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
 * The same signature computed on libuv's thread pool: a 4096-bit signature costs a few ms, and the
 * mock usually shares its thread with the server under test, whose logins should not wait on it.
 */
export function signOffThread(key: SigningKey, data: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) =>
    signWith('RSA-SHA1', typeof data === 'string' ? Buffer.from(data) : data, key.privateKey, (error, signature) =>
      error ? reject(error) : resolve(signature.toString('base64')),
    ),
  )
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

/** A player's chat-signing key pair, with the encodings a certificate carries. */
export interface PlayerKeyPair {
  spki: Buffer
  pkcs8: Buffer
}

/** How many distinct player key pairs one process hands out (see PlayerKeyPool). */
export const PLAYER_KEY_POOL_SIZE = 8

/**
 * Player key pairs, handed out round-robin from a small pool instead of one fresh 2048-bit pair
 * per certificate (generating one costs 50-300 ms of CPU, which made a premium storm measure the
 * mock's key generation instead of the logins).
 *
 * Sharing a key pair between accounts changes nothing a server can see: a server checks a player's
 * key only against that player's own certificate. Vanilla's `ProfilePublicKey.createValidated`
 * (1.19.1-1.20.x, decompiled, Mojang mappings; read from copies in the code index) checks the
 * expiry (with `EXPIRY_GRACE_PERIOD`) and `Data.validateSignature`, whose signed payload is the
 * player's UUID, the expiry millis and the key's DER; `ServerGamePacketListenerImpl`'s
 * `handleChatSessionUpdate` compares the new key's expiry with the same player's previous session
 * only. No code path compares two players' keys. The signatures stay per account: they cover the
 * UUID, so a certificate moved to another account is still refused.
 *
 * The pool grows in the background up to its size (one generation at a time); only the very first
 * certificate waits for a pair.
 */
export class PlayerKeyPool {
  private readonly pairs: PlayerKeyPair[] = []
  private growing: Promise<void> | undefined
  private next = 0

  constructor(
    private readonly size = PLAYER_KEY_POOL_SIZE,
    private readonly generatePair: () => Promise<PlayerKeyPair> = freshPlayerKeyPair,
  ) {}

  async take(): Promise<PlayerKeyPair> {
    if (this.pairs.length < this.size && !this.growing) {
      const growing = this.generatePair().then(
        (pair) => void this.pairs.push(pair),
        (error: unknown) => {
          throw new Error(`could not generate a player key pair: ${(error as Error)?.message ?? String(error)}`)
        },
      )
      this.growing = growing.finally(() => (this.growing = undefined))
      // A failure in the background is seen by the next request that has to wait for a pair.
      this.growing.catch(() => undefined)
    }
    if (this.pairs.length === 0) await this.growing
    return this.pairs[this.next++ % this.pairs.length]!
  }

  /** Distinct pairs generated so far. */
  get generated(): number {
    return this.pairs.length
  }
}

async function freshPlayerKeyPair(): Promise<PlayerKeyPair> {
  const pair = await generate('rsa', { modulusLength: 2048 })
  return {
    spki: pair.publicKey.export({ type: 'spki', format: 'der' }) as Buffer,
    pkcs8: pair.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer,
  }
}

let processPlayerKeys: PlayerKeyPool | undefined

/** The process's pool: every mock in a process draws from it, like the one signing key. */
export function playerKeyPool(): PlayerKeyPool {
  processPlayerKeys ??= new PlayerKeyPool()
  return processPlayerKeys
}

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
 * A chat-signing key pair for `profileId` (32 hex) from `pool`, signed by `key` (the mock's, or
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
  pool: PlayerKeyPool = playerKeyPool(),
): Promise<PlayerCertificate> {
  const { spki, pkcs8 } = await pool.take()
  // V2 (1.19.1+): profile UUID (16 bytes) + expiry millis (8 bytes, big endian) + SPKI DER.
  const expiry = Buffer.alloc(8)
  expiry.writeBigInt64BE(BigInt(expiresAt))
  const v2 = Buffer.concat([Buffer.from(profileId, 'hex'), expiry, spki])
  // V1 (1.19.0): decimal expiry millis followed by the key as Java wrote it.
  const v1 = `${expiresAt}${javaMimePem(spki)}`
  const [publicKeySignature, publicKeySignatureV2] = await Promise.all([signOffThread(key, v1), signOffThread(key, v2)])
  return {
    keyPair: { privateKey: pem('RSA PRIVATE KEY', pkcs8), publicKey: pem('RSA PUBLIC KEY', spki) },
    publicKeySignature,
    publicKeySignatureV2,
    expiresAt: new Date(expiresAt).toISOString(),
    refreshedAfter: new Date(Math.min(now + CERT_REFRESH_MS, expiresAt)).toISOString(),
  }
}
