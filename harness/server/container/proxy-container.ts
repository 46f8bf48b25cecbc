/**
 * A testcontainers module for Minecraft proxies behind the itzg/mc-proxy contract (repository
 * itzg/docker-bungeecord @ d170d902: README.md, Dockerfile, scripts/run-bungeecord.sh): `TYPE`
 * VELOCITY, BUNGEECORD or WATERFALL, the proxy's own files mounted in /config (synced into
 * /server, its working directory), port 25577, extra JVM options in `JVM_OPTS`. The real image
 * (users' CI, with a registry) or the harness's local image, whose `proxy` command runs the
 * embedded proxy from the same files (proxy-entry.ts).
 *
 *   const proxy = await new MinecraftProxyContainer()               // itzg/mc-proxy
 *     .withType('VELOCITY').withForwarding('modern', 's3cret').withOnlineMode(true)
 *     .withServers([{ name: 'lobby', address: 'paper-1:25565' }])
 *     .withSessionServer(session.getServerFacingUrl()).withNetwork(network)
 *     .start()
 *   bot.connect(proxy.getHost(), proxy.getPort())
 */
import fs from 'node:fs'
import path from 'node:path'
import { AbstractStartedContainer, GenericContainer, ImageName, Wait, type StartedTestContainer, type StopOptions } from 'testcontainers'
import { HarnessInputError } from '../../errors.ts'
import type { ResourceScope } from '../../resource-scope.ts'
import type { ProxyForwardingMode, ProxyType } from '../../proxy/backend-link.ts'
import { localImage } from './container-config.ts'
import { bindPublishedPorts, hostFor } from './minecraft-server-container.ts'
import {
  HAS_JOINED_PATH,
  PROXY_CONTAINER_PORT,
  proxyConfigFiles,
  STAND_IN_SESSION_ENV,
  STAND_IN_VERSION_ENV,
  VELOCITY_SESSION_PROPERTY,
  type ProxyFileSettings,
} from './proxy-files.ts'
import { assertPortReachable, CreatedContainer, harnessLabels, onHarnessHost, ryukWanted } from './resources.ts'

export const MC_PROXY_IMAGE = 'itzg/mc-proxy'
export type ProxyImageType = 'VELOCITY' | 'BUNGEECORD' | 'WATERFALL'

/**
 * Velocity's own ready line (PaperMC/Velocity @ 69ee655d, Velocity.java: `Done ({}s)!`);
 * BungeeCord's and Waterfall's (SpigotMC/BungeeCord @ df0f3db3, BungeeCord.java: `Listening on {0}`).
 */
