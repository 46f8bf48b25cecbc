import { generateKeyPairSync, sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cachedCertificateUsable, readPlayerCertificate, versionUsesProfileKeys, type PlayerCertificateJson } from './profile-keys.ts'

const HOUR = 3600_000

function certificate(expiresInMs: number, refreshInMs: number, now: number): PlayerCertificateJson {
  return {
    keyPair: { publicKey: '', privateKey: '' },
    publicKeySignature: '',
    publicKeySignatureV2: '',
    expiresAt: new Date(now + expiresInMs).toISOString(),
    refreshedAfter: new Date(now + refreshInMs).toISOString(),
  }
}

describe("a launcher's cached profile key", () => {
  const now = Date.parse('2026-12-04T12:00:00Z')

  it('is used while it is neither expired nor due a refresh, as the vanilla client does', () => {
    expect(cachedCertificateUsable(certificate(48 * HOUR, 40 * HOUR, now), now)).toBe(true)
    // Due a refresh (refreshedAfter past): the client fetches a new one although the key still holds.
    expect(cachedCertificateUsable(certificate(8 * HOUR, -1, now), now)).toBe(false)
    expect(cachedCertificateUsable(certificate(-1, -HOUR, now), now)).toBe(false)
  })

  it('exists from 1.19 on', () => {
    expect(versionUsesProfileKeys('1.18.2')).toBe(false)
    expect(versionUsesProfileKeys('1.19')).toBe(true)
    expect(versionUsesProfileKeys('1.20.4')).toBe(true)
  })
})

describe('readPlayerCertificate', () => {
  it('gives the key pair the PEMs hold, the KeyObjects parsed when first read', () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const spki = pair.publicKey.export({ type: 'spki', format: 'der' })
    const pem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64')}\n-----END ${label}-----\n`
    const certificate: PlayerCertificateJson = {
      keyPair: {
        publicKey: pem('RSA PUBLIC KEY', spki),
        privateKey: pem('RSA PRIVATE KEY', pair.privateKey.export({ type: 'pkcs8', format: 'der' })),
      },
      publicKeySignature: Buffer.from('v1').toString('base64'),
      publicKeySignatureV2: Buffer.from('v2').toString('base64'),
      expiresAt: '2026-12-06T12:00:00.000Z',
      refreshedAfter: '2026-12-06T04:00:00.000Z',
    }
    const keys = readPlayerCertificate(certificate)
    expect(keys.publicDER).toEqual(spki)
    expect(keys.public.export({ type: 'spki', format: 'der' })).toEqual(spki)
    expect(keys.public).toBe(keys.public)
    const signature = sign('sha256', Buffer.from('salted token'), keys.private)
    expect(verify('sha256', Buffer.from('salted token'), keys.public, signature)).toBe(true)
    expect(keys.signatureV2.toString()).toBe('v2')
    // Another certificate with the same key pair (the mock's pool) gets the same parsed keys.
    const again = readPlayerCertificate({ ...certificate, publicKeySignatureV2: Buffer.from('other').toString('base64') })
    expect(again.public).toBe(keys.public)
    expect(again.private).toBe(keys.private)
    expect(again.signatureV2.toString()).toBe('other')
    expect(keys.refreshAfter.toISOString()).toBe('2026-12-06T04:00:00.000Z')
  })
})
