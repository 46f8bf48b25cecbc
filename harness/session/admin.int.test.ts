import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { MockSessionServer, type StartedMockSessionServer } from './mock-session-server.ts'
import { RemoteSessionServer } from './remote-session-server.ts'
import { http, yggdrasilClient, yggdrasilServer } from './test-clients.ts'

let mock: StartedMockSessionServer
let admin: string

beforeAll(async () => {
  mock = await new MockSessionServer().start()
  admin = `${mock.getAdminUrl()}/__harness`
})
afterAll(async () => {
  await mock?.stop()
})

describe('admin API over HTTP', () => {
  it('creates accounts (201), revokes them (204), adds and clears faults, reads and clears the journal', async () => {
    const created = await http('POST', `${admin}/accounts`, { body: { name: 'Dave', password: 'pw' } })
    expect(created.status).toBe(201)
    const dave = created.json() as { id: string; name: string; accessToken: string }
    expect(dave).toMatchObject({ name: 'Dave', id: expect.stringMatching(/^[0-9a-f]{32}$/), accessToken: expect.any(String) })
    const fixed = (await http('POST', `${admin}/accounts`, { body: { name: 'Erin', id: '01234567-89ab-cdef-0123-456789abcdef' } })).json()
    expect(fixed).toMatchObject({ id: '0123456789abcdef0123456789abcdef' })

    const fault = await http('POST', `${admin}/faults`, {
      body: { route: 'join', mode: 'status', status: 503, times: 1, username: 'Dave' },
    })
    expect(fault.status).toBe(201)
    expect(fault.json()).toEqual({ id: expect.any(String) })
    await expect(yggdrasilServer(mock.getUrl()).join(dave.accessToken, dave.id, '', 'a', 'b')).rejects.toThrow()
    await expect(yggdrasilServer(mock.getUrl()).join(dave.accessToken, dave.id, '', 'a', 'b')).resolves.toBe('')

    await http('POST', `${admin}/faults`, { body: { route: '*', mode: 'down' } })
    await expect(http('GET', `${mock.getUrl()}/publickeys`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect((await http('DELETE', `${admin}/faults`)).status).toBe(204)
    expect((await http('GET', `${mock.getUrl()}/publickeys`)).status).toBe(200)

    expect((await http('POST', `${admin}/accounts/Dave/revoke`)).status).toBe(204)
    await expect(yggdrasilServer(mock.getUrl()).join(dave.accessToken, dave.id, '', 'a', 'b')).rejects.toThrow('Invalid token')

    const journal = (await http('GET', `${admin}/journal`)).json() as { route: string; status: number | null; username: string | null }[]
    expect(journal.map((e) => [e.route, e.status, e.username])).toEqual([
      ['join', 503, 'Dave'],
      ['join', 204, 'Dave'],
      ['publicKeys', 200, null],
      ['join', 403, 'Dave'],
    ])
    for (const entry of journal)
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(['route', 'method', 'path', 'status', 'ms', 'username']))
    expect((await http('DELETE', `${admin}/journal`)).status).toBe(204)
    expect((await http('GET', `${admin}/journal`)).json()).toEqual([])
  })

  it.each([
    [{ route: 'nope', mode: 'hang' }, 'route', /one of join, hasJoined, authenticate, profile, certificates, \*/],
    [{ route: 'join', mode: 'explode' }, 'mode', /one of status, delay, hang, reset, malformed, down/],
    [{ route: 'join', mode: 'status' }, 'status', /required/],
    [{ route: 'join', mode: 'status', status: 302 }, 'status', /204 or 400-599/],
    [{ route: 'join', mode: 'delay' }, 'delayMs', /required/],
    [{ route: 'join', mode: 'hang', times: 0 }, 'times', /at least 1/],
    [{ route: 'join', mode: 'hang', username: 'not a name' }, 'username', /1-16 characters/],
    [{ route: 'join', mode: 'hang', tims: 2 }, '(body)', /unknown field.*tims.*allowed: route, mode/],
    [[1, 2], '(body)', /JSON object/],
  ])('rejects fault %j with 400 naming %s', async (body, field, message) => {
    const answer = await http('POST', `${admin}/faults`, { body })
    expect(answer.status).toBe(400)
    const json = answer.json() as { field: string; message: string }
    expect(json.field).toBe(field)
    expect(json.message).toMatch(message)
  })

  it('rejects bad accounts and bad JSON with 400, unknown names with 404, unknown routes with 404', async () => {
    const noName = await http('POST', `${admin}/accounts`, { body: { password: 'x' } })
    expect(noName.status).toBe(400)
    expect(noName.json()).toMatchObject({ field: 'name' })
    expect((await http('POST', `${admin}/accounts`, { body: { name: 'Zed', id: 'xyz' } })).json()).toMatchObject({
      field: 'id',
      message: expect.stringMatching(/32 hex/),
    })
    const notJson = await http('POST', `${admin}/accounts`, { body: '{"name":' })
    expect(notJson.status).toBe(400)
    expect(notJson.json()).toMatchObject({ field: '(body)', message: expect.stringMatching(/not valid JSON/) })
    expect((await http('POST', `${admin}/accounts/Nobody/revoke`)).status).toBe(404)
    expect((await http('GET', `${admin}/nope`)).status).toBe(404)
  })
})

describe('admin API: users with profiles', () => {
  it('creates a user owning two profiles with textures (201) whose login authenticates', async () => {
    const created = await http('POST', `${admin}/users`, {
      body: {
        login: 'gina@example.test',
        password: 'pw',
        profiles: [
          { name: 'GinaMain', skin: { model: 'slim' } },
          { name: 'GinaAlt', cape: {} },
        ],
      },
    })
    expect(created.status).toBe(201)
    const user = created.json() as {
      id: string
      login: string
      profiles: { id: string; name: string }[]
      accessToken: string
      selectedProfile: unknown
    }
    expect(user).toMatchObject({ login: 'gina@example.test', selectedProfile: null, accessToken: expect.any(String) })
    expect(user.profiles.map((p) => p.name)).toEqual(['GinaMain', 'GinaAlt'])
    const auth = await http('POST', `${mock.getUrl()}/authserver/authenticate`, { body: { username: 'GINA@example.test', password: 'pw' } })
    expect((auth.json() as { availableProfiles: unknown[] }).availableProfiles).toHaveLength(2)
    expect((await http('POST', `${admin}/users`, { body: { login: 'gina@example.test' } })).status).toBe(409)
    expect((await http('POST', `${admin}/users`, { body: { login: 'other@example.test', profiles: [{ name: 'GinaAlt' }] } })).status).toBe(
      409,
    )
  })

  it.each([
    [{ password: 'pw' }, 'login', /login must be a string/],
    [{ login: 'x', profiles: [{ name: 'bad name' }] }, 'profiles[0].name', /a Minecraft name/],
    [{ login: 'x', profiles: [{ name: 'Ok', skin: { model: 'wide' } }] }, 'profiles[0].skin.model', /"classic" or "slim"/],
    [{ login: 'x', profiles: [{ name: 'Ok', hat: {} }] }, 'profiles[0]', /unknown field "hat"; allowed: name, id, skin, cape/],
    [{ login: 'x', profiles: [{ name: 'Ok', skin: { png: 'bm90IGEgcG5n' } }] }, 'profiles', /not a PNG image/],
  ])('rejects %j with 400 naming %s', async (body, field, message) => {
    const answer = await http('POST', `${admin}/users`, { body })
    expect(answer.status).toBe(400)
    expect(answer.json()).toMatchObject({ error: 'BadRequest', field, message: expect.stringMatching(message) })
  })

  it('RemoteSessionServer.createUser goes through the same route', async () => {
    const remote = new RemoteSessionServer({ url: mock.getUrl(), adminUrl: mock.getAdminUrl() })
    const user = await remote.createUser({ login: 'hal@example.test', profiles: [{ name: 'HalOnly' }] })
    expect(user.selectedProfile).toEqual({ id: mock.getAccount('HalOnly')!.id, name: 'HalOnly' })
    await expect(remote.createUser({ login: 'hal@example.test' })).rejects.toThrow(/already exists/)
  })
})

describe('admin API exposure', () => {
  it('stays on loopback when the session routes listen everywhere, and needs no token there', async () => {
    await using wide = await new MockSessionServer().withHost('0.0.0.0').start()
    expect(wide.getUrl()).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/)
    expect(wide.getAdminUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(wide.getAdminToken()).toBeUndefined()
    expect((await http('GET', `${wide.getAdminUrl()}/__harness`)).status).toBe(200)
  })

  it('off loopback only when asked, and then only with the bearer token (generated when not given)', async () => {
    const exposed = await new MockSessionServer().withAdminHost('0.0.0.0').start()
    try {
      const token = exposed.getAdminToken()!
      expect(token).toMatch(/^[\w-]{32}$/)
      const url = `http://127.0.0.1:${exposed.getAdminPort()}/__harness`
      const bare = await http('GET', url)
      expect(bare.status).toBe(401)
      expect(bare.json()).toMatchObject({ error: 'Unauthorized', message: expect.stringMatching(/Authorization: Bearer/) })
      expect(
        (await http('POST', `${url}/faults`, { body: { route: '*', mode: 'down' }, headers: { authorization: `Bearer ${token}x` } }))
          .status,
      ).toBe(401)
      expect(exposed.isDown()).toBe(false)
      expect((await http('GET', url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
      const remote = new RemoteSessionServer({
        url: exposed.getUrl(),
        adminUrl: `http://127.0.0.1:${exposed.getAdminPort()}`,
        adminToken: token,
      })
      await remote.createAccount({ name: 'Tokened' })
      expect(exposed.getAccount('Tokened')).toBeDefined()
      const without = new RemoteSessionServer({ url: exposed.getUrl(), adminUrl: `http://127.0.0.1:${exposed.getAdminPort()}` })
      await expect(without.journal()).rejects.toThrow(/answered 401/)
    } finally {
      await exposed.stop()
    }
    const given = await new MockSessionServer().withAdminToken('a-token-of-my-own-choosing').start()
    try {
      expect((await http('GET', `${given.getAdminUrl()}/__harness`)).status).toBe(401)
      expect(
        (await http('GET', `${given.getAdminUrl()}/__harness`, { headers: { authorization: 'Bearer a-token-of-my-own-choosing' } })).status,
      ).toBe(200)
    } finally {
      await given.stop()
    }
    expect(() => new MockSessionServer().withAdminToken('short')).toThrow(/at least 16/)
  })
})

describe('RemoteSessionServer', () => {
  it('drives a mock through its admin port with the same control surface', async () => {
    const remote = new RemoteSessionServer({
      url: mock.getUrl(),
      adminUrl: mock.getAdminUrl(),
      serverFacingUrl: 'http://session.mock:8080',
    })
    expect(remote.getServerFacingUrl()).toBe('http://session.mock:8080')
    expect(remote.javaFlags()).toContain('-Dmojang.sessionserver=http://session.mock:8080/session/minecraft/hasJoined')
    const frank = await remote.createAccount({ name: 'Frank' })
    expect(frank).toEqual(mock.getAccount('Frank'))
    await remote.clearJournal()
    const id = await remote.use({ route: 'hasJoined', mode: 'status', status: 429, times: 1 })
    expect(id).toEqual(expect.any(String))
    expect((await http('GET', `${remote.getUrl()}/session/minecraft/hasJoined?username=Frank&serverId=x`)).status).toBe(429)
    expect(await remote.journal()).toMatchObject([{ route: 'hasJoined', status: 429, username: 'Frank' }])
    await remote.use({ route: '*', mode: 'down' })
    await remote.resetFaults()
    expect((await http('GET', `${remote.getUrl()}/publickeys`)).status).toBe(200)
    await remote.revoke('Frank')
    await expect(remote.revoke('Nobody')).rejects.toBeInstanceOf(HarnessInputError)
    await expect(remote.use({ route: 'join', mode: 'status' })).rejects.toThrow(/status: status is required/)
    await remote.stop()
    // stop() only forgets: the mock is still there.
    expect((await http('GET', `${admin}`)).status).toBe(200)
  })

  it('reset() (POST /__harness/reset) brings a mock back to as started: its own accounts kept with their ids, the rest, faults, tokens and journal gone', async () => {
    await using own = await new MockSessionServer().withAccount({ name: 'Builder' }).withRateLimitMs(60_000).start()
    const remote = new RemoteSessionServer({ url: own.getUrl(), adminUrl: own.getAdminUrl() })
    const builder = own.getAccount('Builder')!
    const added = await remote.createAccount({ name: 'Added', password: 'pw' })
    await remote.use({ route: '*', mode: 'down' })
    await remote.use({ route: 'hasJoined', mode: 'status', status: 503 })
    // The rate limiter remembers a login that tried, until reset.
    const ygg = yggdrasilClient(own.getUrl())
    await expect(ygg.auth({ user: 'Added', pass: 'wrong' })).rejects.toThrow()
    await remote.reset()

    expect(own.isDown()).toBe(false)
    expect((await http('GET', `${own.getUrl()}/session/minecraft/hasJoined?username=Builder&serverId=x`)).status).toBe(204)
    expect(own.getAccount('Added')).toBeUndefined()
    await expect(remote.revoke('Added')).rejects.toBeInstanceOf(HarnessInputError)
    // The old token of a forgotten account no longer joins.
    await expect(yggdrasilServer(own.getUrl()).join(added.accessToken, added.id, '', 'a', 'b')).rejects.toThrow()
    // The builder's account is there again, with the same (name-derived) id and a new token.
    const again = own.getAccount('Builder')!
    expect(again.id).toBe(builder.id)
    await expect(yggdrasilServer(own.getUrl()).join(again.accessToken, again.id, '', 'a', 'b')).resolves.toBe('')
    // A re-created account gets the id it had; its login is not rate-limited any more.
    const recreated = await remote.createAccount({ name: 'Added', password: 'pw' })
    expect(recreated.id).toBe(added.id)
    await expect(ygg.auth({ user: 'Added', pass: 'pw' })).resolves.toMatchObject({ selectedProfile: { name: 'Added' } })
    expect((await remote.journal()).some((e) => e.username === 'Builder' && e.status === 503)).toBe(false)
  })

  it('gives up on an admin port that never answers, after its timeout', async () => {
    const sockets = new Set<Socket>()
    const silent: Server = createServer((socket) => void sockets.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as { port: number }).port
    try {
      const remote = new RemoteSessionServer({ url: `http://127.0.0.1:${port}`, adminUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 })
      await expect(remote.journal()).rejects.toThrow(/no answer within 200 ms/)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('rejects URLs that are not absolute', () => {
    expect(() => new RemoteSessionServer({ url: 'localhost:1', adminUrl: 'http://127.0.0.1:2' })).toThrow(/url must be an absolute http/)
    expect(() => new RemoteSessionServer({ url: 'http://127.0.0.1:1', adminUrl: '/admin' })).toThrow(HarnessInputError)
  })
})
