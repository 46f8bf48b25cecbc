import net from 'node:net'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { supportedVersions } from '../versions.ts'
import { MockSessionServer } from '../session/index.ts'
import { EmbeddedMinecraftServer } from './embedded-server.ts'
import { attempt, decodeReason } from './test-clients.ts'
import { createUnconnectedBot } from '../bot/mineflayer-bot.ts'

const require = createRequire(import.meta.url)

function spawnBot(port: number, version: string, username: string): Promise<{ ms: number; end(): void }> {
  const started = performance.now()
  const { bot, connect } = createUnconnectedBot({ host: '127.0.0.1', port, version, account: { kind: 'cracked', name: username } })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      bot.end()
      reject(new Error(`${version}: no spawn within 10 s`))
    }, 10_000)
    bot.on('error', () => {})
    bot.once('kicked', (reason: unknown) => {
      clearTimeout(timer)
      reject(new Error(`${version}: kicked ${JSON.stringify(reason)}`))
    })
    bot.once('spawn', () => {
      clearTimeout(timer)
      resolve({ ms: performance.now() - started, end: () => bot.end() })
    })
    connect()
  })
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

describe('embedded server lifecycle', () => {
  it('a mineflayer bot spawns on every supported version', async () => {
    const failures: string[] = []
    for (const version of supportedVersions()) {
      await using server = await new EmbeddedMinecraftServer().withAuth('cracked').withVersion(version).start()
      try {
        const bot = await spawnBot(server.getPort(), version, 'Spawner')
        bot.end()
      } catch (error) {
        failures.push((error as Error).message)
      }
    }
    expect(failures).toEqual([])
  })

  it('starts fast, runs many at once, and stop() kicks clients and releases the port', async () => {
    // Warm the process (minecraft-data, serializers) the way the first start of a run does.
    await (await new EmbeddedMinecraftServer().withVersion('1.20.4').start()).stop()
    const servers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        new EmbeddedMinecraftServer()
          .withAuth(i % 2 ? 'guarded' : 'cracked')
          .withVersion('1.20.4')
          .start(),
      ),
    )
    // How fast they start is measured in bench/, not asserted here (a loaded runner is slow).
    expect(new Set(servers.map((s) => s.getPort())).size).toBe(10)

    const server = servers[0]!
    const joined = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Stayer', keep: true })
    expect(joined.kind).toBe('joined')
    if (joined.kind !== 'joined') return
    const kicked = new Promise<unknown>((resolve) =>
      joined.client.on('packet', (data: { reason?: unknown }, meta: { name: string }) => {
        if (meta.name === 'kick_disconnect') resolve(data.reason)
      }),
    )
    const ended = new Promise<void>((resolve) => joined.client.once('end', () => resolve()))
    // A connection that never says anything must not hold stop() up either.
    const idle = net.connect(server.getPort(), '127.0.0.1')
    idle.on('error', () => {})
    await new Promise((resolve) => idle.once('connect', resolve))

    const port = server.getPort()
    // A stop() held up by the silent connection would hang here until the test's own timeout.
    await Promise.all(servers.map((s) => s.stop()))
    expect(decodeReason(await kicked)).toEqual({ translate: 'multiplayer.disconnect.server_shutdown' })
    await ended
    expect(await portIsFree(port)).toBe(true)
    idle.destroy()
  })

  it("hasJoined that hangs gives authservers_down after authlib's 5 s default, not 30", async () => {
    await using mock = await new MockSessionServer().start()
    await using server = await new EmbeddedMinecraftServer()
      .withAuth('premium')
      .withVersion('1.20.4')
      .withSessionServer(mock.getUrl())
      .start()
    const account = await mock.createAccount({ name: 'Patient' })
    await mock.use({ route: 'hasJoined', mode: 'hang' })
    const result = await attempt({
      port: server.getPort(),
      version: '1.20.4',
      username: account.name,
      premium: { sessionServer: mock.getUrl(), accessToken: account.accessToken, id: account.id },
      timeoutMs: 45_000,
    })
    // authservers_down, not slow_login: the 5 s timeout fired, not the 30 s login deadline
    // (no upper time bound: a loaded runner may take long to deliver the kick).
    expect(result).toMatchObject({ kind: 'kicked', reason: { translate: 'multiplayer.disconnect.authservers_down' } })
    expect(result.ms).toBeGreaterThanOrEqual(4900)
  })

  it('kicks a client in the configuration phase with a configuration-state disconnect (NBT on 1.20.3+)', async () => {
    const mc = require('minecraft-protocol')
    const server = await new EmbeddedMinecraftServer().withVersion('1.20.4').start()
    const client = mc.createClient({
      host: '127.0.0.1',
      port: server.getPort(),
      username: 'Configuring',
      version: '1.20.4',
      auth: 'offline',
      hideErrors: true,
    })
    client.on('error', () => {})
    try {
      // Never acknowledge the end of configuration: the client stays in that phase.
      client.once('registry_data', () => client.removeAllListeners('finish_configuration'))
      const disconnect = new Promise<{ state: string; reason: unknown }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no disconnect within 15 s')), 15_000)
        client.on('packet', (data: { reason?: unknown }, meta: { name: string; state: string }) => {
          if (meta.name === 'disconnect') {
            clearTimeout(timer)
            resolve({ state: meta.state, reason: data.reason })
          }
        })
      })
      await new Promise<void>((resolve) =>
        client.on('packet', (_d: unknown, meta: { name: string }) => meta.name === 'finish_configuration' && resolve()),
      )
      await server.stop()
      const { state, reason } = await disconnect
      expect(state).toBe('configuration')
      expect(typeof reason).toBe('object') // NBT, not a JSON string
      expect(decodeReason(reason)).toEqual({ translate: 'multiplayer.disconnect.server_shutdown' })
    } finally {
      client.end()
      await server.stop()
    }
  })
})
