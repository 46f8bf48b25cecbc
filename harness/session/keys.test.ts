import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sign, signAsync, type SigningKey } from './keys.ts'

describe('signAsync', () => {
  it('gives the same SHA1withRSA bytes as sign() (PKCS#1 v1.5 is deterministic)', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const key = { ...pair, publicKeyBase64: '', publicKeyPem: '' } satisfies SigningKey
    for (const data of ['payload', Buffer.from([0, 1, 2, 255])]) expect(await signAsync(key, data)).toBe(sign(key, data))
    expect(await signAsync(key, 'a')).not.toBe(sign(key, 'b'))
  })
})
