/**
 * The mock against authlib-injector's "Yggdrasil 服务端技术规范" (yushijinhun/authlib-injector,
 * docs/Yggdrasil-服务端技术规范.md), used here as the test source: every expectation below is a
 * sentence of that spec, driven over real HTTP. Mojang's own shapes at the root are checked
 * beside them where the two differ.
 */
import { createPublicKey, verify } from 'node:crypto'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { MockSessionServer, type StartedMockSessionServer } from './mock-session-server.ts'
import { textureHash } from './textures.ts'
import { http, type RawAnswer } from './test-clients.ts'
import type { IssuedUser } from './types.ts'

let mock: StartedMockSessionServer
let url: string
let multi: IssuedUser

beforeAll(async () => {
  mock = await new MockSessionServer()
    .withAccount({ name: 'Alice', password: 'secret', skin: { model: 'slim' }, cape: {} })
    .withAccount({ name: 'Bob', password: 'pw' })
    .withUser({ login: 'multi@example.test', password: 'pw', profiles: [{ name: 'MainMia' }, { name: 'AltMia', skin: {} }] })
    .withUser({ login: 'empty@example.test', password: 'pw' })
    .start()
  url = mock.getUrl()
  multi = await mock.createUser({ login: 'third@example.test', password: 'pw', profiles: [{ name: 'ThirdA' }, { name: 'ThirdB' }] })
})
afterAll(async () => {
  await mock?.stop()
})

const post = (path: string, body: unknown) => http('POST', `${url}${path}`, { body })
const json = (answer: RawAnswer) => answer.json() as Record<string, any>

async function signIn(prefix: string, username: string, password: string, extra: Record<string, unknown> = {}) {
  const answer = await post(`${prefix}/authenticate`, { username, password, agent: { name: 'Minecraft', version: 1 }, ...extra })
  expect(answer.status).toBe(200)
  return json(answer)
}

function profileKeyFromMetadata(metadata: Record<string, any>) {
  return createPublicKey(metadata.signaturePublickey as string)
}