export const PROXY_READY_LINE: Record<ProxyType, RegExp> = {
  velocity: /Done \(/,
  bungeecord: /Listening on \//,
  waterfall: /Listening on \//,
}

export interface ProxyContainerSpec {
  image: 'itzg' | 'local'
  type: ProxyType
  forwarding: ProxyForwardingMode
  secret?: string
  online: boolean
  servers: { name: string; address: string }[]
  /** The mock's base URL as the proxy container reaches it. */
  sessionServer?: string
  loginRatelimitMs?: number
  /** The game version bots speak (the stand-in's one version). */
  version?: string
  /** Proxy plugin jars (host paths), copied into /plugins (itzg copies them into /server/plugins). */
  plugins?: string[]
  /** A host's own proxy files (proxy-folder path -> host path), copied into /config in place of the written ones. */
  configFiles?: Record<string, string>
  memory?: string
}

export interface ProxyContainerPlan {
  env: Record<string, string>
  /** Generated files: container path -> text (into /config, which the image syncs into /server). */
  contents: { content: string; target: string }[]
  files: { source: string; target: string }[]
  command?: string[]
}

/** Why a proxy of `spec` cannot run on the real itzg/mc-proxy against the mock, or undefined. */
export function realProxyProblem(spec: Pick<ProxyContainerSpec, 'type' | 'online'>): string | undefined {
  if (spec.type !== 'velocity' && spec.online) {
    return `${spec.type} in online mode asks Mojang's session server, hard-coded (BungeeCord's InitialHandler), never the mock; run it with online false, or use Velocity (-Dmojang.sessionserver)`
  }
  return undefined
}

/** Pure: the env, files and command of a proxy container. Throws HarnessInputError for what cannot work. */
export function buildProxyPlan(spec: ProxyContainerSpec): ProxyContainerPlan {
  const settings: ProxyFileSettings = {
    type: spec.type,
    forwarding: spec.forwarding,
    ...(spec.secret !== undefined ? { secret: spec.secret } : {}),
    online: spec.online,
    servers: spec.servers,
    port: PROXY_CONTAINER_PORT,
    ...(spec.loginRatelimitMs !== undefined ? { loginRatelimitMs: spec.loginRatelimitMs } : {}),
  }
  const own = Object.keys(spec.configFiles ?? {})
  const contents = Object.entries(proxyConfigFiles(settings))
    .filter(([file]) => !own.includes(file))
    .map(([file, content]) => ({ content, target: `/config/${file}` }))
  const env: Record<string, string> = { TYPE: spec.type.toUpperCase() }
  if (spec.memory) env.MEMORY = spec.memory
  if (spec.online && !spec.sessionServer) {
    throw new HarnessInputError(
      'withOnlineMode(true) needs withSessionServer(url): the proxy must ask the mock session server, never Mojang',
    )
  }
  const sessionServer = spec.sessionServer?.replace(/\/+$/, '')
  if (spec.image === 'itzg') {
    const problem = realProxyProblem(spec)
    if (problem) throw new HarnessInputError(`MinecraftProxyContainer: ${problem}`)
    if (
      spec.type !== 'velocity' &&
      spec.forwarding === 'bungeeguard' &&
      !(spec.plugins ?? []).some((p) => /bungeeguard/i.test(path.basename(p)))
    ) {
      throw new HarnessInputError(
        'withForwarding("bungeeguard") on BungeeCord needs the BungeeGuard plugin jar on the proxy: withPlugins(["./libs/BungeeGuard.jar"]) (https://github.com/lucko/BungeeGuard/releases)',
      )
    }
  }
  // itzg's run-bungeecord.sh passes JVM_OPTS to java; Velocity reads the property (above).
  if (spec.type === 'velocity' && spec.online && sessionServer)
    env.JVM_OPTS = `-D${VELOCITY_SESSION_PROPERTY}=${sessionServer}${HAS_JOINED_PATH}`
  const plan: ProxyContainerPlan = {
    env,
    contents,
    files: [
      ...(spec.plugins ?? []).map((p) => ({ source: p, target: `/plugins/${path.basename(p)}` })),
      ...Object.entries(spec.configFiles ?? {}).map(([file, source]) => ({ source, target: `/config/${file}` })),
    ],
  }
  if (spec.image === 'local') {
    if (spec.type !== 'velocity' && spec.online && sessionServer) env[STAND_IN_SESSION_ENV] = sessionServer
    if (spec.version) env[STAND_IN_VERSION_ENV] = spec.version
    plan.command = ['proxy']
  }
  return plan
}

const TYPES: Record<string, ProxyType> = { velocity: 'velocity', bungeecord: 'bungeecord', waterfall: 'waterfall' }

export class MinecraftProxyContainer extends GenericContainer {
  private readonly spec: ProxyContainerSpec = { image: 'itzg', type: 'bungeecord', forwarding: 'none', online: true, servers: [] }
  private scope?: ResourceScope
  private created?: CreatedContainer
  private readonly logLines: string[] = []

  /** `image` defaults to itzg/mc-proxy; pass `local` (or call withLocalImage()) for the stand-in. */
  constructor(image: string = MC_PROXY_IMAGE) {
    super(MC_PROXY_IMAGE)
    this.withImage(image)
  }

  /** `itzg` (itzg/mc-proxy), `local` (the harness's stand-in), or an image reference. */
  withImage(image: string): this {
    const ref = image.trim()
    if (ref === 'local') return this.withLocalImage()
    const name = ref === 'itzg' ? MC_PROXY_IMAGE : ref
    if (!/^[\w.\-/:@]+$/.test(name))
      throw new HarnessInputError(`withImage: "${image}" is not an image reference (e.g. itzg/mc-proxy:java21), itzg or local`)
    this.imageName = ImageName.fromString(name)
    this.createOpts.Image = this.imageName.string
    this.spec.image = name.startsWith('mc-login-harness/') ? 'local' : 'itzg'
    return this
  }

  /** The harness's local image, playing the proxy from the same files. */
  withLocalImage(tag: string = localImage()): this {
    this.imageName = ImageName.fromString(tag)
    this.createOpts.Image = this.imageName.string
    this.spec.image = 'local'
    return this
  }

  /** itzg/mc-proxy's TYPE: VELOCITY, BUNGEECORD (its default) or WATERFALL. */
  withType(type: ProxyImageType | ProxyType): this {
    const t = TYPES[String(type).toLowerCase()]
    if (!t) throw new HarnessInputError(`withType: "${type}" is not a proxy type; use VELOCITY, BUNGEECORD or WATERFALL`)
    this.spec.type = t
    return this
  }

  /**
   * Velocity's player-info-forwarding-mode (modern, legacy, bungeeguard, none) and its
   * forwarding.secret; on BungeeCord legacy is `ip_forward: true` and bungeeguard adds the
   * BungeeGuard plugin's token (pass its jar to withPlugins on itzg).
   */
  withForwarding(mode: ProxyForwardingMode, secret?: string): this {
    if (!['modern', 'legacy', 'bungeeguard', 'none'].includes(mode))
      throw new HarnessInputError(`withForwarding: "${mode}" is not a forwarding mode; use modern, legacy, bungeeguard or none`)
    if ((mode === 'modern' || mode === 'bungeeguard') && !secret)
      throw new HarnessInputError(`withForwarding("${mode}") needs a secret (Velocity: "The forwarding-secret file must not be empty.")`)
    this.spec.forwarding = mode
    if (secret !== undefined) this.spec.secret = secret
    return this
  }

  /** online-mode / online_mode (both proxies default to true). */
  withOnlineMode(online: boolean): this {
    this.spec.online = online
    return this
  }

  /** The backends in try order, each by the address the proxy container reaches (`alias:25565`). */
  withServers(servers: { name: string; address: string }[]): this {
    for (const s of servers) {
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(s.name))
        throw new HarnessInputError(`withServers: "${s.name}" is not a server name (letters, digits, "_", "-")`)
      if (!/^[\w.-]+:\d{1,5}$/.test(s.address)) throw new HarnessInputError(`withServers: "${s.address}" is not host:port`)
    }
    this.spec.servers = [...servers]
    return this
  }

  /** The mock's base URL as the proxy container reaches it (SessionServerControl.getServerFacingUrl()). */
  withSessionServer(url: string): this {
    try {
      new URL(url)
    } catch {
      throw new HarnessInputError(`withSessionServer: "${url}" is not a URL; pass the mock's server-facing URL, e.g. http://session:8080`)
    }
    this.spec.sessionServer = url
    return this
  }

  /** Velocity's advanced.login-ratelimit in ms (default 3000; 0 off). */
  withLoginRatelimit(ms: number): this {
    if (!Number.isInteger(ms) || ms < 0) throw new HarnessInputError(`withLoginRatelimit: ${ms} must be a whole number of ms, 0 for off`)
    this.spec.loginRatelimitMs = ms
    return this
  }

  /** The game version bots speak: the stand-in proxies that one version (real proxies speak them all). */
  withGameVersion(version: string): this {
    this.spec.version = version
    return this
  }

  /** Proxy plugin jars (BungeeGuard's for BungeeCord + bungeeguard), copied into /plugins. */
  withPlugins(jars: string[]): this {
    for (const jar of jars) if (!fs.existsSync(jar)) throw new HarnessInputError(`withPlugins: no file at ${jar}`)
    this.spec.plugins = [...(this.spec.plugins ?? []), ...jars]
    return this
  }

  /**
   * A host's own proxy files by proxy-folder path (`{ 'velocity.toml': './proxy/velocity.toml' }`),
   * copied into /config (synced into /server) in place of the files the module writes from its
   * settings; the stand-in refuses any setting in them it does not play.
   */
  withConfigFiles(files: Record<string, string>): this {
    for (const [key, source] of Object.entries(files)) {
      if (key === '' || key.split('/').some((part) => part === '..' || part === '') || key.startsWith('/'))
        throw new HarnessInputError(`withConfigFiles: "${key}" is not a relative path inside the proxy folder (e.g. "velocity.toml")`)
      if (!fs.existsSync(source)) throw new HarnessInputError(`withConfigFiles: "${key}": no file at ${source}`)
    }
    this.spec.configFiles = { ...this.spec.configFiles, ...files }
    return this
  }

  /** itzg/mc-proxy MEMORY (its default 512m). */
  withMemory(memory: string): this {
    if (!/^\d+[kKmMgG]?$/.test(memory.trim())) throw new HarnessInputError(`withMemory: "${memory}" is not a heap size such as 512m`)
    this.spec.memory = memory.trim()
    return this
  }

  /** Registers the container in `scope` from its creation on, and the started handle after. */
  withScope(scope: ResourceScope): this {
    this.scope = scope
    return this
  }

  plan(): ProxyContainerPlan {
    return buildProxyPlan(this.spec)
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    this.created = new CreatedContainer(containerId)
    this.scope?.use(this.created)
  }

  override async start(): Promise<StartedMinecraftProxyContainer> {
    this.withAutoCleanup(ryukWanted())
    const plan = this.plan()
    this.withEnvironment({ ...plan.env, ...this.environment })
      .withExposedPorts(PROXY_CONTAINER_PORT)
      .withLabels({ ...harnessLabels(), 'mc-login-harness.role': 'proxy' })
      .withCopyContentToContainer(plan.contents)
      .withWaitStrategy(Wait.forLogMessage(PROXY_READY_LINE[this.spec.type]))
      // itzg downloads the proxy jar on first start; the stand-in is ready in about a second when
      // idle, but 30 s ran out once on a loaded 2-core machine running the whole container suite,
      // so it gets the server module's 60 s.
      .withStartupTimeout(this.spec.image === 'itzg' ? 180_000 : 60_000)
      .withLogConsumer((stream) => {
        stream.on('data', (chunk: Buffer | string) => {
          this.logLines.push(...String(chunk).split('\n').filter(Boolean))
          if (this.logLines.length > 200) this.logLines.splice(0, this.logLines.length - 200)
        })
        stream.on('error', () => {})
      })
    if (plan.files.length > 0) this.withCopyFilesToContainer(plan.files)
    if (plan.command) this.withCommand(plan.command)
    const published = await bindPublishedPorts(this.hostConfig)
    let inner: StartedTestContainer
    try {
      inner = await onHarnessHost(await super.start())
    } catch (error) {
      const tail = this.logLines.slice(-20).join('\n')
      const failed = new Error(
        `proxy container${this.created ? ` ${this.created.id.slice(0, 12)}` : ''} did not become ready: ${error instanceof Error ? error.message : String(error)}${tail ? `\n--- last log lines ---\n${tail}` : ''}`,
        { cause: error },
      )
      await this.removeCreated(failed)
      throw failed
    }
    const started = new StartedMinecraftProxyContainer(inner, this.spec.type, published.plan.bindHost)
    this.scope?.use(started)
    if (this.created) this.scope?.release(this.created)
    try {
      await assertPortReachable(published.engine, published.plan, started.getHost(), started.getPort())
    } catch (error) {
      if (!this.scope) await started.stop().catch(() => undefined)
      throw error
    }
    return started
  }

  private async removeCreated(startError: Error): Promise<void> {
    if (!this.created) return
    try {
      await this.created.stop()
      this.scope?.release(this.created)
    } catch (error) {
      // Kept in the scope, whose dispose tries again and reports it; without one, said here.
      if (!this.scope)
        startError.message += `; removing container ${this.created.id.slice(0, 12)} failed too (${error instanceof Error ? error.message : String(error)}): it may be left running`
    }
  }
}

/** The started proxy: where bots connect (the published 25577). */
export class StartedMinecraftProxyContainer extends AbstractStartedContainer {
  constructor(
    inner: StartedTestContainer,
    private readonly type: ProxyType,
    private readonly boundHost: string,
  ) {
    super(inner)
  }

  override getHost(): string {
    return hostFor(this.boundHost, super.getHost())
  }

  getPort(): number {
    return this.startedTestContainer.getMappedPort(PROXY_CONTAINER_PORT)
  }

  getType(): ProxyType {
    return this.type
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- testcontainers' StoppedTestContainer and the scope's Promise<void>
  override stop(options?: Partial<StopOptions>): Promise<any> {
    return super.stop(options)
  }
}
