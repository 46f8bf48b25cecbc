import { afterEach, describe, expect, it } from 'vitest'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from './embedded-server.ts'
import { attempt } from './test-clients.ts'

const servers: StartedEmbeddedServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()))
})

describe('waitForLeave (the runner waits on it before a same-name relogin)', () => {
  it('resolves at once for a name not online, and only once the server has seen the player go', async () => {
    const server = await new EmbeddedMinecraftServer().withAuth('guarded').withVersion('1.20.4').start()
    servers.push(server)
    await server.waitForLeave('Nobody', 1000)
    const first = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Steve', keep: true })
    expect(first.kind).toBe('joined')
    if (first.kind !== 'joined') return
    let left = false
    const waiting = server.waitForLeave('STEVE', 10_000).then(() => (left = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(left).toBe(false)
    // AuthMe's ForceSingleSession while the first is online: this is the race the wait removes.
    const early = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Steve' })
    expect(early).toMatchObject({ kind: 'kicked', reason: { text: '§4The same username is already playing on the server!' } })
    first.client.end()
    await waiting
    expect(server.onlinePlayers()).toEqual([])
    expect((await attempt({ port: server.getPort(), version: '1.20.4', username: 'Steve' })).kind).toBe('joined')
  })

  it('rejects after its timeout, naming the player', async () => {
    const server = await new EmbeddedMinecraftServer().withAuth('cracked').withVersion('1.20.4').start()
    servers.push(server)
    const stay = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Stayer', keep: true })
    try {
      await expect(server.waitForLeave('Stayer', 100)).rejects.toThrow('Stayer was still online 100 ms after the bot left')
    } finally {
      if (stay.kind === 'joined') stay.client.end()
    }
  })
})
