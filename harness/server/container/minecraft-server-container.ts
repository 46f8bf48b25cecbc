/**
 * A testcontainers module for Minecraft Java servers behind the itzg/minecraft-server environment
 * contract: the real itzg image (users' CI, with a registry) or the harness's local image of the
 * embedded server (built here without one). Both log the vanilla ready line, so one wait strategy
 * serves both.
 *
 *   const server = await new MinecraftServerContainer()          // itzg/minecraft-server
 *     .withType('PAPER').withVersion('1.20.4').withAuth('premium')
 *     .withSessionServer(session.getServerFacingUrl()).withNetwork(network)
 *     .withPlugins(['./build/libs/my-plugin.jar'])
 *     .start()
 *   bot.connect(server.getHost(), server.getPort())
 */
import fs from 'node:fs'
import { AbstractStartedContainer, GenericContainer, type StopOptions, ImageName, Wait, type StartedTestContainer } from 'testcontainers'
import { Readable } from 'node:stream'
import { HarnessInputError } from '../../errors.ts'
import { backendForwardingSchema, guardOptionsSchema, parseInput, platformSchema } from '../../input/index.ts'
import type { BackendForwarding } from '../../input/forwarding.ts'
import type { Platform } from '../../platforms.ts'
import type { AuthMode, GuardOptions, LoginProperties, ServerBuilder, ServerConfig, StartedServer } from '../types.ts'
import {
  ITZG_IMAGE,
  localImage,
  buildContainerPlan,
  configFileTarget,
  containerVersion,
  itzgImageFor,
  javaOfItzgImage,
  platformOf,
  type ContainerServerSpec,
  type ImageKind,
} from './container-config.ts'
import { parseServerType, type ServerType } from './env-contract.ts'
import { explicitLoginProperties, parseServerProperties } from '../../input/server-properties.ts'
import { ownedArchive } from './owned-archive.ts'
import { checkPluginJava, readPluginDescriptor } from './plugin-jar.ts'
import { assertPortReachable, CreatedContainer, enginePublishPlan, harnessLabels, onHarnessHost, ryukWanted } from './resources.ts'
import type { DockerEngine, PublishPlan } from './engine-address.ts'
import type { ResourceScope } from '../../resource-scope.ts'
import { registerThroughGame } from './register-players.ts'
import { cachedPaperJar, savePaperJar } from './paper-cache.ts'

