import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { issuePlayerCertificate, PlayerKeyPool, sign, signOffThread, type PlayerKeyPair, type SigningKey } from './keys.ts'

function signingKey(): SigningKey {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    ...pair,
    publicKeyBase64: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  }
}

function playerPair(): PlayerKeyPair {
  const pair = generateKeyPairSync('rsa', { modulusLength: 1024 })
  return { spki: pair.publicKey.export({ type: 'spki', format: 'der' }), pkcs8: pair.privateKey.export({ type: 'pkcs8', format: 'der' }) }
}

/** What a 1.19.1+ server checks (ProfilePublicKey.Data.signedPayload): UUID, expiry millis, key DER. */
function v2Holds(trusted: KeyObject, profileId: string, expiresAt: string, publicKeyPem: string, signature: string): boolean {
  // Mojang labels the SPKI key "RSA PUBLIC KEY"; Node reads that label as PKCS#1.
  const der = createPublicKey(publicKeyPem.replaceAll('RSA PUBLIC KEY', 'PUBLIC KEY')).export({ type: 'spki', format: 'der' })
  const expiry = Buffer.alloc(8)
  expiry.writeBigInt64BE(BigInt(Date.parse(expiresAt)))
  return verify('RSA-SHA1', Buffer.concat([Buffer.from(profileId, 'hex'), expiry, der]), trusted, Buffer.from(signature, 'base64'))
}

const mojang = signingKey()
const stranger = signingKey()
const alice = '0123456789abcdef0123456789abcdef'
const bob = 'fedcba9876543210fedcba9876543210'

describe('player key pool', () => {
  it('hands out at most `size` distinct pairs, round-robin, and only the first request waits', async () => {
    let made = 0
    const pool = new PlayerKeyPool(2, () => Promise.resolve((made++, playerPair())))
    const first = await pool.take()
    expect(pool.generated).toBe(1)
    const taken = [first]
    for (let i = 0; i < 6; i++) taken.push(await pool.take())
    expect(made).toBe(2)
    expect(new Set(taken.map((p) => p.spki.toString('hex'))).size).toBe(2)
  })

  it('a failed generation reaches the request that has to wait for it, naming what failed', async () => {
    const pool = new PlayerKeyPool(2, () => Promise.reject(new Error('no entropy')))
    await expect(pool.take()).rejects.toThrow('could not generate a player key pair: no entropy')
  })
})

describe('certificates from pooled key pairs', () => {
  const pool = new PlayerKeyPool(1, () => Promise.resolve(playerPair()))

  it('two accounts sharing a pair get signatures of their own: one moved to the other account is refused', async () => {
    const now = Date.UTC(2026, 0, 1)
    const a = await issuePlayerCertificate(mojang, alice, now, undefined, pool)
    const b = await issuePlayerCertificate(mojang, bob, now, undefined, pool)
    expect(a.keyPair.publicKey).toBe(b.keyPair.publicKey)
    expect(v2Holds(mojang.publicKey, alice, a.expiresAt, a.keyPair.publicKey, a.publicKeySignatureV2)).toBe(true)
    expect(v2Holds(mojang.publicKey, bob, b.expiresAt, b.keyPair.publicKey, b.publicKeySignatureV2)).toBe(true)
    expect(a.publicKeySignatureV2).not.toBe(b.publicKeySignatureV2)
    expect(v2Holds(mojang.publicKey, bob, a.expiresAt, a.keyPair.publicKey, a.publicKeySignatureV2)).toBe(false)
  })

  it('a certificate signed by a key nobody publishes is refused by the published one', async () => {
    const forged = await issuePlayerCertificate(stranger, alice, Date.now(), undefined, pool)
    expect(v2Holds(mojang.publicKey, alice, forged.expiresAt, forged.keyPair.publicKey, forged.publicKeySignatureV2)).toBe(false)
    expect(v2Holds(stranger.publicKey, alice, forged.expiresAt, forged.keyPair.publicKey, forged.publicKeySignatureV2)).toBe(true)
  })

  it('the expiry is signed: an expired certificate says so, and moving its date breaks the signature', async () => {
    const now = Date.UTC(2026, 0, 1)
    const expired = await issuePlayerCertificate(mojang, alice, now - 49 * 3600_000, now - 60_000, pool)
    expect(Date.parse(expired.expiresAt)).toBeLessThan(now)
    expect(v2Holds(mojang.publicKey, alice, expired.expiresAt, expired.keyPair.publicKey, expired.publicKeySignatureV2)).toBe(true)
    const extended = new Date(now + 3600_000).toISOString()
    expect(v2Holds(mojang.publicKey, alice, extended, expired.keyPair.publicKey, expired.publicKeySignatureV2)).toBe(false)
  })

  it('signing off the thread gives the same (deterministic PKCS#1 v1.5) signature as signing on it', async () => {
    expect(await signOffThread(mojang, 'payload')).toBe(sign(mojang, 'payload'))
  })
})
