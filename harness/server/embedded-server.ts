import { EventEmitter } from 'node:events'
import { HarnessInputError } from '../errors.ts'
import {
  backendForwardingSchema,
  guardOptionsSchema,
  parseInput,
  partialLoginPropertiesSchema,
  platformSchema,
  serverCookiesSchema,
  type ServerCookies,
} from '../input/index.ts'
import { DEFAULT_PLATFORM, type Platform } from '../platforms.ts'
import { resolveVersion } from '../versions.ts'
import { createGuard } from './guard/index.ts'
import { appendReason, reasonComponent, reasonJson, reasonText, vanillaReason, type KickReason } from './kick.ts'
import { ServerListsState } from './lists.ts'
import { attachLogin, clientIp, type LoginEvent, type LoginHost } from './login.ts'
import { fetchServicesKeys, NO_SERVICES_KEYS, type ServicesKeys } from './services-keys.ts'
import { readPaperFiles, type PaperFiles, type PaperSettings } from './paper/config-files.ts'
import { isProxyOnlineMode, paperRules } from './paper/rules.ts'
import { vanillaRules, type PlatformRules } from './platform-rules.ts'
import { keepalivePlugin, newNmpServer, states, type McClient, type McServer } from './nmp.ts'
import { useBoundedSplitter } from './frame-splitter.ts'
import { attachHandshake, FIRST_TRANSFER_PROTOCOL } from './handshake.ts'
import { CookieRequests } from './cookie-requests.ts'
import { createCookiePlugin } from './cookie-plugin.ts'
import { ForwardingCheck, paperForwarding } from './forwarding-check.ts'
import type { BackendForwarding } from '../input/forwarding.ts'
import { EmbeddedPlayer } from './player.ts'
import { SecureChat } from './secure-chat.ts'
import { attachStatusPing, DEFAULT_MOTD, type StatusSource } from './status-ping.ts'
import type { LoginCandidate, Player, PluginServer, ServerPlugin, VanillaLoginResult } from './plugin.ts'
import type {
  AuthMode,
  GuardOptions,
  LoginProperties,
  ProfileEntry,
  ServerBuilder,
  ServerConfig,
  ServerLists,
  StartedServer,
} from './types.ts'
import { versionData, type VersionData } from './version-data.ts'
import { DEFAULT_HAS_JOINED_TIMEOUT_MS } from '../input/server-config.ts'

export const DEFAULT_LOGIN_DEADLINE_MS = 30_000
const PROTOCOL_1_19_1 = 760
/** Vanilla's default ban reason; vanilla always sends `banned.reason` with it. */
export const DEFAULT_BAN_REASON = 'Banned by an operator.'

/**
 * The login-relevant defaults of the embedded server: vanilla's, `enforce-secure-profile=true`
 * included (1.19.1+'s default). The server trusts the profile keys its session server publishes
 * (`/publickeys`, services-keys.ts), so the mock's accounts pass it as Mojang's players pass a
 * real server.
 */
export function defaultLoginProperties(auth: AuthMode): LoginProperties {
  return {
    onlineMode: auth === 'premium',
    whiteList: false,
    enforceWhitelist: false,
    maxPlayers: 20,
    preventProxyConnections: false,
    enforceSecureProfile: true,
    acceptsTransfers: false,
    serverPort: 25565,
  }
}

/** What the server reports while it runs (tests and the CLI listen to it). */
export interface ServerEvents {
  join: [{ name: string; uuid: string; ip: string }]
  leave: [{ name: string; uuid: string }]
  kick: [{ name: string | undefined; state: string; reason: KickReason; text: string }]
  login: [LoginEvent]
}

/**
 * A Minecraft server in this process on a loopback port, no world, no disk: it does the login
 * exactly as vanilla of the chosen version (and authlib) would, then spawns the player in an
 * empty world. Built on minecraft-protocol's `Server` with an own login state machine; see
 * login.ts for why not minecraft-protocol's.
 */
