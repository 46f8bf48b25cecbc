/**
 * The container backend's building block for the scenario runner (`run --backend container`):
 * one labelled Docker network per run; per case a mock session server container on it and a
 * server container that reaches the mock by alias. Shaped like the runner's Backend interface
 * (scenario/backends/backend.ts) without importing it: server/ does not depend on scenario/.
 */
import { randomBytes } from 'node:crypto'
import type { StartedNetwork } from 'testcontainers'
import { HarnessInputError } from '../../errors.ts'
import type { ServerConfig } from '../types.ts'
import { ITZG_IMAGE, LOCAL_IMAGE } from './container-config.ts'
import { parseServerType, type ServerType } from './env-contract.ts'
import { ensureLocalImage } from './local-image.ts'
import { MinecraftServerContainer, type StartedMinecraftServerContainer } from './minecraft-server-container.ts'
import { probeDocker } from './docker-probe.ts'
import { startHarnessNetwork } from './resources.ts'
import { SessionServerContainer, type StartedSessionServerContainer } from './session-container.ts'

export interface ContainerBackendOptions {
  /** `local` (default): the embedded server's image, built here. `itzg`: real servers (needs a registry). */
  image?: 'local' | 'itzg'
  /** itzg TYPE (default PAPER for itzg; the local image only logs it). */
  type?: ServerType
  /** itzg only: plugin jars / URLs (see MinecraftServerContainer.withPlugins). */
  plugins?: string[]
  /** itzg only: authlib-injector.jar for premium servers of 1.15 and older. */
  authlibInjectorJar?: string
  /** Called on every server container before it starts, for anything else. */
  configure?: (container: MinecraftServerContainer) => void
  log?: (line: string) => void
}

/**
 * Options from the environment, for CI files that only set variables:
 *   MC_LOGIN_HARNESS_IMAGE=itzg|local, MC_LOGIN_HARNESS_SERVER_TYPE=PAPER,
 *   MC_LOGIN_HARNESS_PLUGINS=build/libs/my-plugin.jar,https://.../AuthMe.jar (comma separated),
 *   MC_LOGIN_HARNESS_AUTHLIB_INJECTOR=/path/to/authlib-injector.jar
 */
export function containerBackendOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ContainerBackendOptions {
  const options: ContainerBackendOptions = {}
  const image = env.MC_LOGIN_HARNESS_IMAGE?.trim().toLowerCase()
  if (image) {
    if (image !== 'itzg' && image !== 'local') throw new HarnessInputError(`MC_LOGIN_HARNESS_IMAGE: "${image}" is not an image kind; use itzg or local`)
    options.image = image
  }
  if (env.MC_LOGIN_HARNESS_SERVER_TYPE) options.type = parseServerType(env.MC_LOGIN_HARNESS_SERVER_TYPE, 'MC_LOGIN_HARNESS_SERVER_TYPE')
  const plugins = (env.MC_LOGIN_HARNESS_PLUGINS ?? '').split(',').map((p) => p.trim()).filter(Boolean)
  if (plugins.length > 0) options.plugins = plugins
  if (env.MC_LOGIN_HARNESS_AUTHLIB_INJECTOR) options.authlibInjectorJar = env.MC_LOGIN_HARNESS_AUTHLIB_INJECTOR
  return options
}

export class ContainerBackend {
  readonly name = 'container' as const
  private network?: StartedNetwork

  constructor(private readonly options: ContainerBackendOptions = {}) {}

  /** Checks Docker, builds the local image when stale, creates the run's network. */
  async prepare(): Promise<void> {
    const docker = await probeDocker()
    if (!docker.ok) throw new HarnessInputError(`--backend container: ${docker.reason}`)
    // The mock session server always runs from the local image, also next to itzg servers.
    await ensureLocalImage({ log: this.options.log })
    this.network = await startHarnessNetwork()
  }

  async startSessionServer(): Promise<StartedSessionServerContainer> {
    return new SessionServerContainer()
      .withNetwork(this.requireNetwork())
      .withAlias(`session-${randomBytes(3).toString('hex')}`)
      .start()
  }

  async startServer(config: ServerConfig): Promise<StartedMinecraftServerContainer> {
    const itzg = this.options.image === 'itzg'
    const container = new MinecraftServerContainer(itzg ? ITZG_IMAGE : LOCAL_IMAGE)
      .withNetwork(this.requireNetwork())
      .withType(this.options.type ?? (itzg ? 'PAPER' : 'VANILLA'))
      .withConfig(config)
    if (this.options.plugins?.length) container.withPlugins(this.options.plugins)
    if (this.options.authlibInjectorJar) container.withAuthlibInjector(this.options.authlibInjectorJar)
    this.options.configure?.(container)
    return container.start()
  }

  async dispose(): Promise<void> {
    await this.network?.stop()
    this.network = undefined
  }

  private requireNetwork(): StartedNetwork {
    if (!this.network) throw new Error('ContainerBackend: call prepare() first')
    return this.network
  }
}
