/**
 * The container backend's building block for the scenario runner (`run --backend container`):
 * one labelled Docker network per run; per case a mock session server container on it and a
 * server container that reaches the mock by alias. It implements the runner's Backend interface
 * (backend.ts beside it), as the embedded backend does.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { StartedNetwork } from 'testcontainers'
import { HarnessInputError } from '../errors.ts'
import type { ContainerServerOptions, ServerConfig } from '../server/types.ts'
import { parseImageChoice, parseServerType, type ServerType } from '../server/container/env-contract.ts'
import { ensureLocalImage } from '../server/container/local-image.ts'
import { MinecraftServerContainer, type StartedMinecraftServerContainer } from '../server/container/minecraft-server-container.ts'
import { probeDocker } from '../server/container/docker-probe.ts'
import { dockerContextInUse, dockerodeOf, harnessRunId, RUN_LABEL, startHarnessNetwork } from '../server/container/resources.ts'
import { getContainerRuntimeClient } from 'testcontainers'
import { unsupportedEngineProblem } from '../server/container/engine-address.ts'
import { removeHarnessLeftovers } from '../server/container/cleanup.ts'
import type { ResourceScope } from '../resource-scope.ts'
import type { Backend, ProxyStart } from './backend.ts'
import { MinecraftProxyContainer, realProxyProblem, type StartedMinecraftProxyContainer } from '../server/container/proxy-container.ts'
import type { StartedServer } from '../server/types.ts'
import type { ProxyType } from '../proxy/backend-link.ts'
import { SessionServerContainer, type StartedSessionServerContainer } from '../server/container/session-container.ts'

export interface ContainerBackendOptions {
  /**
   * `local` (default): the embedded server's image, built here. `itzg`: real servers (needs a
   * registry), the Java tag chosen per version. Or an image reference (itzg/minecraft-server:java21).
   */
  image?: string
  /** itzg TYPE (default PAPER for itzg; the local image only logs it). */
  type?: ServerType
  /** itzg only: plugin jars / URLs (see MinecraftServerContainer.withPlugins). */
  plugins?: string[]
  /** itzg only: authlib-injector.jar for premium servers of 1.15 and older. */
  authlibInjectorJar?: string
  /** Extra files by server-folder path (see MinecraftServerContainer.withConfigFiles). */
  configFiles?: Record<string, string>
  /** Extra container variables. */
  env?: Record<string, string>
  /** itzg MEMORY for every server (a scenario's own wins). */
  memory?: string
  /** A folder of Paper server jars kept across runs (MinecraftServerContainer.withPaperCache). */
  paperCache?: string
  /** The plugins keep no state between logins: `run --reuse` may share their servers (`--stateless-plugins`). */
  statelessPlugins?: boolean
  /**
   * The proxy image of scenarios with a proxy: `local` (the stand-in: the embedded proxy from the
   * proxy's own files), `itzg` (itzg/mc-proxy, real Velocity/BungeeCord/Waterfall), or a
   * reference. Default: `itzg` when the servers run itzg, else `local`.
   */
  proxyImage?: string
  /**
   * How long a container of the run may take to log its ready line (the mock's, the server's):
   * default 60 s on the local image (5 min for itzg, which downloads its server first). On a busy
   * machine a start can take longer (`MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS`).
   */
  startupTimeoutMs?: number
  /** Called on every server container before it starts, for anything else. */
  configure?: (container: MinecraftServerContainer) => void
  log?: (line: string) => void
}

/**
 * Options from the environment, for CI files that only set variables:
 *   MC_LOGIN_HARNESS_IMAGE=itzg|local|<image reference>, MC_LOGIN_HARNESS_SERVER_TYPE=PAPER,
 *   MC_LOGIN_HARNESS_PLUGINS=build/libs/my-plugin.jar,https://.../AuthMe.jar (comma separated),
 *   MC_LOGIN_HARNESS_AUTHLIB_INJECTOR=/path/to/authlib-injector.jar,
 *   MC_LOGIN_HARNESS_PAPER_CACHE=.mc-login-harness-cache/paper (Paper jars kept across runs),
 *   MC_LOGIN_HARNESS_PROXY_IMAGE=itzg|local|<image reference> (the proxy of proxy scenarios),
 *   MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS=120000 (how long a container may take to become ready)
 */
