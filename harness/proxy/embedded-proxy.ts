import crypto from 'node:crypto'
import { EventEmitter } from 'node:events'
import { HarnessInputError } from '../errors.ts'
import type { Component } from '../outcome/component.ts'
import { toComponent } from '../outcome/component.ts'
import { minecraftServerIdHash, rsaDecryptPkcs1, serverKeyPair } from '../server/crypto.ts'
import { useBoundedSplitter } from '../server/frame-splitter.ts'
import { hasJoinedUrl } from '../server/has-joined.ts'
import { NmpServer, states, type McClient, type McServer } from '../server/nmp.ts'
import { versionData, type VersionData } from '../server/version-data.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'
import { resolveVersion } from '../versions.ts'
import {
  linkBackend,
  type BackendLinkResult,
  type BackendPacket,
  type BackendTarget,
  type HeldPackets,
  type ProxyForwardingMode,
  type ProxyType,
} from './backend-link.ts'
import { componentForPacket } from './component-wire.ts'
import type { ForwardedProfile } from './forwarding/index.ts'
import { LoginRatelimiter } from './ratelimit.ts'
import { BUNGEE_BACKEND_ONLINE, BUNGEE_UNEXPECTED_DISCONNECT, bungeeText, fromLegacy, toLegacyText, velocityMessage } from './texts.ts'
import { sessionCall } from '../session-http.ts'

export type { BackendTarget, ProxyForwardingMode, ProxyType } from './backend-link.ts'

/** Velocity's and BungeeCord's default network-compression-threshold. */
const COMPRESSION_THRESHOLD = 256
/** Velocity `advanced.login-ratelimit` default. */
export const VELOCITY_LOGIN_RATELIMIT_MS = 3000
/** The first protocol with login plugin messages (1.13), which modern forwarding needs. */
const PROTOCOL_1_13 = 393

export interface ProxyOptions {
  type: ProxyType
  forwarding: ProxyForwardingMode
  /** Velocity: forwarding.secret (modern, bungeeguard). BungeeCord with BungeeGuard: its token. */
  secret?: string
  /** online-mode (both proxies default true). */
  online: boolean
  /** Base URL of the (mock) session server: Velocity's -Dmojang.sessionserver. */
  sessionServer?: string
  /** The servers to try, in order (Velocity `try`, BungeeCord `priorities`). */
  backends: BackendTarget[]
  version: string
  host?: string
  port?: number
  /** Velocity `advanced.login-ratelimit` (ms; 0 off). BungeeCord has none. */
  loginRatelimitMs?: number
  /** How long hasJoined may take (the embedded proxy's own bound; see docs/proxies.md). */
  hasJoinedTimeoutMs?: number
  /** How long a backend login may take before the proxy gives up. */
  backendTimeoutMs?: number
  /** The clock of the login ratelimit (tests). */
  now?: () => number
}

export interface ProxyEvents {
  /** The player passed the proxy's own login (before any backend). */
  login: [{ name: string; uuid: string; ip: string }]
  /** A backend let the player in. */
  connected: [{ name: string; backend: string; forwardedVersion?: number }]
  /** The proxy ended a player's connection with this component (already wrapped in its words). */
  kick: [{ name: string | undefined; reason: Component }]
}

/**
 * Checks a proxy's settings as Velocity (VelocityConfiguration.validate/read) and BungeeCord do,
 * so a scenario cannot ask for a set-up the real proxy would refuse to start with.
 */