/** The vanilla (and Paper, and local image) ready line: `Done (12.345s)! For help, type "help"`. */
export const READY_LINE = /Done \(/

/** What a start that timed out says: what was awaited, and how to give it longer. */
export function startupHint(what: string, timeoutMs: number): string {
  return `${what} did not log its ready line "Done (" within ${timeoutMs / 1000} s; on a busy machine raise the limit with MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS=<ms> (e.g. ${Math.max(120_000, timeoutMs * 2)}) or withStartupTimeout(ms)`
}
const LOG_LIMIT = 4 * 1024 * 1024
/** Paper logs every plugin's Enabling line before Done; this covers only the log stream's lag behind the wait strategy's. */
const ENABLING_GRACE_MS = 10_000

/**
 * Rebinds every port testcontainers publishes (it binds all interfaces itself) to the engine's
 * publish plan (engine-address.ts): 127.0.0.1 for a local engine, so a CI runner's server (and
 * the mock's admin port) is not reachable from its network; every interface of a remote engine's
 * host, or MC_LOGIN_HARNESS_BIND_HOST, so this machine reaches it.
 */
export async function bindPublishedPorts(hostConfig: {
  PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[]>
}): Promise<{ engine: DockerEngine; plan: PublishPlan }> {
  const published = await enginePublishPlan()
  for (const [port, bindings] of Object.entries(hostConfig.PortBindings ?? {})) {
    hostConfig.PortBindings![port] = (bindings.length > 0 ? bindings : [{ HostPort: '0' }]).map((b) => ({
      ...b,
      HostIp: published.plan.bindHost,
    }))
  }
  return published
}

/** Where bots on this host connect: the bound address when it is loopback ("localhost" may resolve to ::1 first). */
export function hostFor(bound: string, runtimeHost: string): string {
  return bound === '127.0.0.1' && (runtimeHost === 'localhost' || runtimeHost === '127.0.0.1') ? '127.0.0.1' : runtimeHost
}

export class MinecraftServerContainer extends GenericContainer implements ServerBuilder<StartedMinecraftServerContainer> {
  private readonly spec: ContainerServerSpec
  private paperCache?: string
  private readonly log = new LogBuffer()
  private waitSet = false
  private typeSet = false
  private timeoutSet = false
  /** false while the itzg tag is still to be chosen from the version at start(). */
  private imageChosen: boolean

  /**
   * `image` defaults to itzg/minecraft-server with the Java tag for the version (itzgImageFor);
   * pass LOCAL_IMAGE (or call withLocalImage()) for the embedded server, or any image reference.
   */
  constructor(image?: string) {
    super(image ?? ITZG_IMAGE)
    this.imageChosen = image !== undefined && image !== ITZG_IMAGE
    this.spec = { image: kindOf(image ?? ITZG_IMAGE), type: 'VANILLA', auth: 'cracked', version: 'latest' }
  }

  /**
   * The image to run: `itzg`, `local`, or a reference such as `itzg/minecraft-server:java21`
   * (anything under mc-login-harness/ is treated as the local image).
   */
  withImage(image: string): this {
    const ref = image.trim()
    if (ref === 'local') return this.withLocalImage()
    if (ref === 'itzg') {
      this.setImage(ITZG_IMAGE)
      this.imageChosen = false
      return this
    }
    if (!/^[\w.\-/:@]+$/.test(ref))
      throw new HarnessInputError(`withImage: "${image}" is not an image reference (e.g. itzg/minecraft-server:java21), itzg or local`)
    this.setImage(ref)
    this.imageChosen = true
    return this
  }

  private setImage(ref: string): void {
    this.imageName = ImageName.fromString(ref)
    this.createOpts.Image = this.imageName.string
    this.spec.image = kindOf(ref)
  }

  /** Runs the harness's locally built image of the embedded server instead of itzg's. */
  withLocalImage(tag: string = localImage()): this {
    this.setImage(tag)
    this.spec.image = 'local'
    this.imageChosen = true
    return this
  }

  /**
   * Extra files by server-folder path: `{ 'AuthMe/config.yml': './test/authme.yml' }` goes to
   * /plugins/AuthMe/config.yml (itzg syncs it into /data/plugins), `config/...` to /config,
   * a top-level file such as `bukkit.yml` into /data owned by uid 1000.
   */
  withConfigFiles(files: Record<string, string>): this {
    for (const [key, source] of Object.entries(files)) {
      configFileTarget(key)
      if (!fs.existsSync(source)) throw new HarnessInputError(`withConfigFiles: "${key}": no file at ${source}`)
    }
    this.spec.configFiles = { ...this.spec.configFiles, ...files }
    return this
  }

  /** itzg MEMORY (heap), default 1G. */
  withMemory(memory: string): this {
    if (!/^\d+[kKmMgG]?$/.test(memory.trim())) throw new HarnessInputError(`withMemory: "${memory}" is not a heap size such as 1G or 512M`)
    this.spec.memory = memory.trim()
    return this
  }

  withAuth(auth: AuthMode): this {
    if (!['premium', 'cracked', 'guarded'].includes(auth)) {
      throw new HarnessInputError(`withAuth: "${auth}" is not an auth mode; use premium, cracked or guarded`)
    }
    this.spec.auth = auth
    return this
  }

  /** A version such as `1.20.4`, or `latest`. */
  withVersion(version: string): this {
    const v = version.trim()
    if (!/^(latest|LATEST|\d+(\.\d+)+(-[\w.]+)?|\d+w\d+[a-z])$/.test(v)) {
      throw new HarnessInputError(`withVersion: "${version}" is not a Minecraft version (e.g. 1.20.4, 26.1 or latest)`)
    }
    this.spec.version = containerVersion(v)
    return this
  }

  /** itzg's TYPE (VANILLA, PAPER, SPIGOT, PURPUR, FABRIC, ...). The local image logs it and runs its embedded server. */
  withType(type: ServerType | Lowercase<ServerType>): this {
    this.spec.type = parseServerType(type, 'withType')
    this.typeSet = true
    return this
  }

  /**
   * vanilla or paper. Before any withType(), paper picks TYPE PAPER (and vanilla TYPE VANILLA); a
   * TYPE that contradicts the platform is refused at start (buildContainerPlan). Without this
   * call, TYPE PAPER means paper.
   */
  withPlatform(platform: Platform): this {
    this.spec.platform = parseInput(platformSchema, platform, 'withPlatform')
    if (!this.typeSet) this.spec.type = platform === 'paper' ? 'PAPER' : 'VANILLA'
    return this
  }

  /**
   * Plugin jars: `https://...` (PLUGINS), `modrinth:<project>` (MODRINTH_PROJECTS),
   * `spiget:<id>` (SPIGET_RESOURCES) or local paths (copied into /plugins).
   */
  withPlugins(plugins: string[]): this {
    for (const p of plugins) {
      if (!/^(https?:\/\/|modrinth:|spiget:)/.test(p) && !fs.existsSync(p)) {
        throw new HarnessInputError(`withPlugins: "${p}" is not a URL, modrinth:/spiget: reference or an existing file`)
      }
    }
    this.spec.plugins = [...(this.spec.plugins ?? []), ...plugins]
    return this
  }

  /** The login-relevant server.properties, as an object or a path to a server.properties file. */
  withServerProperties(properties: Partial<LoginProperties> | string): this {
    if (typeof properties === 'string') {
      if (!fs.existsSync(properties)) throw new HarnessInputError(`withServerProperties: no file at ${properties}`)
      // Through env, never by copying the file over /data/server.properties: itzg rewrites that
      // file as uid 1000, and a copied one is root's (EACCES). Login keys go to itzg's named
      // variables, the rest to CUSTOM_SERVER_PROPERTIES.
      // Read by the one server.properties reader, so the file means what it means embedded.
      const parsed = parseServerProperties(fs.readFileSync(properties, 'utf8'), properties)
      this.spec.properties = { ...this.spec.properties, ...explicitLoginProperties(parsed) }
      this.spec.customProperties = { ...this.spec.customProperties, ...parsed.others }
    } else {
      this.spec.properties = { ...this.spec.properties, ...properties }
    }
    return this
  }

  /** The mock session server's URL as the server container reaches it (SessionServerControl.getServerFacingUrl()). */
  withSessionServer(url: string): this {
    this.spec.sessionServer = url
    return this
  }

  withWhitelist(names: string[]): this {
    this.spec.whitelist = [...names]
    return this
  }

  /**
   * The password guard: the local image's built-in AuthMe-style guard, or AuthMe itself on itzg
   * (also call withPlugins). Like the embedded server's, it implies nothing about auth: use
   * withAuth('guarded'). Checked at the call with the scenario loader's rules.
   */
  withGuard(guard: GuardOptions): this {
    this.spec.guard = parseInput(guardOptionsSchema, guard, 'guard')
    return this
  }

  /**
   * Host path of authlib-injector.jar (https://github.com/yushijinhun/authlib-injector/releases),
   * mounted and loaded with -javaagent: the only way to redirect servers of 1.15 and older.
   */
  withAuthlibInjector(jarPath: string): this {
    if (!fs.existsSync(jarPath))
      throw new HarnessInputError(`withAuthlibInjector: no file at ${jarPath}; download authlib-injector.jar in your CI first`)
    this.spec.authlibInjectorJar = jarPath
    return this
  }

  /**
   * A folder of Paper server jars kept across runs (a CI cache): a PAPER server of a concrete
   * version runs `<dir>/paper-<version>.jar` when it is there (itzg's PAPER_CUSTOM_JAR: no
   * download), and otherwise saves the jar it downloaded there once it is ready (paper-cache.ts).
   */
  withPaperCache(dir: string): this {
    this.paperCache = dir
    return this
  }

  /**
   * How the server checks proxy forwarding, written into its own files as a host would
   * (container-config.ts): `bungeecord` into spigot.yml, `velocity` into config/paper-global.yml,
   * `bungeeGuard` into plugins/BungeeGuard/config.yml (on itzg also pass the BungeeGuard jar to
   * withPlugins). Paper only (withPlatform('paper')).
   */
  withForwarding(forwarding: BackendForwarding): this {
    this.spec.forwarding = parseInput(backendForwardingSchema, forwarding, 'withForwarding')
    return this
  }

  /** Bukkit's connection throttle in ms (default -1: off, since bots arrive from Docker's gateway). */
  withConnectionThrottle(ms: number): this {
    this.spec.connectionThrottleMs = ms
    return this
  }

  /**
   * Everything of a backend-neutral ServerConfig at once (what the scenario runner hands every
   * backend). host/port are ignored: the container maps its port to a free host port.
   */
  withConfig(config: ServerConfig): this {
    this.withAuth(config.auth).withVersion(config.version)
    if (config.platform !== undefined) this.withPlatform(config.platform)
    if (config.connectionThrottleMs !== undefined) this.withConnectionThrottle(config.connectionThrottleMs)
    if (config.sessionServer !== undefined) this.withSessionServer(config.sessionServer)
    if (config.properties) this.withServerProperties(config.properties)
    if (config.whitelist) this.withWhitelist(config.whitelist)
    if (config.guard) this.withGuard(config.guard)
    if (config.bannedNames) this.spec.bannedNames = [...config.bannedNames]
    if (config.bannedIps) this.spec.bannedIps = [...config.bannedIps]
    if (config.loginDeadlineMs !== undefined) this.spec.loginDeadlineMs = config.loginDeadlineMs
    if (config.hasJoinedTimeoutMs !== undefined) this.spec.hasJoinedTimeoutMs = config.hasJoinedTimeoutMs
    // A server folder's list files (check --dir) are matched by UUID in the embedded server; this
    // module cannot ship them yet, and a check that silently ran without them would report a
    // whitelist or ban that is not there.
    const lists = Object.entries(config.lists ?? {})
      .filter(([, entries]) => (entries?.length ?? 0) > 0)
      .map(([kind]) => kind)
    if (lists.length > 0) {
      throw new HarnessInputError(
        `the container backend cannot load a server's list files yet (${lists.join(', ')}); run this check with --backend embedded, or use whitelist names (withWhitelist) instead`,
      )
    }
    // The cookie hook is a plugin of the embedded server: the local image gets it (HARNESS_COOKIES),
    // the itzg image refuses it when the plan is built.
    if (config.cookies) this.spec.cookies = config.cookies
    if (config.forwarding) this.withForwarding(config.forwarding)
    return this
  }

  override withWaitStrategy(waitStrategy: Parameters<GenericContainer['withWaitStrategy']>[0]): this {
    this.waitSet = true
    return super.withWaitStrategy(waitStrategy)
  }

  override withStartupTimeout(startupTimeoutMs: number): this {
    this.timeoutSet = true
    return super.withStartupTimeout(startupTimeoutMs)
  }

  /** The resolved plan (env and files); exposed for tests and for printing a config. */
  plan() {
    return buildContainerPlan(this.spec)
  }

  private scope?: ResourceScope
  private created?: CreatedContainer

  /**
   * Registers the container in `scope` from its creation on (Ctrl-C while it starts, or while a
   * plugin is awaited, removes it) and the started handle after: the scope stops it. Without one,
   * whoever called start() stops it.
   */
  withScope(scope: ResourceScope): this {
    this.scope = scope
    return this
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    this.created = new CreatedContainer(containerId)
    this.scope?.use(this.created)
  }

  /**
   * After a failed start: the created container goes, and with it its place in the scope. Should
   * the removal fail, it stays in the scope, whose dispose tries again and reports it as left
   * running; without a scope the failure is added to the start's error (`startError`).
   */
  private async removeCreated(startError?: unknown): Promise<void> {
    if (!this.created) return
    try {
      await this.created.stop()
      this.scope?.release(this.created)
    } catch (error) {
      if (!this.scope && startError instanceof Error)
        startError.message += `; removing container ${this.created.id.slice(0, 12)} failed too (${error instanceof Error ? error.message : String(error)}): it may be left running`
    }
  }

  /**
   * Each local plugin jar's main class against the Java of the image that runs it: itzg's tag for
   * the version (or the image chosen, when its Java is known); on the local stand-in, the itzg
   * image the same version would get, so a jar that real Paper would refuse is refused here too.
   */
  private checkPluginJava(): void {
    const image = this.spec.image === 'itzg' ? this.imageName.string : itzgImageFor(this.spec.version)
    const java = javaOfItzgImage(image)
    if (java === undefined) return
    for (const jar of (this.spec.plugins ?? []).filter((p) => p.endsWith('.jar') && !/^https?:/.test(p)))
      checkPluginJava(jar, image, java, this.spec.version)
  }

  /** The names of the plugins (local jars) whose "Enabling <Name>" line readiness waits for. */
  pluginNames(): string[] {
    return (this.spec.plugins ?? []).filter((p) => p.endsWith('.jar') && !/^https?:/.test(p)).map((p) => readPluginDescriptor(p).name)
  }

  override async start(): Promise<StartedMinecraftServerContainer> {
    this.withAutoCleanup(ryukWanted())
    const paperCache = this.paperCache !== undefined && this.spec.type === 'PAPER' ? this.paperCache : undefined
    if (paperCache) this.spec.paperJar = cachedPaperJar(paperCache, this.spec.version)
    const plan = this.plan()
    const plugins = this.pluginNames()
    if (!this.imageChosen && this.spec.image === 'itzg') this.setImage(itzgImageFor(this.spec.version))
    this.checkPluginJava()
    // Variables set directly with withEnvironment() win over the plan: the escape hatch.
    this.withEnvironment({ ...plan.env, ...this.environment })
      .withExposedPorts(plan.containerPort)
      .withLabels({ ...harnessLabels(), 'mc-login-harness.role': 'server' })
      .withLogConsumer((stream) => this.log.consume(stream))
    const published = await bindPublishedPorts(this.hostConfig)
    if (plan.files.length > 0) this.withCopyFilesToContainer(plan.files)
    if (plan.contents.length > 0) this.withCopyContentToContainer(plan.contents)
    if (plan.owned.length > 0) {
      const tar = ownedArchive(
        plan.owned.map((f) => ({
          target: f.target,
          data: f.source !== undefined ? fs.readFileSync(f.source) : Buffer.from(f.content ?? ''),
        })),
      )
      this.withCopyArchivesToContainer([{ tar: Readable.from([tar]), target: '/' }])
    }
    if (!this.waitSet) super.withWaitStrategy(Wait.forLogMessage(READY_LINE))
    // itzg downloads the server (and plugins) on first start; the local image is ready in ~1 s.
    const startupTimeoutMs = this.startupTimeoutMs ?? (this.spec.image === 'itzg' ? 300_000 : 60_000)
    if (!this.timeoutSet) super.withStartupTimeout(startupTimeoutMs)

    let inner: StartedTestContainer
    try {
      inner = await onHarnessHost(await super.start())
    } catch (error) {
      const id = this.created?.id
      const tail = this.log.text().split('\n').slice(-20).join('\n')
      const message = error instanceof Error ? error.message : String(error)
      // A ready line that never came within the limit says how to give it longer.
      const reason = /not received after/.test(message) && !this.waitSet ? `${startupHint('it', startupTimeoutMs)} (${message})` : message
      const failed = new Error(
        `Minecraft server container${id ? ` ${id.slice(0, 12)}` : ''} did not become ready: ${reason}${tail ? `\n--- last log lines ---\n${tail}` : ''}`,
        { cause: error },
      )
      await this.removeCreated(failed)
      throw failed
    }
    const started = new StartedMinecraftServerContainer(inner, this.spec, this.log, plan.containerPort, published.plan.bindHost)
    try {
      await assertPortReachable(published.engine, published.plan, started.getHost(), started.getPort())
    } catch (error) {
      // A stop that fails here is not the end of it: the removal by id that follows is.
      await started.stop().catch(() => undefined)
      await this.removeCreated(error)
      throw error
    }
    // Paper prints Done even when a plugin failed to load or enable: the plugin under test is
    // ready only once its own "Enabling <Name> v..." line is there (logged before Done).
    for (const name of plugins) {
      try {
        await this.log.waitFor(new RegExp(`Enabling ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} v`), ENABLING_GRACE_MS)
      } catch {
        const tail = this.log.text().split('\n').slice(-30).join('\n')
        const error = new Error(
          `Minecraft server container ${inner.getId().slice(0, 12)} is up but plugin ${name} never logged "Enabling ${name}" (it failed to load or enable)\n--- last log lines ---\n${tail}`,
        )
        // A stop that fails here is not the end of it: the removal by id that follows is.
        await started.stop().catch(() => undefined)
        await this.removeCreated(error)
        throw error
      }
    }
    // Pre-registered guard players: registered through the game before anyone else joins.
    if (plan.registerInGame) {
      try {
        await registerThroughGame(started, plan.registerInGame)
      } catch (error) {
        // A stop that fails here is not the end of it: the removal by id that follows is.
        await started.stop().catch(() => undefined)
        await this.removeCreated(error)
        throw error
      }
    }
    // A Paper jar this container downloaded goes to the cache for the next run. A failure here
    // costs only that download next time, so it warns instead of failing the start.
    if (paperCache && !this.spec.paperJar) {
      await savePaperJar(inner, paperCache, this.spec.version).catch((error: unknown) => {
        process.emitWarning(`Paper cache ${paperCache}: could not save the server jar of ${this.spec.version}: ${(error as Error).message}`)
      })
    }
    // The started handle owns removal now (the created one held its place while plugins were awaited).
    this.scope?.use(started)
    if (this.created) this.scope?.release(this.created)
    return started
  }
}

function kindOf(image: string): ImageKind {
  return image.startsWith('mc-login-harness/') ? 'local' : 'itzg'
}

/** Keeps the container's output (stdout + stderr) so far, capped. */
class LogBuffer {
  private chunks: string[] = []
  private size = 0
  private readonly waiters = new Set<() => void>()

  consume(stream: Readable): void {
    stream.on('data', (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
      this.chunks.push(text)
      this.size += text.length
      while (this.size > LOG_LIMIT && this.chunks.length > 1) this.size -= this.chunks.shift()!.length
      for (const wake of this.waiters) wake()
    })
    stream.on('error', () => {})
  }

  /** Resolves with the first match of `pattern` in the log, now or later; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.text().match(pattern)
        if (!match) return
        cleanup()
        resolve(match)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(
          new Error(
            `no log line matching ${pattern} within ${timeoutMs} ms; last lines:\n${this.text().split('\n').slice(-10).join('\n')}`,
          ),
        )
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.waiters.delete(check)
      }
      this.waiters.add(check)
      check()
    })
  }

  /** Resolves once `done(log text)` holds, now or after a later line; rejects after `timeoutMs`. */
  waitUntil(done: (text: string) => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.text())) return
        cleanup()
        resolve()
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`${what} within ${timeoutMs} ms; last lines:\n${this.text().split('\n').slice(-10).join('\n')}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.waiters.delete(check)
      }
      this.waiters.add(check)
      check()
    })
  }

  text(): string {
    return this.chunks.join('')
  }
}

/**
 * The started server: a testcontainers started container that also fulfils StartedServer, so the
 * runner treats it like the embedded server. testcontainers' `logs()` stays the raw stream;
 * `getServerLog()` is the text so far.
 */
export class StartedMinecraftServerContainer extends AbstractStartedContainer implements StartedServer {
  constructor(
    inner: StartedTestContainer,
    private readonly spec: ContainerServerSpec,
    private readonly log: LogBuffer,
    private readonly containerPort: number,
    private readonly boundHost: string = '127.0.0.1',
  ) {
    super(inner)
  }

  /** Where bots on this host connect (127.0.0.1 when the port is bound there). */
  override getHost(): string {
    return hostFor(this.boundHost, super.getHost())
  }

  /** The host port mapped to the server's port: what bots on this host connect to. */
  getPort(): number {
    return this.startedTestContainer.getMappedPort(this.containerPort)
  }

  /** The port the server listens on inside the container: what a proxy on the same network connects to. */
  getContainerPort(): number {
    return this.containerPort
  }

  /** The version the server runs (`latest` is the newest version the bots speak: containerVersion). */
  getVersion(): string {
    return containerVersion(this.spec.version)
  }

  getAuth(): AuthMode {
    return this.spec.auth
  }

  getType(): ServerType {
    return this.spec.type
  }

  getPlatform(): Platform {
    return platformOf(this.spec)
  }

  /**
   * 1.20.5+: vanilla's console command `transfer <host> <port> <player>`, through the local image's
   * console (console.ts, with `docker exec`). The itzg image would take it through
   * `mc-send-to-console` with CREATE_CONSOLE_IN_PIPE=true, which this module does not set up yet.
   */
  async transfer(name: string, host: string, port: number): Promise<void> {
    if (this.spec.image !== 'local')
      throw new Error('transfer: only the local image has a console the harness can reach yet; use the local image or --backend embedded')
    const result = await this.exec([
      '/usr/local/bin/node',
      '--no-deprecation',
      '/app/entrypoint.mjs',
      'console',
      'transfer',
      host,
      String(port),
      name,
    ])
    if (result.exitCode !== 0) throw new Error(`transfer: the server's console answered: ${result.output.trim().split('\n')[0]}`)
  }

  /** The server's console output so far (stdout and stderr). */
  getServerLog(): string {
    return this.log.text()
  }

  /** Waits for a console line (log lines arrive a little after the event that caused them). */
  waitForServerLog(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    return this.log.waitFor(pattern, timeoutMs)
  }

  /**
   * The server's own leave, read from its console: as many "<name> left the game" lines as
   * "<name>[/address] logged in" lines (vanilla, Paper and the stand-in image all write both).
   */
  waitForLeave(name: string, timeoutMs: number): Promise<void> {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const joins = new RegExp(`\\b${escaped}\\[/[^\\]]*\\] logged in`, 'gi')
    const leaves = new RegExp(`\\b${escaped} left the game`, 'gi')
    const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0
    return this.log.waitUntil(
      (text) => count(text, leaves) >= count(text, joins),
      timeoutMs,
      `no "${name} left the game" after their last login`,
    )
  }

  /**
   * Stops and removes the container. Typed `Promise<any>` because it must satisfy both
   * testcontainers (resolves to a StoppedTestContainer) and StartedServer (resolves to nothing).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one signature for two contracts (above)
  override stop(options?: Partial<StopOptions>): Promise<any> {
    return super.stop(options)
  }
}
