/**
 * The keys a server trusts for players' profile keys: authlib's "services key set", the
 * `playerCertificateKeys` of `GET {services}/publickeys`, fetched once at start. The embedded
 * server asks the session server it was given (the mock serves its services routes at the same
 * root), so a mock-issued key verifies, and a key signed by anything else does not.
 *
 * Vanilla's DedicatedServer.enforceSecureProfile() (decompiled 1.19.3+ sources, Mojang mappings)
 * is `enforce-secure-profile && online-mode && services.canValidateProfileKeys()`: a server that
 * could not fetch any key does not enforce. The same happens here: a failed fetch leaves the
 * set empty (every presented key is then refused as badly signed, and none is demanded).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { sessionCall } from '../session-http.ts'

export const PUBLIC_KEYS_TIMEOUT_MS = 5000

export interface ServicesKeys {
  /** `playerCertificateKeys`: what a profile key's V1/V2 signature must verify against. */
  playerCertificateKeys: KeyObject[]
  /** Why the set is empty, when it is (for the server's log). */
  problem?: string
}

export const NO_SERVICES_KEYS: ServicesKeys = { playerCertificateKeys: [] }

/** `GET {base}/publickeys`, bounded; never throws (an outage leaves the set empty, as authlib does). */
export async function fetchServicesKeys(base: string, signal?: AbortSignal): Promise<ServicesKeys> {
  const url = `${base.replace(/\/+$/, '')}/publickeys`
  try {
    const response = await sessionCall({ url, timeoutMs: PUBLIC_KEYS_TIMEOUT_MS, signal })
    if (!response.ok) return { playerCertificateKeys: [], problem: `GET ${url}: HTTP ${response.status}` }
    const body = JSON.parse(response.body) as { playerCertificateKeys?: Array<{ publicKey?: unknown }> }
    const keys = (body.playerCertificateKeys ?? []).flatMap((entry) => {
      if (typeof entry?.publicKey !== 'string') return []
      try {
        return [createPublicKey({ key: Buffer.from(entry.publicKey, 'base64'), format: 'der', type: 'spki' })]
      } catch {
        return []
      }
    })
    return keys.length > 0
      ? { playerCertificateKeys: keys }
      : { playerCertificateKeys: [], problem: `GET ${url}: no usable playerCertificateKeys` }
  } catch (error) {
    return { playerCertificateKeys: [], problem: `GET ${url}: ${(error as Error).message}` }
  }
}

/** authlib's SHA1withRSA check against any key of the set (YggdrasilServicesKeyInfo.validateProperty/signature). */
export function signedByAny(keys: ServicesKeys, payload: Buffer, signature: Buffer): boolean {
  return keys.playerCertificateKeys.some((key) => {
    try {
      return verify('RSA-SHA1', payload, key, signature)
    } catch {
      return false
    }
  })
}