export function validateProxyOptions(options: ProxyOptions): void {
  const where = `proxy (${options.type})`
  if (!['velocity', 'bungeecord', 'waterfall'].includes(options.type))
    throw new HarnessInputError(`proxy.type: "${options.type}" is not a proxy; use velocity, bungeecord or waterfall`)
  if (!['modern', 'legacy', 'bungeeguard', 'none'].includes(options.forwarding))
    throw new HarnessInputError(`proxy.forwarding: "${options.forwarding}"; use modern, legacy, bungeeguard or none`)
  if (options.type !== 'velocity' && options.forwarding === 'modern') {
    throw new HarnessInputError(
      `${where}: BungeeCord and Waterfall have no modern forwarding; use legacy (ip_forward: true), bungeeguard (legacy + the BungeeGuard plugin), or type velocity`,
    )
  }
  if ((options.forwarding === 'modern' || options.forwarding === 'bungeeguard') && !options.secret) {
    throw new HarnessInputError(
      `${where}: forwarding ${options.forwarding} needs a secret (Velocity refuses to start: "The forwarding-secret file must not be empty."); set proxy.secret`,
    )
  }
  if (options.backends.length === 0) throw new HarnessInputError(`${where}: no backends to send players to; give at least one`)
  if (options.online && !options.sessionServer)
    throw new HarnessInputError(`${where}: an online-mode proxy needs a session server (the mock's URL)`)
  if (options.loginRatelimitMs !== undefined && (!Number.isInteger(options.loginRatelimitMs) || options.loginRatelimitMs < 0)) {
    throw new HarnessInputError(
      `proxy.loginRatelimitMs: ${options.loginRatelimitMs} must be a whole number of milliseconds, 0 to turn it off (Velocity: "Invalid login ratelimit")`,
    )
  }
}

/** Starts an embedded proxy on a loopback port. */
export async function startProxy(options: ProxyOptions): Promise<StartedProxy> {
  validateProxyOptions(options)
  const proxy = new StartedProxy(options, versionData(resolveVersion(options.version)))
  await proxy.listen(options.port ?? 0)
  return proxy
}

interface PlayerSession {
  client: McClient
  name?: string
  backend?: McClient
  /** Packets the player sent before a backend took them (Velocity keeps the client settings to replay). */
  pending: Buffer[]
  closed: boolean
}

/**
 * A Velocity or BungeeCord/Waterfall stand-in on minecraft-protocol: the player's login on the
 * proxy (offline, or online against the session server with each proxy's reading of hasJoined),
 * login success before any backend (as both proxies do), then the backend login with the
 * configured forwarding, the backend's kicks and failures in the proxy's words, and from then on
 * every packet relayed both ways. One game version per proxy (real proxies speak many).
 */
export class StartedProxy {
  readonly events = new EventEmitter<ProxyEvents>()
  private readonly server: McServer
  private readonly sessions = new Set<PlayerSession>()
  private readonly ratelimiter: LoginRatelimiter | undefined
  private readonly stopSignal = new AbortController()
  private port = 0
  private stopping: Promise<void> | undefined

  constructor(
    private readonly options: ProxyOptions,
    private readonly data: VersionData,
  ) {
    this.server = new NmpServer(data.version, undefined, true)
    this.server.mcversion = { version: data.protocolVersion, minecraftVersion: data.version }
    const limit = options.type === 'velocity' ? (options.loginRatelimitMs ?? VELOCITY_LOGIN_RATELIMIT_MS) : 0
    this.ratelimiter = limit > 0 ? new LoginRatelimiter(limit, options.now) : undefined
    this.server.on('connection', (client: McClient) => this.onConnection(client))
  }