export function containerBackendOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ContainerBackendOptions {
  const options: ContainerBackendOptions = {}
  const raw = env.MC_LOGIN_HARNESS_IMAGE?.trim()
  if (raw) options.image = parseImageChoice(raw, 'MC_LOGIN_HARNESS_IMAGE')
  if (env.MC_LOGIN_HARNESS_SERVER_TYPE) options.type = parseServerType(env.MC_LOGIN_HARNESS_SERVER_TYPE, 'MC_LOGIN_HARNESS_SERVER_TYPE')
  const plugins = (env.MC_LOGIN_HARNESS_PLUGINS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  if (plugins.length > 0) options.plugins = plugins
  if (env.MC_LOGIN_HARNESS_AUTHLIB_INJECTOR) options.authlibInjectorJar = env.MC_LOGIN_HARNESS_AUTHLIB_INJECTOR
  const proxyImage = env.MC_LOGIN_HARNESS_PROXY_IMAGE?.trim()
  if (proxyImage) options.proxyImage = parseImageChoice(proxyImage, 'MC_LOGIN_HARNESS_PROXY_IMAGE')
  if (env.MC_LOGIN_HARNESS_PAPER_CACHE?.trim()) options.paperCache = path.resolve(env.MC_LOGIN_HARNESS_PAPER_CACHE.trim())
  const startup = env.MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS?.trim()
  if (startup) options.startupTimeoutMs = parseStartupTimeout(startup, 'MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS')
  return options
}

/** A start limit in milliseconds: a whole number of at least 1000 (`where` names the input). */
export function parseStartupTimeout(raw: string, where: string): number {
  const ms = Number(raw)
  if (!Number.isInteger(ms) || ms < 1000) {
    throw new HarnessInputError(`${where}: "${raw}" is not a start limit in milliseconds; use a whole number of at least 1000, e.g. 120000`)
  }
  return ms
}

/**
 * The run's own settings (`run --plugin/--type/--image/--env/--config-file`) over the
 * environment's: each one given replaces the variable's (all of --plugin replaces
 * MC_LOGIN_HARNESS_PLUGINS), so a command line says exactly what runs.
 */
export function withRunOptions(options: ContainerBackendOptions, run: ContainerServerOptions | undefined): ContainerBackendOptions {
  if (!run) return options
  const out: ContainerBackendOptions = { ...options }
  if (run.image) out.image = run.image
  if (run.type) out.type = parseServerType(run.type, '--type')
  if (run.plugins?.length) out.plugins = [...run.plugins]
  if (run.env) out.env = { ...options.env, ...run.env }
  if (run.configFiles) out.configFiles = { ...options.configFiles, ...run.configFiles }
  if (run.memory) out.memory = run.memory
  if (run.statelessPlugins) out.statelessPlugins = true
  return out
}

/** How long a Ctrl-C waits for container starts already under way before sweeping by label. */
const PENDING_STARTS_GRACE_MS = 8_000

export class ContainerBackend implements Backend {
  readonly name = 'container' as const
  private network?: StartedNetwork
  /** Starts under way: a create request in flight when Ctrl-C lands still makes a container. */
  private readonly pending = new Set<Promise<unknown>>()
  /** Each server's `alias:port` on the run's network: a proxy reaches its backends by alias only, as behind a real network. */
  private readonly aliases = new WeakMap<StartedServer, string>()

  constructor(private readonly options: ContainerBackendOptions = {}) {}

  /**
   * Checks Docker, builds the local image when stale, creates the run's network in `scope` (the
   * run's). Each case's containers go in a scope under it, so they are removed before the network.
   */
  async prepare(scope: ResourceScope): Promise<void> {
    // An engine testcontainers would not reach as the user means (ssh, a Docker context elsewhere).
    const unsupported = unsupportedEngineProblem(process.env.DOCKER_HOST, await dockerContextInUse())
    if (unsupported) throw new HarnessInputError(`--backend container: ${unsupported}`)
    const docker = await probeDocker()
    if (!docker.ok) throw new HarnessInputError(`--backend container: ${docker.reason}`)
    // The mock session server always runs from the local image, also next to itzg servers.
    await ensureLocalImage({ log: this.options.log })
    this.network = await startHarnessNetwork(scope)
    // The scopes cover what was created; this sweep (after every case's scope, before the
    // network) covers a create request still in flight when the run ended (Ctrl-C mid-start):
    // wait for those starts, then remove by run label.
    scope.defer(() => this.sweep())
  }

  leftoverAdvice(): string {
    const id = harnessRunId()
    return `this run's containers and networks carry the label ${RUN_LABEL}=${id}: remove them with \`mc-login-harness containers cleanup --run ${id}\` (ci/cleanup.sh removes every harness leftover, of any run)`
  }

  private async sweep(): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, PENDING_STARTS_GRACE_MS)))
    await Promise.race([Promise.allSettled([...this.pending]), grace])
    clearTimeout(timer)
    await removeHarnessLeftovers({ runId: harnessRunId() })
  }

  private starting<T>(start: Promise<T>): Promise<T> {
    this.pending.add(start)
    const forget = () => this.pending.delete(start)
    start.then(forget, forget)
    return start
  }

  /** The mock's container, registered in `scope` (the case's) from its creation on. */
  async startSessionServer(scope: ResourceScope): Promise<StartedSessionServerContainer> {
    const session = new SessionServerContainer()
      .withScope(scope)
      .withNetwork(this.requireNetwork())
      .withAlias(`session-${randomBytes(3).toString('hex')}`)
    if (this.options.startupTimeoutMs !== undefined) session.withStartupTimeout(this.options.startupTimeoutMs)
    return this.starting(session.start())
  }

  /** The server's container, registered in `scope` (the case's) from its creation on. */
  async startServer(config: ServerConfig, scope: ResourceScope): Promise<StartedMinecraftServerContainer> {
    // The scenario's server.container wins over the run's options (CLI flags / env): image, type
    // and memory are replaced; plugins are the run's plus the scenario's (the same jar once);
    // env and configFiles are merged, the scenario's value winning per key.
    const own = config.container ?? {}
    const image = own.image ?? this.options.image ?? 'local'
    const container = new MinecraftServerContainer().withImage(image)
    const itzg = image !== 'local' && !image.startsWith('mc-login-harness/')
    const plugins = this.pluginsFor(config)
    const type = own.type ? parseServerType(own.type, 'server.container.type') : this.options.type
    container
      .withScope(scope)
      .withNetwork(this.requireNetwork())
      // A platform named by the scenario (or run --platform) picks its TYPE; else itzg and plugins mean Paper.
      .withType(
        type ??
          (config.platform === 'vanilla' ? 'VANILLA' : config.platform === 'paper' || itzg || plugins.length > 0 ? 'PAPER' : 'VANILLA'),
      )
      .withConfig(config)
    if (plugins.length) container.withPlugins(plugins)
    if (this.options.authlibInjectorJar) container.withAuthlibInjector(this.options.authlibInjectorJar)
    if (this.options.paperCache) container.withPaperCache(this.options.paperCache)
    const configFiles = { ...this.options.configFiles, ...own.configFiles }
    if (Object.keys(configFiles).length > 0) container.withConfigFiles(configFiles)
    const env = { ...this.options.env, ...own.env }
    if (Object.keys(env).length > 0) container.withEnvironment(env)
    const memory = own.memory ?? this.options.memory
    if (memory) container.withMemory(memory)
    if (this.options.startupTimeoutMs !== undefined) container.withStartupTimeout(this.options.startupTimeoutMs)
    this.options.configure?.(container)
    const alias = `server-${randomBytes(3).toString('hex')}`
    container.withNetworkAliases(alias)
    const started = await this.starting(container.start())
    this.aliases.set(started, `${alias}:${started.getContainerPort()}`)
    return started
  }

  private proxyImage(): string {
    const image =
      this.options.proxyImage ??
      (this.options.image && this.options.image !== 'local' && !this.options.image.startsWith('mc-login-harness/') ? 'itzg' : 'local')
    return image
  }

  /**
   * Real BungeeCord/Waterfall in online mode asks Mojang (hard-coded host), never the mock: on
   * itzg/mc-proxy such a case cannot run here. The stand-in plays it against the mock.
   */
  proxyUnsupportedReason(proxy: { type: ProxyType; online?: boolean }): string | undefined {
    if (this.proxyImage() === 'local') return undefined
    return realProxyProblem({ type: proxy.type, online: proxy.online ?? true })
  }

  /**
   * The case's proxy container on a network of the case's own: its backends and its mock are
   * attached to it under the aliases they have on the run's network, and the proxy is on it alone,
   * so it reaches its own backends by alias and nothing of another case (as a real proxy on a
   * private network). Bots reach the proxy's published port; a backend's own published port stays
   * for bots that go around the proxy, as on a badly firewalled host. The scope removes the proxy,
   * then detaches the others, then removes the network.
   */
  async startProxy(spec: ProxyStart, scope: ResourceScope): Promise<StartedMinecraftProxyContainer> {
    const servers = spec.backends.map(({ name, server }) => {
      const address = this.aliases.get(server)
      if (!address) throw new Error(`ContainerBackend.startProxy: backend "${name}" was not started by this backend`)
      return { name, address, id: (server as StartedMinecraftServerContainer).getId() }
    })
    const caseNetwork = await startHarnessNetwork(scope)
    const docker = dockerodeOf(await getContainerRuntimeClient()).getNetwork(caseNetwork.getId())
    const attached: string[] = []
    scope.defer(async () => {
      for (const id of attached) {
        // A container already removed (a failed start) has no endpoint left to detach.
        await docker.disconnect({ Container: id, Force: true }).catch((error: unknown) => {
          if ((error as { statusCode?: number }).statusCode !== 404) throw error
        })
      }
    }, `the case network ${caseNetwork.getName()}'s endpoints`)
    const attach = async (id: string, alias: string) => {
      await docker.connect({ Container: id, EndpointConfig: { Aliases: [alias] } })
      attached.push(id)
    }
    for (const s of servers) await attach(s.id, s.address.slice(0, s.address.lastIndexOf(':')))
    const session = spec.session as Partial<StartedSessionServerContainer>
    if (typeof session.getId !== 'function') throw new Error('ContainerBackend.startProxy: the mock was not started by this backend')
    await attach(session.getId(), new URL(spec.session.getServerFacingUrl()).hostname)
    const proxy = new MinecraftProxyContainer(this.proxyImage())
      .withScope(scope)
      .withNetwork(caseNetwork)
      .withType(spec.type)
      .withForwarding(spec.forwarding, spec.secret)
      .withOnlineMode(spec.online)
      .withServers(servers)
      .withSessionServer(spec.session.getServerFacingUrl())
      .withGameVersion(spec.version)
    if (spec.loginRatelimitMs !== undefined) proxy.withLoginRatelimit(spec.loginRatelimitMs)
    return this.starting(proxy.start())
  }

  /**
   * A plugin may keep state between logins (player data, its own database) that the harness can
   * neither see nor reset, so its server serves one case unless its author says otherwise. A
   * `configure` hook may do anything, so it counts the same way.
   */
  unshareableReason(config: ServerConfig): string | undefined {
    const plugins = this.pluginsFor(config)
    const stateless = config.container?.statelessPlugins ?? this.options.statelessPlugins ?? false
    if (plugins.length > 0 && !stateless) {
      return `plugins may keep state between scenarios (${plugins.map((p) => path.basename(p)).join(', ')}); declare them stateless to share their servers (--stateless-plugins, or server.container.statelessPlugins: true)`
    }
    if (this.options.configure) return 'a configure() hook may change the server in ways the harness cannot reset'
    return undefined
  }

  /**
   * The plugin jars (file names, AuthMe's left out: the stand-in plays it) that would go to the
   * local stand-in image for these scenarios' container blocks: their code never runs there.
   */
  standInPlugins(blocks: ReadonlyArray<ContainerServerOptions | undefined>): string[] {
    const jars = new Set<string>()
    for (const own of blocks) {
      const image = own?.image ?? this.options.image ?? 'local'
      if (image !== 'local' && !image.startsWith('mc-login-harness/')) continue
      for (const p of [...(this.options.plugins ?? []), ...(own?.plugins ?? [])]) {
        if (!/authme/i.test(path.basename(p))) jars.add(path.basename(p))
      }
    }
    return [...jars]
  }

  /** The run's plugins and the scenario's, each jar once. */
  private pluginsFor(config: ServerConfig): string[] {
    return [...new Set([...(this.options.plugins ?? []), ...(config.container?.plugins ?? [])])]
  }

  private requireNetwork(): StartedNetwork {
    if (!this.network) throw new Error('ContainerBackend: call prepare() first')
    return this.network
  }
}
