import { createPublicKey, verify } from 'node:crypto'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchProfileKeys } from '../bot/profile-keys.ts'
import { PLAYER_KEY_POOL_SIZE } from './keys.ts'
import { MockSessionServer, type StartedMockSessionServer } from './mock-session-server.ts'
import { http } from './test-clients.ts'

let mock: StartedMockSessionServer
let url: string

beforeAll(async () => {
  mock = await new MockSessionServer()
    .withAccount({ name: 'Valid' })
    .withAccount({ name: 'Expired', profileKey: 'expired' })
    .withAccount({ name: 'Forged', profileKey: 'badSignature' })
    .withAccount({ name: 'Keyless', profileKey: 'none' })
    .start()
  url = mock.getUrl()
})
afterAll(async () => {
  await mock?.stop()
})

async function mockKey() {
  const keys = (await http('GET', `${url}/publickeys`)).json() as {
    playerCertificateKeys: { publicKey: string }[]
    profilePropertyKeys: { publicKey: string }[]
  }
  // Both arrays carry the one key, as authlib-injector serves its signing key.
  expect(keys.profilePropertyKeys).toEqual(keys.playerCertificateKeys)
  return createPublicKey({ key: Buffer.from(keys.playerCertificateKeys[0]!.publicKey, 'base64'), format: 'der', type: 'spki' })
}

function v2Payload(id: string, expiresOn: Date, der: Buffer): Buffer {
  const expiry = Buffer.alloc(8)
  expiry.writeBigInt64BE(BigInt(expiresOn.getTime()))
  return Buffer.concat([Buffer.from(id, 'hex'), expiry, der])
}

function v1Payload(expiresOn: Date, der: Buffer): string {
  // Java's Crypt.rsaPublicKeyToString of 1.19.0: MIME base64 (76 columns, "\n") in an "RSA PUBLIC KEY" PEM.
  const body = der
    .toString('base64')
    .replace(/(.{76})/g, '$1\n')
    .replace(/\n$/, '')
  return `${expiresOn.getTime()}-----BEGIN RSA PUBLIC KEY-----\n${body}\n-----END RSA PUBLIC KEY-----\n`
}