describe('API metadata (扩展 API: GET /) and ALI', () => {
  it('answers meta, skinDomains and a 4096-bit signaturePublickey PEM', async () => {
    const answer = await http('GET', `${url}/`)
    expect(answer.status).toBe(200)
    const metadata = json(answer)
    expect(metadata.meta).toMatchObject({
      serverName: expect.any(String),
      implementationName: expect.any(String),
      implementationVersion: expect.any(String),
    })
    expect(metadata.meta.links).toEqual({ homepage: expect.stringMatching(/^http:\/\//), register: expect.stringMatching(/^http:\/\//) })
    expect(metadata.skinDomains).toContain('127.0.0.1')
    expect(metadata.signaturePublickey).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n?$/)
    expect(profileKeyFromMetadata(metadata).asymmetricKeyDetails?.modulusLength).toBe(4096)
  })

  it('sends X-Authlib-Injector-API-Location on its answers, pointing at this root', async () => {
    for (const path of ['/', '/authserver/validate', '/session/minecraft/hasJoined']) {
      const answer = await fetch(`${url}${path}`, {
        method: path.includes('validate') ? 'POST' : 'GET',
        body: path.includes('validate') ? '{}' : undefined,
      })
      expect(answer.headers.get('x-authlib-injector-api-location')).toBe('/')
      await answer.arrayBuffer()
    }
  })

  it('signs textures with the key the metadata publishes (the same key /publickeys lists)', async () => {
    const metadata = json(await http('GET', `${url}/`))
    const alice = mock.getAccount('Alice')!
    const profile = json(await http('GET', `${url}/sessionserver/session/minecraft/profile/${alice.id}?unsigned=false`))
    const textures = profile.properties[0]
    expect(
      verify('RSA-SHA1', Buffer.from(textures.value), profileKeyFromMetadata(metadata), Buffer.from(textures.signature, 'base64')),
    ).toBe(true)
    const published = json(await http('GET', `${url}/minecraftservices/publickeys`)).profilePropertyKeys[0].publicKey
    expect(published).toBe(profileKeyFromMetadata(metadata).export({ type: 'spki', format: 'der' }).toString('base64'))
  })
})

describe('users own 0..n profiles (登录, 刷新)', () => {
  it('a user with two profiles gets availableProfiles and no selectedProfile; requestUser gives {id, properties}', async () => {
    const session = await signIn('/authserver', 'multi@example.test', 'pw', { requestUser: true, clientToken: 'c1' })
    expect(session.availableProfiles.map((p: { name: string }) => p.name).sort()).toEqual(['AltMia', 'MainMia'])
    for (const p of session.availableProfiles) expect(Object.keys(p).sort()).toEqual(['id', 'name'])
    expect(session).not.toHaveProperty('selectedProfile')
    expect(session.clientToken).toBe('c1')
    expect(session.user).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), properties: [] })
  })

  it('a user without profiles gets an empty availableProfiles', async () => {
    const session = await signIn('/authserver', 'empty@example.test', 'pw')
    expect(session.availableProfiles).toEqual([])
    expect(session).not.toHaveProperty('selectedProfile')
  })

  it('signing in with a profile name binds the token to that profile (使用角色名称登录)', async () => {
    const session = await signIn('/authserver', 'AltMia', 'pw')
    expect(session.selectedProfile).toMatchObject({ name: 'AltMia' })
  })

  it('refresh selects a profile; 403 for one the user does not own, 400 once a profile is bound', async () => {
    const session = await signIn('/authserver', 'third@example.test', 'pw')
    const [a] = multi.profiles
    // A token without a profile cannot join.
    const join = await post('/sessionserver/session/minecraft/join', {
      accessToken: session.accessToken,
      selectedProfile: a!.id,
      serverId: 's',
    })
    expect(join.status).toBe(403)
    expect(json(join)).toEqual({ error: 'ForbiddenOperationException', errorMessage: 'Invalid token.' })

    const foreign = await post('/authserver/refresh', {
      accessToken: session.accessToken,
      selectedProfile: { id: mock.getAccount('Bob')!.id, name: 'Bob' },
    })
    expect(foreign.status).toBe(403)
    expect(json(foreign).error).toBe('ForbiddenOperationException')
    // "请求失败，原令牌依然有效": the failed refresh left the token working.
    expect(
      (
        await post('/authserver/refresh', {
          accessToken: session.accessToken,
          clientToken: session.clientToken,
          selectedProfile: { id: a!.id, name: a!.name },
          requestUser: true,
        })
      ).status,
    ).toBe(200)
    expect((await post('/authserver/validate', { accessToken: session.accessToken })).status).toBe(403)
  })

  it('refresh with a selectedProfile that does not exist answers 400 "No such profile." (yggdrasil-mock), and the token still works', async () => {
    const session = await signIn('/authserver', 'third@example.test', 'pw')
    const a = multi.profiles[0]!
    for (const selectedProfile of [
      { id: '0123456789abcdef0123456789abcdef', name: 'Nobody' },
      { id: a.id, name: 'NotItsName' },
      { id: 'not-a-uuid', name: a.name },
    ]) {
      const missing = await post('/authserver/refresh', { accessToken: session.accessToken, selectedProfile })
      expect(missing.status).toBe(400)
      expect(json(missing)).toEqual({ error: 'IllegalArgumentException', errorMessage: 'No such profile.' })
    }
    expect(
      (await post('/authserver/refresh', { accessToken: session.accessToken, selectedProfile: { id: a.id, name: a.name } })).status,
    ).toBe(200)
  })

  it('a refreshed token carries the chosen profile, joins as it, and refuses a second choice with 400', async () => {
    const session = await signIn('/authserver', 'third@example.test', 'pw')
    const b = multi.profiles[1]!
    const chosen = json(
      await post('/authserver/refresh', { accessToken: session.accessToken, selectedProfile: { id: b.id, name: b.name } }),
    )
    expect(chosen.selectedProfile).toEqual({ id: b.id, name: b.name })
    expect(chosen.clientToken).toBe(session.clientToken)
    expect(chosen).not.toHaveProperty('availableProfiles')
    const again = await post('/authserver/refresh', { accessToken: chosen.accessToken, selectedProfile: { id: b.id, name: b.name } })
    expect(again.status).toBe(400)
    expect(json(again)).toEqual({ error: 'IllegalArgumentException', errorMessage: 'Access token already has a profile assigned.' })
    expect(
      (await post('/sessionserver/session/minecraft/join', { accessToken: chosen.accessToken, selectedProfile: b.id, serverId: 'pick' }))
        .status,
    ).toBe(204)
    const joined = await http('GET', `${url}/sessionserver/session/minecraft/hasJoined?username=${b.name}&serverId=pick`)
    expect(joined.status).toBe(200)
    // The spec's profile: id, name, properties (signed) and nothing else.
    expect(Object.keys(json(joined)).sort()).toEqual(['id', 'name', 'properties'])
    expect(json(joined).properties[0]).toHaveProperty('signature')
  })

  it("Mojang's shapes at the root: user has a username, profiles carry profileActions", async () => {
    const session = await signIn('', 'Bob', 'pw', { requestUser: true })
    expect(session.user).toEqual({ id: expect.any(String), username: 'Bob', properties: [] })
    expect(session.selectedProfile).toEqual({ id: mock.getAccount('Bob')!.id, name: 'Bob' })
    expect(
      (
        await post('/session/minecraft/join', {
          accessToken: session.accessToken,
          selectedProfile: session.selectedProfile.id,
          serverId: 'root',
        })
      ).status,
    ).toBe(204)
    const joined = json(await http('GET', `${url}/session/minecraft/hasJoined?username=Bob&serverId=root`))
    expect(joined.profileActions).toEqual([])
  })
})