export class EmbeddedMinecraftServer implements ServerBuilder<StartedEmbeddedServer> {
  private auth: AuthMode = 'cracked'
  private version = 'latest'
  private platform: Platform = DEFAULT_PLATFORM
  private host = '127.0.0.1'
  private port = 0
  private sessionServer: string | undefined
  private properties: Partial<LoginProperties> = {}
  private whitelist: string[] = []
  private bannedNames: string[] = []
  private bannedIps: string[] = []
  private lists: ServerLists = {}
  private guard: GuardOptions | undefined
  private loginDeadlineMs = DEFAULT_LOGIN_DEADLINE_MS
  private hasJoinedTimeoutMs = DEFAULT_HAS_JOINED_TIMEOUT_MS
  private motd = DEFAULT_MOTD
  private plugins: ServerPlugin[] = []
  private cookies: ServerCookies | undefined
  private forwarding: BackendForwarding | undefined
  private paperFiles: PaperFiles = {}
  private connectionThrottleMs: number | undefined
  private clock: () => number = Date.now

  static fromConfig(config: ServerConfig): EmbeddedMinecraftServer {
    return new EmbeddedMinecraftServer().withConfig(config)
  }

  /** Every field of a ServerConfig at once, each through its own withX() (so with its checks). */
  withConfig(config: ServerConfig): this {
    const server = this.withAuth(config.auth).withVersion(config.version)
    if (config.platform !== undefined) server.withPlatform(config.platform)
    if (config.host !== undefined) server.withHost(config.host)
    if (config.port !== undefined) server.withPort(config.port)
    if (config.sessionServer !== undefined) server.withSessionServer(config.sessionServer)
    if (config.properties) server.withProperties(config.properties)
    if (config.whitelist) server.withWhitelist(config.whitelist)
    if (config.bannedNames) server.withBannedNames(config.bannedNames)
    if (config.bannedIps) server.withBannedIps(config.bannedIps)
    if (config.lists) server.withLists(config.lists)
    if (config.guard) server.withGuard(config.guard)
    if (config.loginDeadlineMs !== undefined) server.withLoginDeadlineMs(config.loginDeadlineMs)
    if (config.hasJoinedTimeoutMs !== undefined) server.withHasJoinedTimeoutMs(config.hasJoinedTimeoutMs)
    if (config.motd !== undefined) server.withMotd(config.motd)
    if (config.forwarding !== undefined) server.withForwarding(config.forwarding)
    if (config.paperFiles !== undefined) server.withPaperFiles(config.paperFiles)
    if (config.connectionThrottleMs !== undefined) server.withConnectionThrottle(config.connectionThrottleMs)
    if (config.cookies !== undefined) server.withCookies(config.cookies)
    return server
  }

  withAuth(auth: AuthMode): this {
    if (!['premium', 'cracked', 'guarded'].includes(auth)) {
      throw new HarnessInputError(`auth: "${auth}" is not an auth mode; use premium, cracked or guarded`)
    }
    this.auth = auth
    return this
  }

  withVersion(version: string): this {
    this.version = version
    return this
  }

  /** vanilla (the default) or paper: Paper's throttle, texts, name rule and check order (paper/). */
  withPlatform(platform: Platform): this {
    this.platform = parseInput(platformSchema, platform, 'platform')
    return this
  }

  withHost(host: string): this {
    this.host = host
    return this
  }

