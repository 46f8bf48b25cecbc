import { createPublicKey, randomBytes, verify } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { normaliseIp } from './accounts.ts'
import { MockSessionServer, type StartedMockSessionServer } from './mock-session-server.ts'
import { http, yggdrasilClient, yggdrasilServer } from './test-clients.ts'

let mock: StartedMockSessionServer
let url: string

beforeAll(async () => {
  mock = await new MockSessionServer().withAccount({ name: 'Alice', password: 'secret' }).withAccount({ name: 'Bob' }).start()
  url = mock.getUrl()
})
afterAll(async () => {
  await mock?.stop()
})
afterEach(async () => {
  await mock.resetFaults()
  await mock.clearJournal()
})

/** A join through the yggdrasil package (as a client does), returning what its hasJoined needs. */
async function joinAs(name: string) {
  const account = mock.getAccount(name)!
  const secret = randomBytes(16)
  const serverKey = randomBytes(32)
  await yggdrasilServer(url).join(account.accessToken, account.id, '', secret, serverKey)
  return { account, hasJoined: () => yggdrasilServer(url).hasJoined(name, '', secret, serverKey) }
}

function hasJoinedUrl(query: string) {
  return `${url}/session/minecraft/hasJoined?${query}`
}

describe('Yggdrasil with clients nobody here wrote (the yggdrasil package)', () => {
  it("authenticates, validates, refreshes and rejects a wrong password with Mojang's message", async () => {
    const client = yggdrasilClient(url)
    const session = await client.auth({ user: 'Alice', pass: 'secret' })
    expect(session.selectedProfile).toEqual({ id: mock.getAccount('Alice')!.id, name: 'Alice' })
    await expect(client.validate(session.accessToken)).resolves.toBe('')
    const refreshed = await client.refresh(session.accessToken, session.clientToken)
    expect(refreshed.accessToken).not.toBe(session.accessToken)
    await expect(client.validate(session.accessToken)).rejects.toThrow('Invalid token.')
    await expect(client.auth({ user: 'Alice', pass: 'wrong' })).rejects.toThrow('Invalid credentials. Invalid username or password.')
  })

  it('joins and is found by hasJoined, with a textures property signed by the mock key', async () => {
    const { account, hasJoined } = await joinAs('Alice')
    const profile = await hasJoined()
    expect(profile.id).toBe(account.id)
    expect(profile.name).toBe('Alice')
    const textures = profile.properties.find((p) => p.name === 'textures')!
    const keys = (await http('GET', `${url}/publickeys`)).json() as { profilePropertyKeys: { publicKey: string }[] }
    const key = createPublicKey({ key: Buffer.from(keys.profilePropertyKeys[0]!.publicKey, 'base64'), format: 'der', type: 'spki' })
    expect(verify('RSA-SHA1', Buffer.from(textures.value), key, Buffer.from(textures.signature!, 'base64'))).toBe(true)
    expect(JSON.parse(Buffer.from(textures.value, 'base64').toString())).toMatchObject({ profileId: account.id, profileName: 'Alice' })
  })

  it('a second mock in the process answers from its own accounts, joins and key (the router is shared, the routes are not)', async () => {
    await using other = await new MockSessionServer().withAccount({ name: 'Carol' }).start()
    const otherUrl = other.getUrl()
    // Mojang's answer for a name nobody has: 404.
    expect((await http('GET', `${otherUrl}/users/profiles/minecraft/Alice`)).status).toBe(404)
    expect((await http('GET', `${url}/users/profiles/minecraft/Carol`)).status).toBe(404)
    expect((await http('GET', `${otherUrl}/users/profiles/minecraft/Carol`)).status).toBe(200)
    const carol = other.getAccount('Carol')!
    await yggdrasilServer(otherUrl).join(carol.accessToken, carol.id, '', 'k', 'l')
    const profile = await yggdrasilServer(otherUrl).hasJoined('Carol', '', 'k', 'l')
    await expect(yggdrasilServer(url).hasJoined('Carol', '', 'k', 'l')).rejects.toThrow()
    const keys = (await http('GET', `${otherUrl}/publickeys`)).json() as { profilePropertyKeys: { publicKey: string }[] }
    const key = createPublicKey({ key: Buffer.from(keys.profilePropertyKeys[0]!.publicKey, 'base64'), format: 'der', type: 'spki' })
    const textures = profile.properties.find((p) => p.name === 'textures')!
    expect(verify('RSA-SHA1', Buffer.from(textures.value), key, Buffer.from(textures.signature!, 'base64'))).toBe(true)
  })

  it('answers 204 (empty) to hasJoined for a player who did not join or joined another server', async () => {
    await joinAs('Alice')
    expect((await http('GET', hasJoinedUrl('username=Alice&serverId=someOtherServer'))).status).toBe(204)
    expect((await http('GET', hasJoinedUrl('username=Bob&serverId=x'))).status).toBe(204)
    // The yggdrasil package treats the empty body as "not verified".
    await expect(yggdrasilServer(url).hasJoined('Bob', '', 'a', 'b')).rejects.toThrow()
  })

  it('rejects a join with a wrong token or profile: 403 ForbiddenOperationException "Invalid token"', async () => {
    const alice = mock.getAccount('Alice')!
    const bob = mock.getAccount('Bob')!
    for (const body of [
      { accessToken: 'nope', selectedProfile: alice.id, serverId: 'x' },
      { accessToken: alice.accessToken, selectedProfile: bob.id, serverId: 'x' },
    ]) {
      const answer = await http('POST', `${url}/session/minecraft/join`, { body })
      expect(answer.status).toBe(403)
      expect(answer.json()).toEqual({ error: 'ForbiddenOperationException', errorMessage: 'Invalid token' })
    }
  })

  it("checks hasJoined's ip against the address the join came from", async () => {
    // A plain join: the yggdrasil package hashes the server id, this test wants a known one.
    const account = mock.getAccount('Alice')!
    await http('POST', `${url}/session/minecraft/join`, {
      body: { accessToken: account.accessToken, selectedProfile: account.id, serverId: 'ipcheck' },
    })
    expect((await http('GET', hasJoinedUrl('username=Alice&serverId=ipcheck&ip=127.0.0.1'))).status).toBe(200)
    expect((await http('GET', hasJoinedUrl('username=Alice&serverId=ipcheck&ip=203.0.113.9'))).status).toBe(204)
    expect((await http('GET', hasJoinedUrl('username=Alice&serverId=ipcheck'))).status).toBe(200)
    const entries = (await mock.journal()).filter((e) => e.route === 'hasJoined')
    expect(entries.map((e) => e.ip)).toEqual(['127.0.0.1', '203.0.113.9', null])
  })

  it("compares addresses in one spelling: Java's 0:0:0:0:0:0:0:1 is the ::1 a join came from", async () => {
    expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(normaliseIp('fe80:0:0:0:0:0:0:1%0')).toBe('fe80::1')
    await using v6 = await new MockSessionServer().withHost('::1').withAccount({ name: 'Alice' }).start()
    expect(v6.getUrl()).toMatch(/^http:\/\/\[::1\]:\d+$/)
    const alice = v6.getAccount('Alice')!
    await http('POST', `${v6.getUrl()}/session/minecraft/join`, {
      body: { accessToken: alice.accessToken, selectedProfile: alice.id, serverId: 's' },
    })
    expect((await http('GET', `${v6.getUrl()}/session/minecraft/hasJoined?username=Alice&serverId=s&ip=0:0:0:0:0:0:0:1`)).status).toBe(200)
    expect((await http('GET', `${v6.getUrl()}/session/minecraft/hasJoined?username=Alice&serverId=s&ip=127.0.0.1`)).status).toBe(204)
  })

  it('forgets a join after the join TTL', async () => {
    // The TTL is wall-clock time: a clock of the test's steps over it, so no request races it.
    let now = 1_000_000
    await using short = await new MockSessionServer()
      .withAccount({ name: 'Alice' })
      .withJoinTtlMs(50)
      .withClock(() => now)
      .start()
    const alice = short.getAccount('Alice')!
    await http('POST', `${short.getUrl()}/session/minecraft/join`, {
      body: { accessToken: alice.accessToken, selectedProfile: alice.id, serverId: 's' },
    })
    now += 50
    expect((await http('GET', `${short.getUrl()}/session/minecraft/hasJoined?username=Alice&serverId=s`)).status).toBe(200)
    now += 1
    expect((await http('GET', `${short.getUrl()}/session/minecraft/hasJoined?username=Alice&serverId=s`)).status).toBe(204)
  })

  it("revoke stops the account's tokens; creating it again issues a working one", async () => {
    await using short = await new MockSessionServer().withAccount({ name: 'Carol' }).start()
    const before = short.getAccount('Carol')!
    await short.revoke('Carol')
    await expect(yggdrasilServer(short.getUrl()).join(before.accessToken, before.id, '', 'a', 'b')).rejects.toThrow('Invalid token')
    await expect(yggdrasilClient(short.getUrl()).validate(before.accessToken)).rejects.toThrow('Invalid token.')
    const again = await short.createAccount({ name: 'Carol' })
    expect(again.id).toBe(before.id)
    expect(again.accessToken).not.toBe(before.accessToken)
    await expect(yggdrasilServer(short.getUrl()).join(again.accessToken, again.id, '', 'a', 'b')).resolves.toBe('')
    await expect(short.revoke('Nobody')).rejects.toBeInstanceOf(HarnessInputError)
  })
})

