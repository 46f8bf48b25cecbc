/**
 * Removes containers and networks the harness left behind (a killed run, a crashed test), found
 * by label. Run before a suite and from CI scripts; ryuk would do this where it can be pulled.
 *
 *   mc-login-harness containers cleanup [--run <id>]   (ci/cleanup.sh)
 */
import type { ContainerInfo, NetworkInspectInfo } from 'dockerode'
import { getContainerRuntimeClient } from 'testcontainers'
import { HARNESS_LABEL, RUN_LABEL, dockerodeOf } from './resources.ts'

export interface CleanupResult {
  containers: string[]
  networks: string[]
}

function filtersFor(options: { runId?: string }): string {
  return JSON.stringify({ label: options.runId ? [`${RUN_LABEL}=${options.runId}`] : [`${HARNESS_LABEL}=1`] })
}

/** Containers (running or not) and networks labelled as ours (only run `runId`'s when given). */
export async function listHarnessResources(
  options: { runId?: string } = {},
): Promise<{ containers: ContainerInfo[]; networks: NetworkInspectInfo[] }> {
  const dockerode = dockerodeOf(await getContainerRuntimeClient())
  const filters = filtersFor(options)
  const [containers, networks] = await Promise.all([dockerode.listContainers({ all: true, filters }), dockerode.listNetworks({ filters })])
  return { containers, networks }
}

/** Removes every container, then every network, labelled as ours (only run `runId`'s when given). */
export async function removeHarnessLeftovers(options: { runId?: string } = {}): Promise<CleanupResult> {
  const dockerode = dockerodeOf(await getContainerRuntimeClient())
  const filters = filtersFor(options)
  const containers = await dockerode.listContainers({ all: true, filters })
  await Promise.all(
    containers.map(async (c) => {
      try {
        await dockerode.getContainer(c.Id).remove({ force: true, v: true })
      } catch (error) {
        // 404: gone already; 409: another stop is removing it right now.
        const code = (error as { statusCode?: number }).statusCode
        if (code !== 404 && code !== 409) throw error
      }
      await dockerode
        .getContainer(c.Id)
        .wait({ condition: 'removed' })
        .catch(() => {})
    }),
  )
  const networks = await dockerode.listNetworks({ filters })
  for (const n of networks) {
    try {
      await dockerode.getNetwork(n.Id).remove()
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error
    }
  }
  return { containers: containers.map((c) => c.Id.slice(0, 12)), networks: networks.map((n) => n.Name) }
}