  withPort(port: number): this {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new HarnessInputError(`port: ${port} is not a TCP port; use 0 (any free port) to 65535`)
    }
    this.port = port
    return this
  }

  /** Base URL of the session server; `/session/minecraft/hasJoined` is appended. */
  withSessionServer(baseUrl: string): this {
    try {
      new URL(baseUrl)
    } catch {
      throw new HarnessInputError(`session server: "${baseUrl}" is not a URL; use e.g. http://127.0.0.1:8080`)
    }
    this.sessionServer = baseUrl
    return this
  }

  withProperties(properties: Partial<LoginProperties>): this {
    this.properties = { ...this.properties, ...parseInput(partialLoginPropertiesSchema, properties, 'properties') }
    return this
  }

  withWhitelist(names: string[]): this {
    this.whitelist = [...names]
    return this
  }

  withBannedNames(names: string[]): this {
    this.bannedNames = [...names]
    return this
  }

  withBannedIps(ips: string[]): this {
    this.bannedIps = [...ips]
    return this
  }

  /** whitelist.json, ops.json, banned-players.json, banned-ips.json entries: matched by UUID (and IP) like vanilla. */
  withLists(lists: ServerLists): this {
    this.lists = ServerListsState.validate(lists)
    return this
  }

  /** Implies nothing about auth: `withAuth('guarded')` adds an AuthMe guard by default. */
  withGuard(guard: GuardOptions): this {
    this.guard = parseInput(guardOptionsSchema, guard, 'guard')
    return this
  }

  /**
   * 1.20.5+: a plugin-style cookie hook (input/cookies.ts): cookies stored on join, one asked for
   * during login and required to hold a value. Runs after the guard and before withPlugin()'s plugins.
   */
  withCookies(cookies: ServerCookies): this {
    this.cookies = parseInput(serverCookiesSchema, cookies, 'cookies')
    return this
  }

  /** An additional plugin (runs after the guard). */
  withPlugin(plugin: ServerPlugin): this {
    this.plugins.push(plugin)
    return this
  }

  withLoginDeadlineMs(ms: number): this {
    this.loginDeadlineMs = positive(ms, 'login deadline (ms)')
    return this
  }

  withHasJoinedTimeoutMs(ms: number): this {
    this.hasJoinedTimeoutMs = positive(ms, 'hasJoined timeout (ms)')
    return this
  }

  /** The status ping's description (server.properties `motd`; vanilla's default "A Minecraft Server"). */
  withMotd(motd: string): this {
    this.motd = motd
    return this
  }

  /**
   * Paper only: the texts of a server's bukkit.yml, spigot.yml and config/paper-global.yml (an
   * absent one: Paper's defaults). Read at start() (paper/config-files.ts).
   */
  withPaperFiles(files: PaperFiles): this {
    this.paperFiles = { ...files }
    return this
  }

  /** Paper only: bukkit.yml's settings.connection-throttle in ms, over the file's (0 or -1: off). */
  withConnectionThrottle(ms: number): this {
    if (!Number.isInteger(ms) || ms < -1)
      throw new HarnessInputError(`connection throttle: ${ms} must be a whole number of milliseconds, or -1 (off)`)
    this.connectionThrottleMs = ms
    return this
  }

  /** Epoch milliseconds for time-based rules (Paper's throttle); tests pass a clock they move. */
  withClock(now: () => number): this {
    this.clock = now
    return this
  }

  /**
   * Proxy forwarding as a Paper backend checks it: `velocity` is paper-global.yml
   * `proxies.velocity`, `bungeecord` spigot.yml `settings.bungeecord`, `bungeeGuard` the
   * BungeeGuard plugin's allowed tokens (server/forwarding-check.ts).
   */
  withForwarding(forwarding: BackendForwarding): this {
    this.forwarding = parseInput(backendForwardingSchema, forwarding, 'forwarding')
    return this
  }

  async start(): Promise<StartedEmbeddedServer> {
    if (this.forwarding && this.platform !== 'paper') {
      throw new HarnessInputError(
        `forwarding: vanilla servers have no proxy forwarding (spigot.yml bungeecord, Paper's proxies.velocity); set platform 'paper' (withPlatform('paper')) or leave forwarding out`,
      )
    }
    const version = resolveVersion(this.version)
    const data = versionData(version)
    const properties: LoginProperties = { ...defaultLoginProperties(this.auth), ...this.properties }
    // 1.19.0 shipped enforce-secure-profile=false; 1.19.1 made it true (properties.ts keeps the same rule for files).
    if (this.properties.enforceSecureProfile === undefined && data.protocolVersion < PROTOCOL_1_19_1)
      properties.enforceSecureProfile = false
    // The auth mode decides online mode; a properties file cannot turn a premium server cracked.
    properties.onlineMode = this.auth === 'premium'
    if (properties.onlineMode && !this.sessionServer) {
      throw new HarnessInputError(
        "a premium (online-mode) server needs a session server: call withSessionServer(url) with the mock's URL (MockSessionServer#getUrl())",
      )
    }
    let paper: PaperSettings | undefined
    let forwarding = this.forwarding
    if (this.platform === 'paper') {
      paper = readPaperFiles(this.paperFiles)
      if (this.connectionThrottleMs !== undefined) paper.connectionThrottleMs = this.connectionThrottleMs
      forwarding = paperForwarding(paper, this.forwarding)
    } else if (Object.keys(this.paperFiles).length > 0 || (this.connectionThrottleMs ?? 0) > 0) {
      // An "off" throttle (the harness's test set-up) is what vanilla has anyway.
      throw new HarnessInputError(
        'Paper settings (bukkit.yml, spigot.yml, paper-global.yml, a connection throttle) on a vanilla server: vanilla reads none of them; add withPlatform("paper") (platform: paper) or leave them out',
      )
    }
    const plugins: ServerPlugin[] = []
    if (this.auth === 'guarded' || this.guard) plugins.push(await createGuard(this.guard ?? { kind: 'authme' }))
    if (this.cookies) {
      if (data.protocolVersion < FIRST_TRANSFER_PROTOCOL)
        throw new HarnessInputError(
          `cookies: ${data.version} has no cookies (they came with 1.20.5); leave the cookies block out for this version or give the scenario versionRange { from: '1.20.5' }`,
        )
      plugins.push(createCookiePlugin(this.cookies))
    }
    plugins.push(...this.plugins)
    // authlib fetches the services' public keys once at start; so does this server (any mode: an
    // offline server still checks a key a client presents).
    const servicesKeys = this.sessionServer ? await fetchServicesKeys(this.sessionServer) : NO_SERVICES_KEYS
    const started = new StartedEmbeddedServer({
      servicesKeys,
      auth: this.auth,
      platform: this.platform,
      data,
      properties,
      host: this.host,
      sessionServer: this.sessionServer,
      whitelist: this.whitelist,
      bannedNames: this.bannedNames,
      bannedIps: this.bannedIps,
      lists: this.lists,
      loginDeadlineMs: this.loginDeadlineMs,
      hasJoinedTimeoutMs: this.hasJoinedTimeoutMs,
      motd: this.motd,
      plugins,
      forwarding,
      paper,
      clock: this.clock,
    })
    await started.listen(this.port)
    return started
  }
}