describe("tokens die the way Mojang's did (令牌的状态)", () => {
  it('signing in again leaves the older token stale: validate and join refuse it, refresh still works', async () => {
    const first = await signIn('/authserver', 'Bob', 'pw')
    const second = await signIn('/authserver', 'Bob', 'pw')
    expect((await post('/authserver/validate', { accessToken: second.accessToken })).status).toBe(204)
    const stale = await post('/authserver/validate', { accessToken: first.accessToken })
    expect(stale.status).toBe(403)
    expect(json(stale)).toEqual({ error: 'ForbiddenOperationException', errorMessage: 'Invalid token.' })
    // At Mojang's path the join refusal is Mojang's wording (no period): the client shows "Invalid session".
    const join = await post('/session/minecraft/join', {
      accessToken: first.accessToken,
      selectedProfile: second.selectedProfile.id,
      serverId: 'x',
    })
    expect(join.status).toBe(403)
    expect(json(join)).toEqual({ error: 'ForbiddenOperationException', errorMessage: 'Invalid token' })
    const refreshed = await post('/authserver/refresh', { accessToken: first.accessToken })
    expect(refreshed.status).toBe(200)
    // ...which in turn leaves `second` stale.
    expect((await post('/authserver/validate', { accessToken: second.accessToken })).status).toBe(403)
  })

  it('invalidate kills one token and answers 204 whatever it was given; signout kills them all', async () => {
    const one = await signIn('/authserver', 'Bob', 'pw')
    expect((await post('/authserver/invalidate', { accessToken: one.accessToken, clientToken: 'not-its-client-token' })).status).toBe(204)
    expect((await post('/authserver/invalidate', { accessToken: 'never-issued' })).status).toBe(204)
    expect((await post('/authserver/refresh', { accessToken: one.accessToken })).status).toBe(403)

    const a = await signIn('/authserver', 'Bob', 'pw')
    const b = await signIn('/authserver', 'Bob', 'pw')
    const wrong = await post('/authserver/signout', { username: 'Bob', password: 'nope' })
    expect(wrong.status).toBe(403)
    expect(json(wrong).errorMessage).toBe('Invalid credentials. Invalid username or password.')
    expect((await post('/authserver/signout', { username: 'Bob', password: 'pw' })).status).toBe(204)
    for (const token of [a.accessToken, b.accessToken]) expect((await post('/authserver/refresh', { accessToken: token })).status).toBe(403)
  })
})

