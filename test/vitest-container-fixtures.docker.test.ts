/**
 * The container fixtures as a plugin author uses them (only the public entry, resolved to the
 * sources here), on the local stand-in image: a cracked login joins, a premium login goes through
 * the fixture's mock in its own container, options reach the server, and every container and
 * network of the file is gone afterwards, also those of a failing test. Under CI=true a missing
 * Docker fails these tests; elsewhere they are skipped with the reason.
 */
import { getContainerRuntimeClient } from 'testcontainers'
import { containerTest, describe, expect, afterAll } from 'mc-login-harness/vitest/container'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { listHarnessResources } from '../harness/server/container/cleanup.ts'
import { dockerodeOf, harnessRunId } from '../harness/server/container/resources.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[container tests skipped] ${docker.reason}`)

// A container start is seconds on the local image (minutes for a first itzg download).
const timeout = 120_000

async function ours(): Promise<{ containers: string[]; networks: string[] }> {
  const { containers, networks } = await listHarnessResources({ runId: harnessRunId() })
  return { containers: containers.map((c) => c.Id), networks: networks.map((n) => n.Name) }
}

describe.skipIf(skip)('mc-login-harness/vitest/container fixtures on the local image', () => {
  let failedTestServer: string | undefined

  afterAll(async () => {
    if (!docker.ok) return
    // Every test's fixtures are torn down by now: nothing of this file is left, also not of the failing test.
    expect(failedTestServer).toBeDefined()
    expect(await ours()).toEqual({ containers: [], networks: [] })
  })

  containerTest('a cracked client joins a cracked server in a container', { timeout }, async ({ crackedContainer, login }) => {
    expect(await login(crackedContainer, { cracked: 'Steve' })).toHaveJoined()
    await crackedContainer.waitForServerLog(/Steve\[\/[\d.]+\] logged in/)
    expect(crackedContainer.getAuth()).toBe('cracked')
  })

  containerTest(
    'a premium login goes through the fixture’s mock, which the server reaches on the network',
    { timeout },
    async ({ premiumContainer, sessionServer, login }) => {
      expect(sessionServer.getServerFacingUrl()).toBe('http://session:8080')
      expect(await login(premiumContainer, { premium: 'Alice' })).toHaveJoined()
      expect(await login(premiumContainer, { cracked: 'Steve' })).toBeKickedWith('unverified_username')
      await sessionServer.use({ route: 'hasJoined', mode: 'status', status: 503 })
      expect(await login(premiumContainer, { premium: 'Alice' })).toBeKickedWith('auth_servers_down')
      // Every hasJoined call came from the server container: Alice (200), the cracked Steve the mock
      // does not know (204, as Mojang), Alice again answered with the fault (503).
      const hasJoined = (await sessionServer.journal()).filter((e) => e.route === 'hasJoined').map((e) => e.status)
      expect(hasJoined).toEqual([200, 204, 503])
    },
  )

  containerTest.fails('a failing test still stops its containers (checked after the file)', { timeout }, async ({ crackedContainer }) => {
    failedTestServer = crackedContainer.getId()
    expect(crackedContainer.getPort()).toBe(-1)
  })

  describe('options reach the container', () => {
    containerTest.override({
      mcVersion: '1.8.8',
      serverType: 'paper',
      whitelist: ['Alice'],
      serverProperties: { whiteList: true },
      containerEnv: { MC_LOGIN_HARNESS_FIXTURE_TEST: 'yes' },
    })

    containerTest('version, type, whitelist and env', { timeout }, async ({ crackedContainer, login }) => {
      expect(crackedContainer.getVersion()).toBe('1.8.8')
      expect(crackedContainer.getType()).toBe('PAPER')
      expect(crackedContainer.getServerLog()).toMatch(/asked for TYPE=PAPER/)
      expect(await login(crackedContainer, { cracked: 'Alice' })).toHaveJoined()
      expect(await login(crackedContainer, { cracked: 'Bob' })).toBeKickedWith('not_whitelisted')
      // The local image is FROM scratch (no shell to printenv): read the variables Docker started it with.
      const inspected = await dockerodeOf(await getContainerRuntimeClient())
        .getContainer(crackedContainer.getId())
        .inspect()
      expect(inspected.Config.Env).toContain('MC_LOGIN_HARNESS_FIXTURE_TEST=yes')
    })
  })
})