function positive(ms: number, what: string): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new HarnessInputError(`${what}: ${ms} must be a positive number of milliseconds`)
  return ms
}

interface Settings {
  auth: AuthMode
  servicesKeys: ServicesKeys
  platform: Platform
  data: VersionData
  properties: LoginProperties
  host: string
  sessionServer: string | undefined
  whitelist: string[]
  bannedNames: string[]
  bannedIps: string[]
  lists: ServerLists
  loginDeadlineMs: number
  hasJoinedTimeoutMs: number
  motd: string
  plugins: ServerPlugin[]
  forwarding: BackendForwarding | undefined
  /** The Paper profile's settings (platform paper only). */
  paper: PaperSettings | undefined
  clock: () => number
}

interface Session extends LoginCandidate {
  client: McClient
  player?: EmbeddedPlayer
}

export class StartedEmbeddedServer implements StartedServer {
  readonly events = new EventEmitter<ServerEvents>()
  private readonly server: McServer
  private readonly data: VersionData
  private readonly whitelist: Set<string>
  private readonly bannedNames: Set<string>
  private readonly bannedIps: Set<string>
  private readonly lists: ServerListsState
  /** Logged-in connections (from login success on), by client id. */
  private readonly sessions = new Map<number, Session>()
  private readonly pluginServer: PluginServer
  private readonly loginHost: LoginHost
  private readonly stopSignal = new AbortController()
  private readonly kicked = new WeakSet<McClient>()
  /** Each 1.20.5+ connection's open cookie requests (cookie-requests.ts). */
  private readonly cookieRequests = new WeakMap<McClient, CookieRequests>()
  /** waitForLeave's checks, run whenever a connection's session ends. */
  private readonly sessionEnded = new Set<() => void>()
  private readonly status: StatusSource
  private readonly forwarding: ForwardingCheck | undefined
  private readonly rules: PlatformRules
  private port = 0
  private stopping: Promise<void> | undefined
  /**
   * Vanilla's DedicatedServer.enforceSecureProfile() (decompiled 1.19.3+, Mojang mappings):
   * `enforce-secure-profile && online-mode && services.canValidateProfileKeys()` (1.19-1.19.2:
   * the first two). Paper replaces online-mode with `GlobalConfiguration.proxies.isProxyOnlineMode()`
   * (its DedicatedServer patch, "Add setting for proxy online mode status"): online mode, or a
   * BungeeCord/Velocity set-up in online mode. One value for the login check, the chat check and
   * the status ping's `enforcesSecureChat`.
   */
  readonly enforcesSecureProfile: boolean

