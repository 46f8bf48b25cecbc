/**
 * Launcher auth libraries nobody here wrote, run against the mock over real HTTP: @xmcl/user
 * (the library behind X Minecraft Launcher; Mojang-style and authlib-injector-style clients and
 * its Minecraft services client) and PrismarineJS's `yggdrasil`. If the mock's shapes or codes
 * drift from what launchers expect, these fail.
 */
import { createPublicKey, verify } from 'node:crypto'
import { MojangClient, YggdrasilClient, YggdrasilThirdPartyClient } from '@xmcl/user'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MockSessionServer, type StartedMockSessionServer } from './mock-session-server.ts'
import { http, yggdrasilClient, yggdrasilServer } from './test-clients.ts'

let mock: StartedMockSessionServer
let url: string

beforeAll(async () => {
  mock = await new MockSessionServer()
    .withAccount({ name: 'Lena', password: 'pw', skin: { model: 'slim' } })
    .withAccount({ name: 'Omar', password: 'pw' })
    .withUser({ login: 'pia@example.test', password: 'pw', profiles: [{ name: 'PiaOne' }, { name: 'PiaTwo' }] })
    .start()
  url = mock.getUrl()
})
afterAll(async () => {
  await mock?.stop()
})

describe('@xmcl/user', () => {
  for (const [layout, client] of [
    ['Mojang paths (YggdrasilClient at the root)', () => new YggdrasilClient(url)],
    ['authlib-injector layout (YggdrasilThirdPartyClient)', () => new YggdrasilThirdPartyClient(url)],
  ] as const) {
    it(`${layout}: login, validate, refresh, invalidate`, async () => {
      const ygg = client()
      const session = await ygg.login({ username: 'Lena', password: 'pw', clientToken: 'xmcl-client', requestUser: true })
      expect(session.selectedProfile).toEqual({ id: mock.getAccount('Lena')!.id, name: 'Lena' })
      expect(session.availableProfiles).toEqual([session.selectedProfile])
      expect(session.clientToken).toBe('xmcl-client')
      await expect(ygg.validate(session.accessToken, session.clientToken)).resolves.toBe(true)
      await expect(ygg.validate(session.accessToken, 'another-client')).resolves.toBe(false)
      const refreshed = await ygg.refresh({ accessToken: session.accessToken, clientToken: session.clientToken })
      expect(refreshed.accessToken).not.toBe(session.accessToken)
      await expect(ygg.validate(session.accessToken, session.clientToken)).resolves.toBe(false)
      await expect(ygg.invalidate(refreshed.accessToken, refreshed.clientToken)).resolves.toBe(true)
      await expect(ygg.validate(refreshed.accessToken, refreshed.clientToken)).resolves.toBe(false)
      await expect(ygg.login({ username: 'Lena', password: 'wrong', clientToken: 'x' })).rejects.toMatchObject({
        statusCode: 403,
        error: 'ForbiddenOperationException',
        errorMessage: 'Invalid credentials. Invalid username or password.',
      })
    })
  }

  it('sees several profiles and no selected one for a user who owns two', async () => {
    const session = await new YggdrasilThirdPartyClient(url).login({ username: 'pia@example.test', password: 'pw', clientToken: 'c' })
    expect(session.availableProfiles.map((p) => p.name).sort()).toEqual(['PiaOne', 'PiaTwo'])
    expect(session.selectedProfile).toBeUndefined()
  })

  it("looks a profile up with signed textures that verify against the mock's published key", async () => {
    const lena = mock.getAccount('Lena')!
    const profile = await new YggdrasilThirdPartyClient(url).lookup(lena.id, false)
    expect(profile).toMatchObject({ id: lena.id, name: 'Lena' })
    const textures = JSON.parse(Buffer.from((profile.properties as unknown as Record<string, string>).textures!, 'base64').toString())
    expect(textures.textures.SKIN.metadata).toEqual({ model: 'slim' })
    const raw = (await http('GET', `${url}/sessionserver/session/minecraft/profile/${lena.id}?unsigned=false`)).json() as {
      properties: { value: string; signature: string }[]
    }
    const key = createPublicKey(((await http('GET', `${url}/`)).json() as { signaturePublickey: string }).signaturePublickey)
    expect(verify('RSA-SHA1', Buffer.from(raw.properties[0]!.value), key, Buffer.from(raw.properties[0]!.signature, 'base64'))).toBe(true)
  })

  it('MojangClient (services host redirected to the mock): game ownership and the Minecraft profile', async () => {
    // MojangClient hard-codes api.minecraftservices.com; a launcher pointed at a custom host sends the same requests there.
    const redirect = (input: string | URL, init?: RequestInit) =>
      fetch(String(input).replace('https://api.minecraftservices.com', url), init)
    // MojangClient types fetch with its own undici's Request; it only ever passes a URL string.
    const services = new MojangClient({ fetch: redirect as unknown as NonNullable<ConstructorParameters<typeof MojangClient>[0]>['fetch'] })
    const { accessToken } = await new YggdrasilClient(url).login({ username: 'Lena', password: 'pw', clientToken: 'services' })
    // checkGameOwnership insists on a bare application/json Content-Type, as Mojang sends it.
    const ownership = await services.checkGameOwnership(accessToken)
    expect(ownership.items.map((i) => i.name)).toEqual(['product_minecraft', 'game_minecraft'])
    const [header, payload, signature] = ownership.signature.split('.') as [string, string, string]
    const publicKey = createPublicKey(((await http('GET', `${url}/`)).json() as { signaturePublickey: string }).signaturePublickey)
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true)
    const profile = await services.getProfile(accessToken)
    expect(profile).toMatchObject({ id: mock.getAccount('Lena')!.id, name: 'Lena', skins: [{ state: 'ACTIVE', variant: 'SLIM' }] })
    await expect(services.checkGameOwnership('dead-token')).rejects.toThrow()
  })
})