describe('profile queries (角色部分)', () => {
  it("POST /api/profiles/minecraft: [] answers [], profiles are {id, name} only; Mojang's root refuses []", async () => {
    const empty = await post('/api/profiles/minecraft', [])
    expect(empty.status).toBe(200)
    expect(empty.json()).toEqual([])
    const found = await post('/api/profiles/minecraft', ['alice', 'MainMia', 'nobody'])
    expect((found.json() as { name: string }[]).map((p) => p.name).sort()).toEqual(['Alice', 'MainMia'])
    for (const p of found.json() as object[]) expect(Object.keys(p).sort()).toEqual(['id', 'name'])
    expect((await post('/profiles/minecraft', [])).status).toBe(400)
  })

  it('profile by uuid: unsigned unless unsigned=false; 204 for an unknown uuid', async () => {
    const alice = mock.getAccount('Alice')!
    const plain = json(await http('GET', `${url}/sessionserver/session/minecraft/profile/${alice.id}`))
    expect(plain.properties[0]).not.toHaveProperty('signature')
    expect(Object.keys(plain).sort()).toEqual(['id', 'name', 'properties'])
    expect((await http('GET', `${url}/sessionserver/session/minecraft/profile/${'0'.repeat(32)}`)).status).toBe(204)
  })

  it("Content-Type: the spec's application/json; charset=utf-8 under its prefixes, Mojang's bare application/json at the root", async () => {
    const injector = await fetch(`${url}/api/profiles/minecraft`, { method: 'POST', body: '[]' })
    expect(injector.headers.get('content-type')).toBe('application/json; charset=utf-8')
    await injector.arrayBuffer()
    for (const path of ['/users/profiles/minecraft/Alice', '/minecraftservices/publickeys', '/']) {
      const mojang = await fetch(`${url}${path}`)
      expect(mojang.headers.get('content-type')).toBe('application/json')
      await mojang.arrayBuffer()
    }
  })
})