  constructor(private readonly settings: Settings) {
    // Before 1.19.3 authlib's key was bundled, so it never lacked one; from 1.19.3 it is fetched.
    const canValidateProfileKeys =
      !settings.data.supportFeature('useChatSessions') || settings.servicesKeys.playerCertificateKeys.length > 0
    const online = settings.paper ? isProxyOnlineMode(settings.paper, settings.properties.onlineMode) : settings.properties.onlineMode
    this.enforcesSecureProfile = settings.properties.enforceSecureProfile && online && canValidateProfileKeys
    this.data = settings.data
    this.whitelist = new Set(settings.whitelist.map((n) => n.toLowerCase()))
    this.bannedNames = new Set(settings.bannedNames.map((n) => n.toLowerCase()))
    this.bannedIps = new Set(settings.bannedIps)
    this.lists = new ServerListsState(settings.lists)
    this.rules = settings.paper
      ? paperRules({ data: this.data, settings: settings.paper, onlineMode: settings.properties.onlineMode, now: settings.clock })
      : vanillaRules(this.data)
    const version = this.data.version
    this.server = newNmpServer(version, undefined, true)
    this.server.mcversion = { version: this.data.protocolVersion, minecraftVersion: version }
    this.server.motd = settings.motd
    this.server.maxPlayers = settings.properties.maxPlayers
    this.server.playerCount = 0
    this.pluginServer = { version, onlinePlayers: () => this.players(), isOp: (uuid) => this.lists.isOp(uuid) }
    this.status = {
      version,
      protocolVersion: this.data.protocolVersion,
      motd: settings.motd,
      maxPlayers: settings.properties.maxPlayers,
      online: () => [...this.sessions.values()].filter((s) => s.player?.online),
      enforcesSecureChat: this.enforcesSecureProfile,
    }
    // Every Paper server runs Spigot's handshake rule (bungeecord false: forwarded data refused);
    // vanilla has none.
    this.forwarding =
      settings.platform === 'paper'
        ? new ForwardingCheck(settings.forwarding ?? {}, this.data, (client, reason) => this.kick(client, reason))
        : undefined
    this.loginHost = {
      data: this.data,
      rules: this.rules,
      properties: settings.properties,
      sessionServer: settings.sessionServer,
      servicesKeys: settings.servicesKeys,
      enforcesSecureProfile: this.enforcesSecureProfile,
      hasJoinedTimeoutMs: settings.hasJoinedTimeoutMs,
      loginDeadlineMs: settings.loginDeadlineMs,
      signal: this.stopSignal.signal,
      admit: (candidate, client) => this.admit(candidate, client),
      joined: (client, candidate) => this.joined(client, candidate),
      loginCookies: (client, candidate) => this.loginCookies(client, candidate),
      kick: (client, reason) => this.kick(client, reason),
      isKicked: (client) => this.kicked.has(client),
      log: (event) => this.events.emit('login', event),
      forwarding: this.forwarding,
    }
    this.server.on('connection', (client: McClient) => this.onConnection(client))
  }

