/**
 * Real containers of the local image: a bot on this host joins a cracked server, a premium one
 * through the mock session server in its own container on a shared network, faults driven through
 * the mapped admin port, and nothing of ours is left afterwards. Under CI=true a missing Docker
 * fails these tests; elsewhere they are skipped with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartedNetwork } from 'testcontainers'
import { attemptLogin } from '../../bot/login-attempt.ts'
import { LOCAL_IMAGE } from './container-config.ts'
import { mustHaveDocker, probeDocker } from './docker-probe.ts'
import { ensureLocalImage } from './local-image.ts'
import { MinecraftServerContainer } from './minecraft-server-container.ts'
import { harnessRunId, startHarnessNetwork } from './resources.ts'
import { listHarnessResources, removeHarnessLeftovers } from './cleanup.ts'
import { SessionServerContainer, type StartedSessionServerContainer } from './session-container.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[container tests skipped] ${docker.reason}`)

async function ours(): Promise<{ containers: string[]; networks: string[] }> {
  const { containers, networks } = await listHarnessResources({ runId: harnessRunId() })
  return { containers: containers.map((c) => c.Id), networks: networks.map((n) => n.Name) }
}

describe.skipIf(skip)('MinecraftServerContainer on the local image', () => {
  let network: StartedNetwork | undefined
  let session: StartedSessionServerContainer | undefined

  beforeAll(async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const image = await ensureLocalImage()
    console.log(`local image ${image.built ? `built in ${(image.ms / 1000).toFixed(1)} s` : 'current'}`)
    // Current now: a second call only compares the input hash with the image's label.
    const again = await ensureLocalImage()
    expect(again).toMatchObject({ built: false, inputsHash: image.inputsHash })
    network = await startHarnessNetwork()
    session = await new SessionServerContainer().withNetwork(network).withAlias('session').start()
  })

  afterAll(async () => {
    await session?.stop()
    await network?.stop()
    if (!docker.ok) return
    // Every container and network this file made is gone, also from Docker's point of view.
    const left = await ours()
    await removeHarnessLeftovers({ runId: harnessRunId() })
    expect(left).toEqual({ containers: [], networks: [] })
  })

  it('a cracked 1.8.8 server: a bot on the host joins through the mapped port', async () => {
    const t0 = performance.now()
    await using server = await new MinecraftServerContainer(LOCAL_IMAGE).withType('PAPER').withVersion('1.8.8').withAuth('cracked').start()
    const attempt = await attemptLogin({
      host: server.getHost(),
      port: server.getPort(),
      version: '1.8.8',
      account: { kind: 'cracked', name: 'Steve' },
    })
    console.log(`start() -> joined bot: ${Math.round(performance.now() - t0)} ms (bot ${Math.round(attempt.ms)} ms)`)
    expect(attempt.outcome, attempt.events.join('\n')).toBe('success')
    expect(attempt.joined).toBe(true)
    expect(server.getVersion()).toBe('1.8.8')
    expect(server.getAuth()).toBe('cracked')
    expect(server.getServerLog()).toMatch(/asked for TYPE=PAPER/)
    expect(server.getServerLog()).toMatch(/Done \(\d+\.\d{3}s\)! For help, type "help"/)
    await server.waitForServerLog(/Steve\[\/[\d.]+\] logged in/)
  })

  it('premium 1.20.4 through the session container; a hasJoined fault set through the admin port reaches the server', async () => {
    const mock = session!
    expect(mock.getServerFacingUrl()).toBe('http://session:8080')
    const alice = await mock.createAccount({ name: 'Alice' })
    const server = await new MinecraftServerContainer()
      .withLocalImage()
      .withNetwork(network!)
      .withVersion('1.20.4')
      .withAuth('premium')
      .withSessionServer(mock.getServerFacingUrl())
      .start()
    try {
      const account = { kind: 'premium' as const, name: alice.name, id: alice.id, accessToken: alice.accessToken }
      const ok = await attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version: '1.20.4',
        account,
        sessionServer: mock.getUrl(),
      })
      expect(ok.outcome, ok.events.join('\n')).toBe('success')

      await mock.use({ route: 'hasJoined', mode: 'status', status: 503, times: 1 })
      const down = await attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version: '1.20.4',
        account,
        sessionServer: mock.getUrl(),
      })
      expect(down.outcome).toBe('auth_servers_down')
      const hasJoined = (await mock.journal()).filter((e) => e.route === 'hasJoined').map((e) => e.status)
      expect(hasJoined).toEqual([200, 503])
    } finally {
      await server.stop()
      await mock.resetFaults()
    }
  })

  it('a whitelist from WHITELIST keeps others out', async () => {
    await using server = await new MinecraftServerContainer(LOCAL_IMAGE)
      .withVersion('1.20.4')
      .withAuth('cracked')
      .withWhitelist(['Alice'])
      .start()
    const bob = await attemptLogin({
      host: server.getHost(),
      port: server.getPort(),
      version: '1.20.4',
      account: { kind: 'cracked', name: 'Bob' },
    })
    expect(bob.outcome).toBe('not_whitelisted')
  })

  it('a server that cannot start fails start() with its log, and leaves no container', async () => {
    const before = (await ours()).containers.length
    // Premium without a session server is refused by the entrypoint's env contract.
    const container = new MinecraftServerContainer(LOCAL_IMAGE)
      .withVersion('1.20.4')
      .withEnvironment({ ONLINE_MODE: 'TRUE' })
      .withStartupTimeout(5000)
    const error = await container.start().then(
      async (started) => {
        await started.stop()
        return new Error('started although ONLINE_MODE=TRUE had no session server')
      },
      (e: unknown) => e as Error,
    )
    expect(error.message).toMatch(/did not become ready[\s\S]*minecraft\.api\.session\.host/)
    expect((await ours()).containers.length).toBe(before)
  })
})

describe('choosing the image', () => {
  it('itzg with the Java tag of the version unless an image is given; withImage overrides', async () => {
    const { MinecraftServerContainer: M } = await import('./minecraft-server-container.ts')
    const pick = (c: InstanceType<typeof M>) => (c as unknown as { imageName: { string: string } }).imageName.string
    expect(pick(new M().withImage('itzg/minecraft-server:java17'))).toBe('itzg/minecraft-server:java17')
    expect(pick(new M().withImage('local'))).toBe(LOCAL_IMAGE)
    expect(() => new M().withImage('not an image')).toThrow(/withImage/)
  })
})