describe('profiles and services', () => {
  it("looks profiles up by uuid, name and in bulk (max 10), with Mojang's codes", async () => {
    const alice = mock.getAccount('Alice')!
    const byId = await http('GET', `${url}/session/minecraft/profile/${alice.id}?unsigned=false`)
    expect(byId.status).toBe(200)
    expect((byId.json() as { properties: { signature?: string }[] }).properties[0]!.signature).toBeTruthy()
    const unsigned = (await http('GET', `${url}/session/minecraft/profile/${alice.id}`)).json() as { properties: { signature?: string }[] }
    expect(unsigned.properties[0]!.signature).toBeUndefined()
    expect((await http('GET', `${url}/session/minecraft/profile/00000000000000000000000000000000`)).status).toBe(204)
    expect((await http('GET', `${url}/users/profiles/minecraft/alice`)).json()).toEqual({ id: alice.id, name: 'Alice' })
    const missing = await http('GET', `${url}/users/profiles/minecraft/Nobody`)
    expect(missing.status).toBe(404)
    expect(missing.json()).toMatchObject({ errorMessage: "Couldn't find any profile with name Nobody" })
    const bulk = await http('POST', `${url}/profiles/minecraft`, { body: ['Alice', 'Bob', 'Nobody'] })
    expect(bulk.json()).toEqual([
      { id: alice.id, name: 'Alice' },
      { id: mock.getAccount('Bob')!.id, name: 'Bob' },
    ])
    const tooMany = await http('POST', `${url}/profiles/minecraft`, { body: Array.from({ length: 11 }, (_, i) => `n${i}`) })
    expect(tooMany.status).toBe(400)
    expect(tooMany.json()).toMatchObject({ error: 'IllegalArgumentException' })
  })

  it('issues player certificates to a Bearer token, signed (V2) by the mock key; 401 otherwise', async () => {
    const alice = mock.getAccount('Alice')!
    expect((await http('POST', `${url}/player/certificates`)).status).toBe(401)
    expect((await http('POST', `${url}/player/certificates`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
    const answer = await http('POST', `${url}/player/certificates`, { headers: { authorization: `Bearer ${alice.accessToken}` } })
    expect(answer.status).toBe(200)
    const cert = answer.json() as {
      keyPair: { publicKey: string; privateKey: string }
      publicKeySignatureV2: string
      expiresAt: string
      refreshedAfter: string
    }
    expect(cert.keyPair.privateKey).toContain('-----BEGIN RSA PRIVATE KEY-----')
    const playerKey = createPublicKey({ key: cert.keyPair.publicKey.replace(/RSA PUBLIC KEY/g, 'PUBLIC KEY'), format: 'pem' })
    const expiry = Buffer.alloc(8)
    expiry.writeBigInt64BE(BigInt(Date.parse(cert.expiresAt)))
    const payload = Buffer.concat([Buffer.from(alice.id, 'hex'), expiry, playerKey.export({ type: 'spki', format: 'der' })])
    const keys = (await http('GET', `${url}/publickeys`)).json() as { playerCertificateKeys: { publicKey: string }[] }
    const mockKey = createPublicKey({ key: Buffer.from(keys.playerCertificateKeys[0]!.publicKey, 'base64'), format: 'der', type: 'spki' })
    expect(verify('RSA-SHA1', payload, mockKey, Buffer.from(cert.publicKeySignatureV2, 'base64'))).toBe(true)
    expect(Date.parse(cert.refreshedAfter)).toBeLessThan(Date.parse(cert.expiresAt))
    const profile = await http('GET', `${url}/minecraft/profile`, { headers: { authorization: `Bearer ${alice.accessToken}` } })
    expect(profile.json()).toMatchObject({ id: alice.id, name: 'Alice' })
  })

  it("serves every route below authlib-injector's prefixes too", async () => {
    const alice = mock.getAccount('Alice')!
    const auth = await http('POST', `${url}/authserver/authenticate`, {
      body: { username: 'Alice', password: 'secret', agent: { name: 'Minecraft', version: 1 } },
    })
    expect(auth.status).toBe(200)
    // Signing in again left the earlier token stale (Mojang's rule): the launcher plays with the new one.
    const { accessToken } = auth.json() as { accessToken: string }
    await yggdrasilServer(`${url}/sessionserver`).join(accessToken, alice.id, '', 'k', 'l')
    await expect(yggdrasilServer(`${url}/sessionserver`).hasJoined('Alice', '', 'k', 'l')).resolves.toMatchObject({ name: 'Alice' })
    expect((await http('GET', `${url}/api/users/profiles/minecraft/Alice`)).status).toBe(200)
    expect((await http('POST', `${url}/api/profiles/minecraft`, { body: ['Alice'] })).status).toBe(200)
    expect((await http('GET', `${url}/minecraftservices/publickeys`)).status).toBe(200)
    expect(
      (await http('POST', `${url}/minecraftservices/player/certificates`, { headers: { authorization: `Bearer ${accessToken}` } })).status,
    ).toBe(200)
  })

  it('answers unknown routes with a Mojang-style 404 and a wrong method with 405', async () => {
    const unknown = await http('GET', `${url}/no/such/route`)
    expect(unknown.status).toBe(404)
    expect(unknown.json()).toMatchObject({ error: 'Not Found' })
    expect((await http('GET', `${url}/session/minecraft/join`)).status).toBe(405)
  })
})

describe('faults', () => {
  it('status: answers with the status and a Mojang-style body', async () => {
    await joinAs('Alice')
    for (const status of [403, 429, 500, 503]) {
      await mock.use({ route: 'hasJoined', mode: 'status', status, times: 1 })
      const answer = await http('GET', hasJoinedUrl('username=Alice&serverId=x'))
      expect(answer.status).toBe(status)
      expect(answer.json()).toHaveProperty('error')
    }
    await mock.use({ route: 'join', mode: 'status', status: 503 })
    await expect(joinAs('Alice')).rejects.toThrow()
    await mock.use({ route: 'join', mode: 'status', status: 403 })
    await expect(joinAs('Alice')).rejects.toThrow('Invalid token')
  })

  it('times counts down, newest fault first, then healthy again', async () => {
    await mock.use({ route: 'hasJoined', mode: 'status', status: 500, times: 1 })
    await mock.use({ route: 'hasJoined', mode: 'status', status: 429, times: 2 })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await http('GET', hasJoinedUrl('username=Bob&serverId=x'))).status)
    expect(statuses).toEqual([429, 429, 500, 204])
  })

  it('username narrows a fault to one player (case-insensitive); route * covers every route', async () => {
    await mock.use({ route: '*', mode: 'status', status: 503, username: 'alice' })
    expect((await http('GET', hasJoinedUrl('username=Alice&serverId=x'))).status).toBe(503)
    expect((await http('GET', `${url}/users/profiles/minecraft/Alice`)).status).toBe(503)
    expect((await http('POST', `${url}/authenticate`, { body: { username: 'Alice', password: 'secret' } })).status).toBe(503)
    expect((await http('GET', hasJoinedUrl('username=Bob&serverId=x'))).status).toBe(204)
    expect((await http('GET', `${url}/users/profiles/minecraft/Bob`)).status).toBe(200)
  })

  it('delay: answers normally after delayMs, or with the given status', async () => {
    await mock.use({ route: 'profile', mode: 'delay', delayMs: 300, times: 1 })
    let t0 = performance.now()
    expect((await http('GET', `${url}/users/profiles/minecraft/Bob`)).status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290)
    await mock.use({ route: 'profile', mode: 'delay', delayMs: 200, status: 503, times: 1 })
    t0 = performance.now()
    expect((await http('GET', `${url}/users/profiles/minecraft/Bob`)).status).toBe(503)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190)
    const entries = await mock.journal()
    expect(entries.map((e) => e.status)).toEqual([200, 503])
    expect(entries[0]!.ms).toBeGreaterThanOrEqual(290)
  })

  it('hang: never answers (the client times out); journal status null', async () => {
    await mock.use({ route: 'hasJoined', mode: 'hang' })
    const t0 = performance.now()
    await expect(http('GET', hasJoinedUrl('username=Bob&serverId=x'), { timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290)
    const [entry] = await mock.journal()
    expect(entry).toMatchObject({ route: 'hasJoined', status: null })
  })

  it('onHold: tells when a hang or a delay begins holding a request (not a status fault, not after unsubscribing)', async () => {
    const holds: Array<{ route: string; status: number | null; answered: boolean }> = []
    let answered = false
    const stop = mock.onHold((entry) => holds.push({ route: entry.route, status: entry.status, answered }))
    await mock.use({ route: 'profile', mode: 'status', status: 503, times: 1 })
    await http('GET', `${url}/users/profiles/minecraft/Bob`)
    expect(holds).toEqual([])
    await mock.use({ route: 'profile', mode: 'delay', delayMs: 200, times: 1 })
    await http('GET', `${url}/users/profiles/minecraft/Bob`).then(() => (answered = true))
    // Told while the request was still held, before its answer.
    expect(holds).toEqual([{ route: 'profileByName', status: null, answered: false }])
    await mock.use({ route: 'hasJoined', mode: 'hang', times: 1 })
    await expect(http('GET', hasJoinedUrl('username=Bob&serverId=x'), { timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect(holds.map((h) => h.route)).toEqual(['profileByName', 'hasJoined'])
    stop()
    await mock.use({ route: 'hasJoined', mode: 'hang', times: 1 })
    await expect(http('GET', hasJoinedUrl('username=Bob&serverId=x'), { timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect(holds).toHaveLength(2)
  })

  it('reset: the connection is reset without an answer (ECONNRESET)', async () => {
    await mock.use({ route: 'join', mode: 'reset', times: 1 })
    const alice = mock.getAccount('Alice')!
    await expect(
      http('POST', `${url}/session/minecraft/join`, { body: { accessToken: alice.accessToken, selectedProfile: alice.id, serverId: 'x' } }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(
      (
        await http('POST', `${url}/session/minecraft/join`, {
          body: { accessToken: alice.accessToken, selectedProfile: alice.id, serverId: 'x' },
        })
      ).status,
    ).toBe(204)
    expect((await mock.journal()).map((e) => e.status)).toEqual([null, 204])
  })

  it('malformed: 200 with a body that is not JSON', async () => {
    await mock.use({ route: 'hasJoined', mode: 'malformed' })
    const answer = await http('GET', hasJoinedUrl('username=Bob&serverId=x'))
    expect(answer.status).toBe(200)
    expect(() => answer.json()).toThrow(SyntaxError)
    await expect(yggdrasilServer(url).hasJoined('Bob', '', 'a', 'b')).rejects.toThrow(SyntaxError)
  })

  it('down: the session port refuses connections (admin stays up); resetFaults listens again on the same port', async () => {
    const port = mock.getPort()
    await mock.use({ route: '*', mode: 'down' })
    await expect(http('GET', hasJoinedUrl('username=Bob&serverId=x'))).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    const status = await http('GET', `${mock.getAdminUrl()}/__harness`)
    expect(status.json()).toMatchObject({ down: true })
    await mock.resetFaults()
    expect(mock.getPort()).toBe(port)
    expect((await http('GET', hasJoinedUrl('username=Bob&serverId=x'))).status).toBe(204)
  })

  it('rejects a bad fault in-process with a HarnessInputError naming the field', async () => {
    await expect(mock.use({ route: 'hasJoined', mode: 'status' })).rejects.toThrow(/status: status is required/)
    await expect(mock.use({ route: 'nope' as 'join', mode: 'hang' })).rejects.toBeInstanceOf(HarnessInputError)
    await expect(mock.use({ route: '*', mode: 'down', times: 1 })).rejects.toThrow(/takes no times/)
  })
})

describe('journal', () => {
  it('records route, method, path, status, ms, username, ip; masks tokens and passwords', async () => {
    await http('GET', hasJoinedUrl('username=Bob&serverId=abc&ip=127.0.0.1&accessToken=s3cr3t&password=hunter2'))
    await http('POST', `${url}/authenticate`, { body: { username: 'Alice', password: 'secret' } })
    const [hasJoined, auth] = await mock.journal()
    expect(hasJoined).toMatchObject({ route: 'hasJoined', method: 'GET', status: 204, username: 'Bob', ip: '127.0.0.1' })
    expect(hasJoined!.path).toContain('accessToken=***')
    expect(hasJoined!.path).toContain('password=***')
    expect(JSON.stringify(await mock.journal())).not.toMatch(/s3cr3t|hunter2|secret/)
    expect(auth).toMatchObject({ route: 'authenticate', method: 'POST', path: '/authenticate', status: 200, username: 'Alice' })
    expect(typeof auth!.ms).toBe('number')
    await mock.clearJournal()
    expect(await mock.journal()).toEqual([])
  })
})

describe('lifecycle', () => {
  it('stop() ends hung requests and closes both ports', async () => {
    const own = await new MockSessionServer().start()
    await own.use({ route: '*', mode: 'hang' })
    await own.use({ route: 'profile', mode: 'delay', delayMs: 600_000 })
    const hung = http('GET', `${own.getUrl()}/session/minecraft/hasJoined?username=x&serverId=y`, { timeoutMs: 10_000 })
    const delayed = http('GET', `${own.getUrl()}/users/profiles/minecraft/x`, { timeoutMs: 10_000 })
    // Wait until both requests are in, so stop() really has sockets to end.
    while ((await own.journal()).length < 2) await new Promise((resolve) => setImmediate(resolve))
    // A stop() that waited for the hung or 600 s requests would hang here until the test timeout.
    await own.stop()
    await expect(hung).rejects.toMatchObject({ code: 'ECONNRESET' })
    await expect(delayed).rejects.toMatchObject({ code: 'ECONNRESET' })
    await expect(http('GET', `${own.getAdminUrl()}/__harness`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  it('rejects bad builder input with HarnessInputError', () => {
    expect(() => new MockSessionServer().withPort(70_000)).toThrow(HarnessInputError)
    expect(() => new MockSessionServer().withAccount({ name: 'bad name!' })).toThrow(/1-16 characters/)
    expect(() => new MockSessionServer().withJoinTtlMs(0)).toThrow(HarnessInputError)
  })
})
