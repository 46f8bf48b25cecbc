import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BadPaddingError, minecraftServerIdHash, rsaDecryptPkcs1, serverKeyPair, unpadPkcs1Type2 } from './crypto.ts'

describe('minecraftServerIdHash', () => {
  // The well-known examples of Java's signed-hex sha1 (wiki.vg): sha1 of the name alone.
  it.each([
    ['Notch', '4ed1f46bbe04bc756bcb17c0c7ce3e4632f06a48'],
    ['jeb_', '-7c9d5b0044c130109a5d7b5fb5c317c02b4e28c1'],
    ['simon', '88e16a1019277b15d58faf0541e11910eb756f6'],
  ])('%s -> %s', (name, expected) => {
    expect(minecraftServerIdHash(name, Buffer.alloc(0), Buffer.alloc(0))).toBe(expected)
  })

  it('agrees with the yggdrasil package the clients use', async () => {
    const { createRequire } = await import('node:module')
    const require = createRequire(import.meta.url)
    const { mcHexDigest } = require('yggdrasil/src/utils.js') as { mcHexDigest: (hash: Buffer) => string }
    const key = serverKeyPair().publicKeyDer
    let negatives = 0
    for (let i = 0; i < 64; i++) {
      const secret = crypto.randomBytes(16)
      const ours = minecraftServerIdHash('', secret, key)
      expect(ours).toBe(mcHexDigest(crypto.createHash('sha1').update('').update(secret).update(key).digest()))
      if (ours.startsWith('-')) negatives++
    }
    expect(negatives).toBeGreaterThan(0)
  })
})

describe('rsaDecryptPkcs1', () => {
  const key = serverKeyPair()
  const pub = crypto.createPublicKey(key.privateKey)

  it('decrypts what a client encrypts with PKCS#1 v1.5 padding', () => {
    const secret = crypto.randomBytes(16)
    const encrypted = crypto.publicEncrypt({ key: pub, padding: crypto.constants.RSA_PKCS1_PADDING }, secret)
    expect(rsaDecryptPkcs1(key, encrypted)).toEqual(secret)
  })

  it('rejects a block without valid type-2 padding (raw, unpadded encryption)', () => {
    const block = Buffer.alloc(128, 0x41)
    block[0] = 0 // below the modulus, but no 00 02 header
    const encrypted = crypto.publicEncrypt({ key: pub, padding: crypto.constants.RSA_NO_PADDING }, block)
    expect(() => rsaDecryptPkcs1(key, encrypted)).toThrow(BadPaddingError)
  })

  it('rejects ciphertext of the wrong length', () => {
    expect(() => rsaDecryptPkcs1(key, Buffer.alloc(64))).toThrow(/expected 128/)
  })
})

describe('unpadPkcs1Type2', () => {
  const block = (ps: number[], message: number[], header = [0x00, 0x02]) => {
    const b = Buffer.from([...header, ...ps, 0x00, ...message])
    return Buffer.concat([Buffer.alloc(0), b])
  }
  it('accepts 00 02, 8+ non-zero bytes, 00, message', () => {
    const b = block(Array(12).fill(7), [1, 2, 3])
    expect(unpadPkcs1Type2(b, b.length)).toEqual(Buffer.from([1, 2, 3]))
  })
  it('rejects a wrong header', () => {
    const b = block(Array(12).fill(7), [1], [0x00, 0x01])
    expect(() => unpadPkcs1Type2(b, b.length)).toThrow(/00 02/)
  })
  it('rejects a padding string shorter than 8 bytes', () => {
    const b = block(Array(7).fill(7), [1, 2, 3, 4, 5])
    expect(() => unpadPkcs1Type2(b, b.length)).toThrow(/at least 8/)
  })
  it('rejects a block without separator', () => {
    const b = Buffer.from([0x00, 0x02, ...Array(20).fill(9)])
    expect(() => unpadPkcs1Type2(b, b.length)).toThrow(/separator/)
  })
})