  /** @internal */
  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        this.server.off('listening', onListening)
        if (error.code === 'EADDRINUSE') {
          reject(
            new HarnessInputError(
              `port ${port} on ${this.settings.host} is already in use; pass another port to withPort(), or 0 for any free one`,
              { option: 'port' },
            ),
          )
        } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
          reject(new HarnessInputError(`host ${this.settings.host} is not an address of this machine; use 127.0.0.1`))
        } else reject(error)
      }
      const onListening = () => {
        this.server.off('error', onError)
        resolve()
      }
      this.server.once('error', onError)
      this.server.once('listening', onListening)
      this.server.listen(port, this.settings.host)
    })
    // Later listener errors (none expected on a bound socket) must not crash the process.
    this.server.on('error', (error: Error) =>
      this.events.emit('login', { type: 'protocol_error', name: undefined, detail: `listener: ${error.message}` }),
    )
    const address = this.server.socketServer.address()
    this.port = typeof address === 'object' && address ? address.port : port
  }

  getHost(): string {
    return this.settings.host
  }

  getPort(): number {
    return this.port
  }

  getVersion(): string {
    return this.data.version
  }

  getAuth(): AuthMode {
    return this.settings.auth
  }

  getPlatform(): Platform {
    return this.settings.platform
  }

  getProperties(): LoginProperties {
    return { ...this.settings.properties }
  }

  /** Names of the players in the play state. */
  onlinePlayers(): string[] {
    return [...this.sessions.values()].filter((s) => s.player?.online).map((s) => s.name)
  }

  waitForLeave(name: string, timeoutMs: number): Promise<void> {
    const lower = name.toLowerCase()
    const gone = () => ![...this.sessions.values()].some((s) => s.name.toLowerCase() === lower)
    if (gone()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!gone()) return
        clearTimeout(timer)
        this.sessionEnded.delete(check)
        resolve()
      }
      const timer = setTimeout(() => {
        this.sessionEnded.delete(check)
        reject(new Error(`${name} was still online ${timeoutMs} ms after the bot left`))
      }, timeoutMs)
      this.sessionEnded.add(check)
    })
  }

  players(): Player[] {
    return [...this.sessions.values()].flatMap((s) => (s.player?.online ? [s.player] : []))
  }

  /**
   * Replaces the whitelist.json entries, as `/whitelist reload` after an edit of the file (or
   * `/whitelist remove`) does: with white-list and enforce-whitelist on, every online player now
   * off the list (and not an operator) is kicked with vanilla's "not white-listed" text.
   * Returns the names of the kicked players.
   */
  reloadWhitelist(entries: ProfileEntry[]): string[] {
    this.lists.replaceWhitelist(entries)
    const { whiteList, enforceWhitelist } = this.settings.properties
    if (!whiteList || !enforceWhitelist) return []
    const kicked: string[] = []
    for (const session of this.sessions.values()) {
      if (!session.player?.online || this.isWhitelisted(session)) continue
      kicked.push(session.name)
      this.kick(session.client, this.rules.notWhitelisted())
    }
    return kicked
  }

  /** Vanilla's `PlayerList.isWhiteListed`: no whitelist, or an operator, or on the list (by UUID; by name for name-only entries). */
  private isWhitelisted(candidate: { name: string; uuid: string }): boolean {
    if (!this.settings.properties.whiteList) return true
    return this.lists.isOp(candidate.uuid) || this.lists.isWhitelisted(candidate.uuid) || this.whitelist.has(candidate.name.toLowerCase())
  }

  async stop(): Promise<void> {
    this.stopping ??= this.doStop()
    return this.stopping
  }

  /** `await using server = await new EmbeddedMinecraftServer()...start()`: stopped at the block's end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }

  private async doStop(): Promise<void> {
    this.stopSignal.abort()
    for (const plugin of this.settings.plugins) await plugin.onStop?.()
    const closed = new Promise<void>((resolve) => this.server.socketServer.close(() => resolve()))
    const clients = Object.values(this.server.clients)
    await Promise.all(clients.map((client) => this.closeClient(client)))
    await closed
  }

  /** Sends vanilla's shutdown kick where the state has one, then waits (briefly) for the socket to close. */
  private async closeClient(client: McClient): Promise<void> {
    const socket = client.socket
    if (socket.destroyed) return
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    if (client.state === states.LOGIN || client.state === states.CONFIGURATION || client.state === states.PLAY) {
      this.kick(client, vanillaReason(this.data, 'multiplayer.disconnect.server_shutdown'))
    } else {
      socket.end()
    }
    const timer = setTimeout(() => socket.destroy(), 500)
    await gone
    clearTimeout(timer)
  }

  private onConnection(client: McClient): void {
    if (this.stopping) {
      client.socket.destroy()
      return
    }
    // Vanilla's frame limits from the first byte on (the stock splitter can be frozen by one frame).
    useBoundedSplitter(client)
    client.on('error', () => {
      // A kicked connection is already closing (its end follows the kick packet). Destroying it now,
      // with the client's later bytes unread, resets it; a reset can overtake the kick in a relay
      // such as Docker's port forwarding, which then shows the player a bare close. Vanilla closes
      // the channel only once the disconnect packet is written, and never resets it.
      if (this.kicked.has(client)) return
      // A broken or garbled connection: drop it as vanilla does (its kick text is of no use here).
      client.socket.destroy()
    })
    client.on('end', () => {
      const session = this.sessions.get(client.id)
      if (session) {
        this.sessions.delete(client.id)
        this.server.playerCount = this.sessions.size
        if (session.player) this.events.emit('leave', { name: session.name, uuid: session.uuid })
        for (const wake of [...this.sessionEnded]) wake()
      }
    })
    attachHandshake(client, this.data, this.rules, clientIp, (c, reason) => this.kick(c, reason), this.settings.properties.acceptsTransfers)
    this.forwarding?.attachHandshake(client)
    if (this.data.protocolVersion >= FIRST_TRANSFER_PROTOCOL)
      this.cookieRequests.set(client, new CookieRequests(client, this.data, (c, reason) => this.kick(c, reason)))
    keepalivePlugin(client, this.server, {})
    attachStatusPing(client, this.status)
    attachLogin(client, this.loginHost)
  }

  /**
   * Plugins' pre-login first (Bukkit's AsyncPlayerPreLoginEvent), then vanilla's
   * `PlayerList.canPlayerLogin` in its order (name ban, whitelist, ip ban, full), then the
   * duplicate rule: the connection already online is kicked and the new one gets in. The platform
   * words the whitelist and full refusals, and may kick the duplicate before the checks (Paper up
   * to 1.21.6: see paper/rules.ts).
   */
  private admit(candidate: LoginCandidate, client: McClient): KickReason | undefined {
    for (const plugin of this.settings.plugins) {
      let refusal: string | KickReason | undefined
      try {
        refusal = plugin.onPreLogin?.(candidate, this.pluginServer)
      } catch (error) {
        const failed = this.rules.preLoginFailed()
        if (!failed) throw error
        this.events.emit('login', {
          type: 'protocol_error',
          name: candidate.name,
          detail: `${plugin.name} pre-login: ${(error as Error)?.message ?? error}`,
        })
        return failed
      }
      if (refusal !== undefined) return typeof refusal === 'string' ? { text: refusal } : refusal
    }
    if (this.rules.duplicateKickBeforeChecks) this.kickDuplicates(candidate)
    const vanilla = this.admissionCheck(candidate)
    // Bukkit's PlayerLoginEvent: plugins see vanilla's result and may replace it.
    for (const plugin of this.settings.plugins) {
      const refusal = plugin.onLogin?.(candidate, this.pluginServer, vanilla)
      if (refusal !== undefined) return typeof refusal === 'string' ? { text: refusal } : refusal
    }
    if (vanilla.refusal) return vanilla.refusal
    if (!this.rules.duplicateKickBeforeChecks) this.kickDuplicates(candidate)
    this.sessions.set(client.id, { ...candidate, client })
    this.server.playerCount = this.sessions.size
    return undefined
  }

  /** `PlayerList.canPlayerLogin`'s checks, in vanilla's order; which one refused, and how. */
  private admissionCheck(candidate: LoginCandidate): VanillaLoginResult {
    const name = candidate.name.toLowerCase()
    // Vanilla matches list entries by the profile's UUID: the same name with the other mode's UUID is someone else.
    const ban = this.lists.ban(candidate.uuid)
    if (ban) return { check: 'banned', refusal: this.banReason('multiplayer.disconnect.banned', ban) }
    if (this.bannedNames.has(name))
      return { check: 'banned', refusal: vanillaReason(this.data, 'multiplayer.disconnect.banned.reason', [DEFAULT_BAN_REASON]) }
    if (!this.isWhitelisted(candidate)) return { check: 'not_whitelisted', refusal: this.rules.notWhitelisted() }
    const ipBan = this.lists.ipBan(candidate.ip)
    if (ipBan) return { check: 'ip_banned', refusal: this.banReason('multiplayer.disconnect.banned_ip', ipBan) }
    if (this.bannedIps.has(candidate.ip))
      return { check: 'ip_banned', refusal: vanillaReason(this.data, 'multiplayer.disconnect.banned_ip.reason', [DEFAULT_BAN_REASON]) }
    if (this.sessions.size >= this.settings.properties.maxPlayers && !this.lists.bypassesPlayerLimit(candidate.uuid))
      return { check: 'full', refusal: this.rules.serverFull() }
    return {}
  }

  /**
   * Kicks every connection already logged in as the same player (`duplicate_login`), unless a
   * plugin cancels that kick (Bukkit's PlayerKickEvent; AuthMe does with ForceSingleSession).
   */
  private kickDuplicates(candidate: LoginCandidate): void {
    for (const [id, session] of this.sessions) {
      if (this.rules.samePlayer(session, candidate)) {
        if (this.settings.plugins.some((plugin) => plugin.cancelsDuplicateKick?.(session.name))) continue
        this.sessions.delete(id)
        this.kick(session.client, vanillaReason(this.data, 'multiplayer.disconnect.duplicate_login'))
      }
    }
  }

  /** `...banned.reason` with the file's reason, plus `...banned.expiration` for a ban that ends. */
  private banReason(prefix: string, ban: { reason: string; expires: Date | undefined }): KickReason {
    const reason = vanillaReason(this.data, `${prefix}.reason`, [ban.reason])
    if (!ban.expires) return reason
    // PlayerList.BAN_DATE_FORMAT is "yyyy-MM-dd HH:mm:ss z"; this server's zone is UTC.
    const when = `${ban.expires.toISOString().slice(0, 19).replace('T', ' ')} UTC`
    return appendReason(this.data, reason, vanillaReason(this.data, `${prefix}.expiration`, [when]))
  }

  /** Every plugin's loginCookies in plugin order, each answered in full before its onLoginCookies; the first refusal wins. */
  private async loginCookies(client: McClient, candidate: LoginCandidate): Promise<KickReason | undefined> {
    const requests = this.cookieRequests.get(client)
    if (!requests) return undefined
    for (const plugin of this.settings.plugins) {
      const keys = plugin.loginCookies?.(candidate) ?? []
      if (keys.length === 0) continue
      const answers = await Promise.all(keys.map(async (key) => [key, await requests.request(key)] as const))
      if (client.ended) return undefined
      const refusal = plugin.onLoginCookies?.(candidate, new Map(answers))
      if (refusal !== undefined) return typeof refusal === 'string' ? { text: refusal } : refusal
    }
    return undefined
  }

  /**
   * Sends the online player `name` (case-insensitive) to `host`:`port`: what vanilla's
   * `/transfer <host> <port> <player>` (TransferCommand, 1.20.5+; needs permission level 3) does from
   * the console, or a plugin's Player#transfer. Throws when the player is not online or the version
   * has no transfers.
   */
  transfer(name: string, host: string, port: number): void {
    const lower = name.toLowerCase()
    const player = this.players().find((p) => p.name.toLowerCase() === lower)
    if (!player) throw new Error(`transfer: ${name} is not online on this server`)
    player.transfer(host, port)
  }

  private joined(client: McClient, candidate: LoginCandidate): void {
    const session = this.sessions.get(client.id)
    if (!session || client.ended) return
    const secureChat = new SecureChat(this.data, candidate.uuid, this.settings.servicesKeys, this.enforcesSecureProfile)
    const player = new EmbeddedPlayer(
      client,
      this.data,
      candidate.name,
      candidate.uuid,
      candidate.ip,
      (c, r) => this.kick(c, r),
      secureChat,
      (line) => {
        for (const other of this.players()) (other as EmbeddedPlayer).sendComponent(line)
      },
    )
    session.player = player
    player.spawn(this.settings.properties.maxPlayers)
    this.events.emit('join', { name: candidate.name, uuid: candidate.uuid, ip: candidate.ip })
    for (const plugin of this.settings.plugins) plugin.onJoin?.(player, this.pluginServer)
  }

  /** Writes the disconnect packet of the client's current state, then closes the connection. */
  private kick(client: McClient, reason: KickReason): void {
    // One kick per connection: a late hasJoined answer must not kick a connection already closing.
    if (client.ended || this.kicked.has(client)) return
    this.kicked.add(client)
    const state = client.state
    if (state === states.LOGIN) client.write('disconnect', { reason: reasonJson(reason) })
    else if (state === states.CONFIGURATION) client.write('disconnect', { reason: reasonComponent(this.data, reason) })
    else if (state === states.PLAY) client.write('kick_disconnect', { reason: reasonComponent(this.data, reason) })
    const text = reasonText(this.data, reason)
    this.events.emit('kick', { name: client.username, state, reason, text })
    client._end(text)
  }
}