describe('textures (textures 材质信息属性, 材质 URL 规范)', () => {
  function texturesOf(profile: Record<string, any>) {
    return JSON.parse(Buffer.from(profile.properties[0].value, 'base64').toString()) as {
      profileId: string
      textures: Record<string, { url: string; metadata?: { model: string } }>
    }
  }

  it('lists skin (slim model) and cape, served by the mock as image/png under their texture hash', async () => {
    const alice = mock.getAccount('Alice')!
    const payload = texturesOf(json(await http('GET', `${url}/session/minecraft/profile/${alice.id}`)))
    expect(payload.profileId).toBe(alice.id)
    expect(payload.textures.SKIN!.metadata).toEqual({ model: 'slim' })
    expect(payload.textures.CAPE).toBeDefined()
    for (const [kind, texture] of Object.entries(payload.textures)) {
      expect(texture.url).toMatch(new RegExp(`^${url}/textures/[0-9a-f]{64}$`))
      const image = await fetch(texture.url)
      expect(image.status).toBe(200)
      expect(image.headers.get('content-type')).toBe('image/png')
      const png = PNG.sync.read(Buffer.from(await image.arrayBuffer()))
      expect([png.width, png.height]).toEqual(kind === 'SKIN' ? [64, 64] : [64, 32])
      // The file name is the hash of what it serves: clients cache by it.
      expect(texture.url.split('/').at(-1)).toBe(textureHash(png))
    }
    expect((await http('GET', `${url}/textures/${'ab'.repeat(32)}`)).status).toBe(404)
  })

  it('a classic skin has no model metadata, a profile without textures has none', async () => {
    const mia = mock.getAccount('AltMia')!
    expect(texturesOf(json(await http('GET', `${url}/session/minecraft/profile/${mia.id}`))).textures.SKIN).not.toHaveProperty('metadata')
    const bob = mock.getAccount('Bob')!
    expect(texturesOf(json(await http('GET', `${url}/session/minecraft/profile/${bob.id}`))).textures).toEqual({})
  })

  it('takes a supplied PNG, and refuses one of a size no skin has, saying which sizes are', async () => {
    const image = new PNG({ width: 64, height: 32 })
    image.data.fill(0x7f)
    const png = PNG.sync.write(image).toString('base64')
    const issued = await mock.createAccount({ name: 'PngPaul', skin: { png } })
    const payload = texturesOf(json(await http('GET', `${url}/session/minecraft/profile/${issued.id}`)))
    expect(payload.textures.SKIN!.url.split('/').at(-1)).toBe(textureHash(image))

    const odd = PNG.sync.write(new PNG({ width: 30, height: 30 })).toString('base64')
    await expect(mock.createAccount({ name: 'OddOtto', skin: { png: odd } })).rejects.toThrow(HarnessInputError)
    await expect(mock.createAccount({ name: 'OddOtto', skin: { png: odd } })).rejects.toThrow(
      /30x30 is not a valid skin size; use 64x64 or 64x32/,
    )
    await expect(mock.createAccount({ name: 'OddOtto', cape: { png: 'bm90IGEgcG5n' } })).rejects.toThrow(/not a PNG image/)
  })

  it("computes the spec's texture hash test vector (texture-hash-test.png)", () => {
    // 2x3, row-major RGBA; (1,1) is transparent with colour bits that must count as 0.
    const rgba = [
      [0xff, 0x00, 0x00, 0xff],
      [0x00, 0xff, 0x00, 0xff],
      [0x00, 0x00, 0xff, 0xff],
      [0x12, 0x34, 0x56, 0x00],
      [0xff, 0x00, 0xff, 0xff],
      [0xff, 0xff, 0x00, 0xff],
    ].flat()
    expect(textureHash({ width: 2, height: 3, data: Buffer.from(rgba) })).toBe(
      '47a4c518f80f94ad8737713e0325a98e1f2647f962b9a646f58cd0bbd5afe683',
    )
  })
})

describe('rate limiting (安全提示)', () => {
  it('is off by default', async () => {
    await signIn('/authserver', 'Bob', 'pw')
    await signIn('/authserver', 'Bob', 'pw')
  })

  it('refuses a second authenticate or signout of the same login within the window with 403; other logins are unaffected', async () => {
    await using limited = await new MockSessionServer()
      .withRateLimitMs(600_000)
      .withAccount({ name: 'Rita', password: 'pw' })
      .withAccount({ name: 'Sam', password: 'pw' })
      .start()
    const go = (path: string, username: string) =>
      http('POST', `${limited.getUrl()}/authserver/${path}`, { body: { username, password: 'pw' } })
    expect((await go('authenticate', 'Rita')).status).toBe(200)
    const refused = await go('authenticate', 'rita')
    expect(refused.status).toBe(403)
    expect(refused.json()).toEqual({
      error: 'ForbiddenOperationException',
      errorMessage: 'Invalid credentials. Invalid username or password.',
    })
    expect((await go('signout', 'Rita')).status).toBe(403)
    expect((await go('signout', 'Sam')).status).toBe(204)
    expect((await go('authenticate', 'Sam')).status).toBe(403)
  })

  it('rejects a bad window', () => {
    expect(() => new MockSessionServer().withRateLimitMs(-1)).toThrow(/whole number of milliseconds >= 0/)
  })
})