  /** @internal */
  async listen(port: number): Promise<void> {
    const host = this.options.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        this.server.off('listening', onListening)
        reject(
          error.code === 'EADDRINUSE' ? new HarnessInputError(`proxy port ${port} on ${host} is already in use; pick another or 0`) : error,
        )
      }
      const onListening = () => {
        this.server.off('error', onError)
        resolve()
      }
      this.server.once('error', onError)
      this.server.once('listening', onListening)
      this.server.listen(port, host)
    })
    this.server.on('error', () => {})
    const address = this.server.socketServer.address()
    this.port = typeof address === 'object' && address ? address.port : port
  }

  getHost(): string {
    return this.options.host ?? '127.0.0.1'
  }

  getPort(): number {
    return this.port
  }

  getType(): ProxyType {
    return this.options.type
  }

  async stop(): Promise<void> {
    this.stopping ??= this.doStop()
    return this.stopping
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop()
  }

  private async doStop(): Promise<void> {
    this.stopSignal.abort()
    const closed = new Promise<void>((resolve) => this.server.socketServer.close(() => resolve()))
    await Promise.all([...this.sessions].map((s) => this.closeSession(s)))
    for (const client of Object.values(this.server.clients)) client.socket.destroy()
    await closed
  }

  private async closeSession(session: PlayerSession): Promise<void> {
    session.closed = true
    session.backend?.socket.destroy()
    const socket = session.client.socket
    if (socket.destroyed) return
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.destroy()
    await gone
  }

  private get velocity(): boolean {
    return this.options.type === 'velocity'
  }

  private onConnection(client: McClient): void {
    if (this.stopping) return void client.socket.destroy()
    useBoundedSplitter(client)
    const session: PlayerSession = { client, pending: [], closed: false }
    this.sessions.add(session)
    client.on('error', () => client.socket.destroy())
    client.on('end', () => {
      session.closed = true
      this.sessions.delete(session)
      session.backend?.socket.destroy()
    })
    client.once('set_protocol', (packet: { protocolVersion: number; serverHost: string; serverPort: number; nextState: number }) => {
      client.protocolVersion = packet.protocolVersion
      if (packet.nextState !== 2 && packet.nextState !== 3) {
        // The embedded proxy answers no status pings.
        client.socket.destroy()
        return
      }
      client.state = states.LOGIN
      const ip = clientIp(client)
      // HandshakeSessionHandler: the ratelimit, then modern forwarding's 1.13 floor.
      if (this.ratelimiter && !this.ratelimiter.attempt(ip))
        return this.disconnect(session, velocityMessage('velocity.error.logging-in-too-fast'))
      if (this.velocity && this.options.forwarding === 'modern' && packet.protocolVersion < PROTOCOL_1_13) {
        return this.disconnect(session, velocityMessage('velocity.error.modern-forwarding-needs-new-client'))
      }
      if (packet.protocolVersion !== this.data.protocolVersion) {
        // Not a rule of either proxy: this stand-in relays one version only.
        return this.disconnect(session, {
          text: `The embedded ${this.options.type} proxy speaks only Minecraft ${this.data.version} (protocol ${this.data.protocolVersion})`,
        })
      }
      const virtualHost = packet.serverHost.split('\0')[0]!.replace(/\.$/, '')
      client.once('login_start', (login: { username: string }) => {
        this.login(session, login.username, { virtualHost, virtualPort: packet.serverPort, ip }).catch((error) => {
          this.disconnect(session, { text: `Internal proxy error: ${(error as Error).message}` })
        })
      })
    })
  }

  private async login(
    session: PlayerSession,
    name: string,
    where: { virtualHost: string; virtualPort: number; ip: string },
  ): Promise<void> {
    const { client } = session
    session.name = name
    client.username = name
    const profile = this.options.online ? await this.authenticate(session, name) : { uuid: offlineUuid(name), name, properties: [] }
    if (!profile || session.closed) return
    this.events.emit('login', { name: profile.name, uuid: profile.uuid, ip: where.ip })
    client.write('compress', { threshold: COMPRESSION_THRESHOLD })
    client.compressionThreshold = COMPRESSION_THRESHOLD
    client.write('success', { uuid: profile.uuid, username: profile.name, properties: profile.properties, strictErrorHandling: false })
    // Whatever the player sends from here on waits for the backend (client settings, known packs).
    client.on('raw', (buffer: Buffer, meta: { name: string; state: string }) => {
      if (meta.state === states.LOGIN) return
      if (session.backend) return
      session.pending.push(Buffer.from(buffer))
    })
    if (this.data.supportFeature('hasConfigurationState')) {
      await new Promise<void>((resolve) => client.once('login_acknowledged', () => resolve()))
      client.state = states.CONFIGURATION
    } else {
      client.state = states.PLAY
    }
    await this.connectToBackends(session, profile, where)
  }

  /** The player's online-mode login on the proxy: encryption, then hasJoined read as each proxy reads it. */
  private async authenticate(session: PlayerSession, name: string): Promise<ForwardedProfile | undefined> {
    const { client } = session
    const key = serverKeyPair()
    const verifyToken = crypto.randomBytes(4)
    // Velocity sends "" as the server id; BungeeCord a random long in hex (EncryptionUtil.encryptRequest).
    const serverId = this.velocity ? '' : crypto.randomBytes(8).readBigInt64BE().toString(16)
    const response = await new Promise<{ sharedSecret: Buffer; verifyToken?: Buffer; crypto?: { verifyToken?: Buffer } } | undefined>(
      (resolve) => {
        client.once('encryption_begin', resolve)
        client.once('end', () => resolve(undefined))
        client.write('encryption_begin', { serverId, publicKey: key.publicKeyDer, verifyToken, shouldAuthenticate: true })
      },
    )
    if (!response) return undefined
    const encrypted = response.verifyToken ?? response.crypto?.verifyToken
    if (!encrypted || !rsaDecryptPkcs1(key, encrypted).equals(verifyToken)) {
      client.socket.destroy()
      return undefined
    }
    const secret = rsaDecryptPkcs1(key, response.sharedSecret)
    client.setEncryption(secret)
    const url = hasJoinedUrl({
      sessionServer: this.options.sessionServer!,
      username: name,
      serverIdHash: minecraftServerIdHash(serverId, secret, key.publicKeyDer),
    })
    const answer = await fetchHasJoined(url, this.options.hasJoinedTimeoutMs ?? 5000, this.stopSignal.signal)
    if (session.closed) return undefined
    if (this.velocity) {
      // InitialLoginSessionHandler: 200 -> the profile; 204 -> online-mode-only; anything else,
      // or no answer -> vanilla's authservers_down key, untranslated.
      if (answer.status === 200 && answer.profile) return answer.profile
      if (answer.status === 204) return void this.disconnect(session, velocityMessage('velocity.error.online-mode-only', [], 'red'))
      return void this.disconnect(session, { translate: 'multiplayer.disconnect.authservers_down' })
    }
    // InitialHandler + HttpHandler: 204 or a profile without id -> offline_mode_player; another status or an error -> mojang_fail.
    if (answer.status === 200 && answer.profile) return answer.profile
    if (answer.status === 204 || answer.status === 200) return void this.disconnect(session, fromLegacy(bungeeText('offline_mode_player')))
    return void this.disconnect(session, fromLegacy(bungeeText('mojang_fail')))
  }

  private async connectToBackends(
    session: PlayerSession,
    profile: ForwardedProfile,
    where: { virtualHost: string; virtualPort: number; ip: string },
  ): Promise<void> {
    const targets = this.options.backends
    for (const [index, target] of targets.entries()) {
      if (session.closed) return
      const result = await linkBackend({
        proxy: this.options.type,
        mode: this.options.forwarding,
        secret: this.options.secret,
        target,
        data: this.data,
        player: { profile, ip: where.ip, virtualHost: where.virtualHost, virtualPort: where.virtualPort },
        // Velocity advanced.read-timeout (30000 ms): under load a backend login can take seconds.
        timeoutMs: this.options.backendTimeoutMs ?? 30_000,
      })
      if (session.closed) {
        if (result.kind === 'connected') result.backend.socket.destroy()
        return
      }
      if (result.kind === 'connected') {
        this.events.emit('connected', { name: profile.name, backend: target.name, forwardedVersion: result.forwardedVersion })
        return this.relay(session, result.backend, result.held, target)
      }
      const reason = this.connectFailure(target, result)
      // Velocity tries the next server of its `try` list; BungeeCord disconnects (ServerConnector.handle(Kick)
      // falls back only for "outdated" kicks or plugins).
      const fallBack = this.velocity && index < targets.length - 1
      if (!fallBack) return this.disconnect(session, reason)
    }
  }

  /** What a player reads when `target` turned the login down, in this proxy's words. */
  private connectFailure(target: BackendTarget, result: Exclude<BackendLinkResult, { kind: 'connected' }>): Component {
    const server = { text: target.name }
    if (this.velocity) {
      switch (result.kind) {
        case 'kicked':
          return velocityMessage('velocity.error.cant-connect', [server, toComponent(result.reason)], 'red')
        case 'not_forwarded':
          return velocityMessage('velocity.error.cant-connect', [server, velocityMessage('velocity.error.modern-forwarding-failed')], 'red')
        case 'online_mode':
        case 'closed':
          // IllegalStateException("Backend server is online-mode!") or a closed channel: the generic text.
          return velocityMessage('velocity.error.connecting-server-error', [server], 'red')
      }
    }
    switch (result.kind) {
      case 'kicked':
        return fromLegacy(bungeeText('connect_kick', [target.name, toLegacyText(toComponent(result.reason), this.data.version)]))
      case 'online_mode':
        return fromLegacy(BUNGEE_BACKEND_ONLINE)
      case 'not_forwarded':
      case 'closed':
        return result.kind === 'closed' && !result.answered && /refused|ECONNREFUSED/i.test(result.detail)
          ? fromLegacy(bungeeText('fallback_kick', [`Connection refused: ${target.host}:${target.port}`]))
          : fromLegacy(BUNGEE_UNEXPECTED_DISCONNECT)
    }
  }

  /** Both connections in the same state: every packet relayed; a backend kick reaches the player in the proxy's words. */
  private relay(session: PlayerSession, backend: McClient, held: HeldPackets, target: BackendTarget): void {
    const { client } = session
    session.backend = backend
    backend.on('error', () => backend.socket.destroy())
    for (const buffer of session.pending.splice(0)) backend.writeRaw(buffer)
    client.on('raw', (buffer: Buffer, meta: { name: string; state: string }) => {
      if (meta.state === states.LOGIN || session.closed) return
      backend.writeRaw(buffer)
      // The player's acknowledgement ends the configuration phase on both connections.
      if (meta.state === states.CONFIGURATION && meta.name === 'finish_configuration') {
        client.state = states.PLAY
        backend.state = states.PLAY
      }
    })
    const fromBackend = ({ data, meta, buffer }: BackendPacket) => {
      if (session.closed) return
      if (meta.name === 'disconnect' || meta.name === 'kick_disconnect') {
        const reason = toComponent(data.reason)
        // Velocity: moved-to-new-server when no other server is left; BungeeCord: the kick as it came.
        return this.disconnect(
          session,
          this.velocity ? velocityMessage('velocity.error.moved-to-new-server', [{ text: target.name }, reason], 'red') : reason,
        )
      }
      client.writeRaw(buffer)
    }
    for (const packet of held.take()) fromBackend(packet)
    backend.on('packet', (data: Record<string, unknown>, meta: BackendPacket['meta'], buffer: Buffer) =>
      fromBackend({ data, meta, buffer }),
    )
    backend.on('end', () => {
      if (session.closed) return
      this.disconnect(
        session,
        this.velocity
          ? velocityMessage('velocity.error.connected-server-error', [{ text: target.name }], 'red')
          : fromLegacy(bungeeText('lost_connection')),
      )
    })
  }

  /** Writes the disconnect packet of the player's state with `reason`, then closes. */
  private disconnect(session: PlayerSession, reason: Component): void {
    if (session.closed) return
    session.closed = true
    const { client } = session
    const state = client.state
    const payload = componentForPacket(reason, state, this.data.supportFeature('chatPacketsUseNbtComponents'))
    if (state === states.LOGIN || state === states.CONFIGURATION) client.write('disconnect', { reason: payload })
    else if (state === states.PLAY) client.write('kick_disconnect', { reason: payload })
    this.events.emit('kick', { name: session.name, reason })
    session.backend?.socket.destroy()
    client.end('proxy')
  }
}

function clientIp(client: McClient): string {
  const address = client.socket.remoteAddress ?? ''
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

interface HasJoinedAnswer {
  /** undefined: no answer (refused, reset, timeout). */
  status?: number
  profile?: ForwardedProfile
}

/** GET hasJoined with the status kept: the proxies read statuses differently from authlib. */
async function fetchHasJoined(url: string, timeoutMs: number, stop: AbortSignal): Promise<HasJoinedAnswer> {
  try {
    const response = await sessionCall({ url, headers: { accept: 'application/json' }, timeoutMs, signal: stop })
    const body = response.body
    if (response.status !== 200) return { status: response.status }
    const parsed = JSON.parse(body) as { id?: unknown; name?: unknown; properties?: unknown }
    if (typeof parsed?.id !== 'string' || typeof parsed.name !== 'string') return { status: 200 }
    const properties = Array.isArray(parsed.properties) ? (parsed.properties as ForwardedProfile['properties']) : []
    return { status: 200, profile: { uuid: toDashedUuid(parsed.id), name: parsed.name, properties } }
  } catch {
    return {}
  }
}