describe('player certificates per account', () => {
  it('valid: V1 and V2 signatures by the key /publickeys lists, 48 h life, refresh before expiry', async () => {
    const account = mock.getAccount('Valid')!
    const keys = (await fetchProfileKeys(url, account.accessToken))!
    const trusted = await mockKey()
    expect(verify('RSA-SHA1', v2Payload(account.id, keys.expiresOn, keys.publicDER), trusted, keys.signatureV2)).toBe(true)
    expect(verify('RSA-SHA1', Buffer.from(v1Payload(keys.expiresOn, keys.publicDER)), trusted, keys.signature)).toBe(true)
    expect(keys.expiresOn.getTime() - Date.now()).toBeGreaterThan(47 * 3600_000)
    expect(keys.refreshAfter.getTime()).toBeLessThan(keys.expiresOn.getTime())
    // The private key matches the public one: what the client signs, the server can check.
    const { sign } = await import('node:crypto')
    expect(
      verify('sha256WithRSAEncryption', Buffer.from('x'), keys.public, sign('sha256WithRSAEncryption', Buffer.from('x'), keys.private)),
    ).toBe(true)
  })

  it('key pairs come from a pool shared by accounts, yet each V2 signature binds its own account', async () => {
    // More accounts than the pool has pairs, so some pairs are handed out twice.
    const names = Array.from({ length: PLAYER_KEY_POOL_SIZE + 2 }, (_, i) => `Pooled${i}`)
    for (const name of names) await mock.createAccount({ name })
    const trusted = await mockKey()
    const issued = await Promise.all(
      names.map(async (name) => ({
        account: mock.getAccount(name)!,
        keys: (await fetchProfileKeys(url, mock.getAccount(name)!.accessToken))!,
      })),
    )
    const distinctKeys = new Set(issued.map(({ keys }) => keys.publicDER.toString('base64')))
    expect(distinctKeys.size).toBeLessThanOrEqual(PLAYER_KEY_POOL_SIZE)
    const [first, second] = issued as [(typeof issued)[0], (typeof issued)[0]]
    for (const { account, keys } of issued)
      expect(verify('RSA-SHA1', v2Payload(account.id, keys.expiresOn, keys.publicDER), trusted, keys.signatureV2)).toBe(true)
    // Another player's signature does not pass for this player, even over the same key.
    expect(
      verify('RSA-SHA1', v2Payload(second.account.id, first.keys.expiresOn, first.keys.publicDER), trusted, first.keys.signatureV2),
    ).toBe(false)
  })

  it('expired: expiresAt has passed, the signatures are still right', async () => {
    const account = mock.getAccount('Expired')!
    const keys = (await fetchProfileKeys(url, account.accessToken))!
    expect(keys.expiresOn.getTime()).toBeLessThan(Date.now())
    expect(verify('RSA-SHA1', v2Payload(account.id, keys.expiresOn, keys.publicDER), await mockKey(), keys.signatureV2)).toBe(true)
  })

  it('badSignature: well-formed, but signed by a key the mock does not publish', async () => {
    const account = mock.getAccount('Forged')!
    const keys = (await fetchProfileKeys(url, account.accessToken))!
    expect(keys.expiresOn.getTime()).toBeGreaterThan(Date.now())
    expect(verify('RSA-SHA1', v2Payload(account.id, keys.expiresOn, keys.publicDER), await mockKey(), keys.signatureV2)).toBe(false)
  })

  it('none: the route answers 404 (services shape) and the bot gets no key', async () => {
    const account = mock.getAccount('Keyless')!
    const answer = await http('POST', `${url}/player/certificates`, { headers: { authorization: `Bearer ${account.accessToken}` } })
    expect(answer.status).toBe(404)
    expect(answer.json()).toMatchObject({ errorType: 'NOT_FOUND' })
    await expect(fetchProfileKeys(url, account.accessToken)).resolves.toBeUndefined()
  })

  it('faults apply to the route (certificates), and the bot side names the status', async () => {
    const account = mock.getAccount('Valid')!
    await mock.use({ route: 'certificates', mode: 'status', status: 503, times: 1 })
    await expect(fetchProfileKeys(url, account.accessToken)).rejects.toThrow(/HTTP 503/)
    await expect(fetchProfileKeys(url, account.accessToken)).resolves.toBeDefined()
  })

  it("prismarine-auth (minecraft-protocol's Microsoft login) parses the answer into working keys", async () => {
    const require = createRequire(import.meta.url)
    const { Endpoints } = require('prismarine-auth/src/common/Constants') as { Endpoints: { minecraftJava: { certificates: string } } }
    const Manager = require('prismarine-auth/src/TokenManagers/MinecraftJavaTokenManager') as new (cache: unknown) => {
      fetchCertificates(
        token: string,
      ): Promise<{ profileKeys: { public: { export(o: object): Buffer }; signatureV2: Buffer; expiresOn: Date } }>
    }
    const account = mock.getAccount('Valid')!
    const saved = Endpoints.minecraftJava.certificates
    Endpoints.minecraftJava.certificates = `${url}/player/certificates`
    try {
      const { profileKeys } = await new Manager(null).fetchCertificates(account.accessToken)
      const der = profileKeys.public.export({ type: 'spki', format: 'der' })
      expect(verify('RSA-SHA1', v2Payload(account.id, profileKeys.expiresOn, der), await mockKey(), profileKeys.signatureV2)).toBe(true)
    } finally {
      Endpoints.minecraftJava.certificates = saved
    }
  })

  it("an account's mode set again takes effect, and reset() brings back the builder's", async () => {
    await mock.createAccount({ name: 'Valid', profileKey: 'none' })
    await expect(fetchProfileKeys(url, mock.getAccount('Valid')!.accessToken)).resolves.toBeUndefined()
    await mock.reset()
    await expect(fetchProfileKeys(url, mock.getAccount('Valid')!.accessToken)).resolves.toBeDefined()
  })
})
