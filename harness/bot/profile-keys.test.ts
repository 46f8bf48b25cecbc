import { describe, expect, it } from 'vitest'
import { cachedCertificateUsable, versionUsesProfileKeys, type PlayerCertificateJson } from './profile-keys.ts'

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