describe('the yggdrasil package (PrismarineJS)', () => {
  it('under /authserver: auth, validate, refresh, invalidate, signout', async () => {
    const client = yggdrasilClient(`${url}/authserver`)
    const session = await client.auth({ user: 'Omar', pass: 'pw', requestUser: true })
    expect(session.selectedProfile.name).toBe('Omar')
    await expect(client.validate(session.accessToken)).resolves.toBe('')
    const refreshed = await client.refresh(session.accessToken, session.clientToken)
    await expect(client.validate(session.accessToken)).rejects.toThrow('Invalid token.')
    await expect(client.invalidate(refreshed.accessToken, refreshed.clientToken)).resolves.toBeDefined()
    await expect(client.validate(refreshed.accessToken)).rejects.toThrow('Invalid token.')
    const again = await client.auth({ user: 'Omar', pass: 'pw' })
    await expect(client.signout('Omar', 'wrong')).rejects.toThrow('Invalid credentials')
    await client.signout('Omar', 'pw')
    await expect(client.validate(again.accessToken)).rejects.toThrow('Invalid token.')
  })

  it("logged in elsewhere: a second launcher's sign-in makes the first one's join fail, as Mojang did", async () => {
    const first = await yggdrasilClient(url).auth({ user: 'Omar', pass: 'pw' })
    await yggdrasilServer(url).join(first.accessToken, first.selectedProfile.id, '', 'a', 'b')
    // The other launcher is @xmcl/user: signing in there leaves the first token stale.
    await new YggdrasilClient(url).login({ username: 'Omar', password: 'pw', clientToken: 'elsewhere' })
    await expect(yggdrasilServer(url).join(first.accessToken, first.selectedProfile.id, '', 'a', 'b')).rejects.toThrow('Invalid token')
    await expect(yggdrasilClient(url).validate(first.accessToken)).rejects.toThrow('Invalid token.')
  })
})
