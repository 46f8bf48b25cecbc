import { afterEach, describe, expect, it } from 'vitest'
import { killAllCli, spawnCli } from '../../test/support/cli.ts'
import { http, yggdrasilClient } from './test-clients.ts'

afterEach(killAllCli)

const sessionServer = (...args: string[]) => spawnCli(['session-server', ...args])

describe('mc-login-harness session-server', () => {
  it('prints the session URL, the admin URL and the -D flags, serves, and stops on SIGTERM', async () => {
    const child = sessionServer('--account', 'Alice:pw', '--account', 'Bob')
    const [session, admin, flags, alice] = await child.firstLines(5)
    expect(session).toMatch(/^session http:\/\/127\.0\.0\.1:\d+$/)
    expect(admin).toMatch(/^admin http:\/\/127\.0\.0\.1:\d+$/)
    const url = session!.split(' ')[1]!
    const adminUrl = admin!.split(' ')[1]!
    for (const api of ['auth', 'account', 'session', 'services', 'profiles']) expect(flags).toContain(`-Dminecraft.api.${api}.host=${url}`)
    expect(flags).toContain('-Dminecraft.api.env=custom')
    expect(flags).toContain(`-Dmojang.sessionserver=${url}/session/minecraft/hasJoined`)
    expect(alice).toMatch(/^account Alice [0-9a-f]{32} \w+$/)

    await expect(yggdrasilClient(url).auth({ user: 'Alice', pass: 'pw' })).resolves.toMatchObject({ selectedProfile: { name: 'Alice' } })
    expect((await http('POST', `${adminUrl}/__harness/accounts`, { body: { name: 'Carol' } })).status).toBe(201)
    expect((await http('POST', `${adminUrl}/__harness/faults`, { body: { route: '*', mode: 'down' } })).status).toBe(201)
    await expect(http('GET', `${url}/publickeys`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect((await http('DELETE', `${adminUrl}/__harness/faults`)).status).toBe(204)
    expect((await http('GET', `${url}/users/profiles/minecraft/Carol`)).status).toBe(200)
    const journal = (await http('GET', `${adminUrl}/__harness/journal`)).json() as { route: string }[]
    expect(journal.map((e) => e.route)).toEqual(['authenticate', 'profileByName'])

    child.child.kill('SIGTERM')
    expect(await child.exit()).toBe(143)
    await expect(http('GET', `${url}/publickeys`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  it('--host 0.0.0.0 leaves the admin API on loopback; --admin-host moves it, with a token printed once', async () => {
    const wide = sessionServer('--host', '0.0.0.0')
    const [session, admin, flags] = await wide.firstLines(3)
    expect(session).toMatch(/^session http:\/\/0\.0\.0\.0:\d+$/)
    expect(admin).toMatch(/^admin http:\/\/127\.0\.0\.1:\d+$/)
    expect(flags).toContain('-Dminecraft.api.env=custom')
    expect((await http('GET', `${admin!.split(' ')[1]}/__harness`)).status).toBe(200)
    await wide.waitFor(/admin API stays on 127\.0\.0\.1/, 10_000, 'stderr')
    wide.child.kill('SIGTERM')
    expect(await wide.exit()).toBe(143)
    expect(wide.lines.some((l) => l.startsWith('admin-token'))).toBe(false)

    const exposed = sessionServer('--admin-host', '0.0.0.0', '--account', 'Alice')
    const lines = await exposed.firstLines(5)
    expect(lines[1]).toMatch(/^admin http:\/\/0\.0\.0\.0:\d+$/)
    expect(lines[3]).toMatch(/^admin-token [\w-]{32}$/)
    expect(lines[4]).toMatch(/^account Alice /)
    const token = lines[3]!.split(' ')[1]!
    const adminUrl = `http://127.0.0.1:${lines[1]!.split(':').at(-1)}/__harness`
    expect((await http('GET', adminUrl)).status).toBe(401)
    expect((await http('GET', adminUrl, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    exposed.child.kill('SIGTERM')
    expect(await exposed.exit()).toBe(143)
    expect(exposed.lines.filter((l) => l.includes(token))).toHaveLength(1)
  })

  // A bad flag (exit 2, nothing started) is checked in-process: test/cli-flags.test.ts.
  it('exits 2 with a message saying what to fix for a port in use', async () => {
    const first = sessionServer()
    const [session] = await first.firstLines(1)
    const port = session!.split(':').at(-1)!
    const clash = sessionServer('--port', port)
    expect(await clash.exit()).toBe(2)
    expect(clash.stderr()).toMatch(/cannot listen.*EADDRINUSE/)
    first.child.kill('SIGTERM')
    expect(await first.exit()).toBe(143)
  })
})
