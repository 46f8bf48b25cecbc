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
import type { ServerType } from './env-contract.ts'
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
