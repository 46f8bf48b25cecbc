/**
 * The mock Mojang: a real HTTP server speaking the Yggdrasil, session and services routes (also
 * under authlib-injector's prefixes), with scripted faults, a request journal and an admin port.
 *
 *   const mock = await new MockSessionServer().withAccount({ name: 'Alice' }).start()
 *   await mock.use({ route: 'hasJoined', mode: 'status', status: 503, times: 1 })
 *   ...
 *   await mock.stop()
 */
import FindMyWay from 'find-my-way'
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import { HarnessInputError } from '../errors.ts'
import { AccountStore, normaliseIp } from './accounts.ts'
import { adminHandler } from './admin.ts'
import { FaultBook } from './faults.ts'
import { javaFlagsFor } from './java-flags.ts'
import { Journal } from './journal.ts'
import { signingKey } from './keys.ts'
import { Listener, baseUrl, readBodyOrRefuse, send, sendRaw } from './listener.ts'
import {
  AUTHLIB_INJECTOR_PREFIXES,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  faultReply,
  jsonContentType,
  layoutOf,
  mojangRoutes,
  type Layout,
  type Reply,
  type RequestContext,
  type RouteDef,
} from './routes.ts'
import { parseAccountSpec, parseFaultSpec, parseUserSpec } from './schemas.ts'
import type { AccountSpec, FaultSpec, IssuedAccount, IssuedUser, JournalEntry, SessionServerControl, UserSpec } from './types.ts'

/** Where a route is mounted: the route's place in the mock's list and the shapes its prefix gets. */
interface Mounted {
  index: number
  layout: Layout
}

type Router = ReturnType<typeof FindMyWay>

/**
 * One router per list of routes (method, path, where mounted), shared by every mock of the
 * process: a router holds only where each route is, while its handlers (and their per-mock memory)
 * are each mock's own list. Building the router (about 80 paths with authlib-injector's prefixes)
 * took a few ms per mock, a suite's worth of mocks 0.15 s of one thread.
 */
const routersByShape = new Map<string, Router>()

function routerFor(routes: readonly RouteDef[]): Router {
  const shape = routes.map((r) => `${r.method} ${r.path} ${r.rootOnly ? 'root' : 'all'}`).join('\n')
  let router = routersByShape.get(shape)
  if (!router) {
    router = FindMyWay({ ignoreTrailingSlash: true })
    routes.forEach((route, index) => {
      for (const prefix of route.rootOnly ? [''] : ['', ...AUTHLIB_INJECTOR_PREFIXES]) {
        const mounted: Mounted = { index, layout: layoutOf(prefix) }
        router!.on(route.method, prefix + route.path, () => undefined, mounted)
      }
    })
    routersByShape.set(shape, router)
  }
  return router
}

/** authlib-injector's API Location Indication: this root is the API (the spec's "ALI"). */
const ALI = { 'x-authlib-injector-api-location': '/' }

const IMPLEMENTATION_VERSION = '1'

const MALFORMED_BODY = '{"id":"00000000000000000000000000000000","name":'

const LOOPBACK = '127.0.0.1'

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h)
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new HarnessInputError(`${what} must be an integer 0-65535 (0 picks a free port), got ${port}`)
  return port
}

export class MockSessionServer {
  private host = '127.0.0.1'
  private port = 0
  private adminPort = 0
  private adminHost = LOOPBACK
  private adminToken: string | undefined
  private joinTtlMs = 30_000
  private rateLimitMs = 0
  private clock: () => number = Date.now
  private serverName = 'mc-login-harness mock'
  private readonly accounts: AccountSpec[] = []
  private readonly users: UserSpec[] = []

  /** Address to bind; loopback by default. Use `0.0.0.0` only when a container must reach it. */
  withHost(host: string): this {
    if (host.trim() === '') throw new HarnessInputError('mock session server host must not be empty (e.g. 127.0.0.1)')
    this.host = host
    return this
  }

  withPort(port: number): this {
    this.port = checkPort(port, 'mock session server port')
    return this
  }

  /**
   * Address of the admin API: loopback unless asked, whatever `withHost` says, because the admin
   * API rewrites what the mock answers. Anywhere else it needs a bearer token (withAdminToken, or
   * one generated at start: getAdminToken()).
   */
  withAdminHost(host: string): this {
    if (host.trim() === '') throw new HarnessInputError('mock session server admin host must not be empty (e.g. 127.0.0.1)')
    this.adminHost = host
    return this
  }

  /** The bearer token the admin API then requires (`Authorization: Bearer <token>`), on any host. */
  withAdminToken(token: string): this {
    if (!/^[\x21-\x7e]{16,}$/.test(token))
      throw new HarnessInputError('mock session server admin token must be at least 16 printable ASCII characters without spaces')
    this.adminToken = token
    return this
  }

  withAdminPort(port: number): this {
    this.adminPort = checkPort(port, 'mock session server admin port')
    return this
  }

  withAccount(spec: AccountSpec): this {
    this.accounts.push(parseAccountSpec(spec))
    return this
  }

  /** A user with a login (email or name), a password and 0..n profiles. */
  withUser(spec: UserSpec): this {
    this.users.push(parseUserSpec(spec))
    return this
  }

  /**
   * Refuses (403 "Invalid credentials.") an authenticate or signout for a login that tried either
   * within `ms`, as authlib-injector's spec asks of a real host. Off (0) by default.
   */
  withRateLimitMs(ms: number): this {
    if (!Number.isInteger(ms) || ms < 0)
      throw new HarnessInputError(`rate limit window must be a whole number of milliseconds >= 0 (0 turns it off), got ${ms}`)
    this.rateLimitMs = ms
    return this
  }

  /** `meta.serverName` of the authlib-injector metadata (launchers show it). */
  withServerName(name: string): this {
    if (name.trim() === '') throw new HarnessInputError('mock session server name must not be empty')
    this.serverName = name
    return this
  }

  /** How long a `join` stays valid for `hasJoined` (Mojang: about 30 s). */
  withJoinTtlMs(ms: number): this {
    if (!Number.isFinite(ms) || ms <= 0) throw new HarnessInputError(`join TTL must be a positive number of milliseconds, got ${ms}`)
    this.joinTtlMs = ms
    return this
  }

  /**
   * The clock the join TTL is measured with (default `Date.now`): a test steps it past the TTL
   * instead of sleeping through it.
   */
  withClock(now: () => number): this {
    this.clock = now
    return this
  }

  async start(): Promise<StartedMockSessionServer> {
    const adminToken = this.adminToken ?? (isLoopback(this.adminHost) ? undefined : randomBytes(24).toString('base64url'))
    const started = new StartedMockSessionServer(this.host, this.joinTtlMs, await signingKey(), {
      rateLimitMs: this.rateLimitMs,
      clock: this.clock,
      serverName: this.serverName,
      adminHost: this.adminHost,
      adminToken,
      accounts: [...this.accounts],
      users: [...this.users],
    })
    try {
      await started.listen(this.port, this.adminPort)
      await started.createInitialAccounts()
    } catch (error) {
      await started.stop()
      throw error
    }
    return started
  }
}

interface Sleeper {
  timer: NodeJS.Timeout
  wake(): void
}

export class StartedMockSessionServer implements SessionServerControl {
  private store!: AccountStore
  private readonly faults = new FaultBook()
  private readonly log = new Journal()
  private router!: Router
  private routes: RouteDef[] = []
  private readonly session: Listener
  private readonly admin: Listener
  private readonly sleepers = new Set<Sleeper>()
  private readonly holdListeners = new Set<(entry: JournalEntry) => void>()
  private port = 0
  private adminPort = 0
  private readonly adminHost: string
  private readonly adminToken: string | undefined
  private stopped = false
  /** Serialises down / up / stop so a reset never races a close on the same port. */
  private transition: Promise<void> = Promise.resolve()

  /** @internal use `new MockSessionServer()...start()` */
  constructor(
    private readonly host: string,
    private readonly joinTtlMs: number,
    private readonly key: Awaited<ReturnType<typeof signingKey>>,
    private readonly options: {
      rateLimitMs: number
      clock?: () => number
      serverName: string
      adminHost?: string
      adminToken?: string
      accounts?: AccountSpec[]
      users?: UserSpec[]
    },
  ) {
    this.adminHost = options.adminHost ?? LOOPBACK
    this.adminToken = options.adminToken
    this.mountRoutes()
    this.session = new Listener((req, res) => {
      this.handle(req, res).catch(() => req.socket.destroy())
    })
    this.admin = new Listener(adminHandler(this, this.adminToken))
  }

  /**
   * A fresh account store under fresh routes: the routes keep per-mock memory of their own
   * (texture signatures, key-pair certificates, the rate limiter's last attempts), so a reset that
   * kept them would leak one test's state into the next.
   */
  private mountRoutes(): void {
    this.store = new AccountStore(this.joinTtlMs, this.options.clock)
    this.routes = mojangRoutes(this.store, this.key, {
      rateLimitMs: this.options.rateLimitMs,
      serverName: this.options.serverName,
      publicUrl: () => this.getUrl(),
      implementationVersion: IMPLEMENTATION_VERSION,
    })
    this.router = routerFor(this.routes)
  }

  /** @internal the builder's withAccount()/withUser() entries, made at start and again by reset(). */
  async createInitialAccounts(): Promise<void> {
    for (const spec of this.options.accounts ?? []) await this.createAccount(spec)
    for (const spec of this.options.users ?? []) await this.createUser(spec)
  }

  /** @internal */
  async listen(port: number, adminPort: number): Promise<void> {
    this.port = await this.session.listen(this.host, port)
    this.adminPort = await this.admin.listen(this.adminHost, adminPort)
  }

  getPort(): number {
    return this.port
  }

  getAdminPort(): number {
    return this.adminPort
  }

  getUrl(): string {
    return baseUrl(this.host, this.port)
  }

  getServerFacingUrl(): string {
    return this.getUrl()
  }

  getAdminUrl(): string {
    return baseUrl(this.adminHost, this.adminPort)
  }

  /** The bearer token the admin API requires; undefined when it is on loopback without one. */
  getAdminToken(): string | undefined {
    return this.adminToken
  }

  /** The `-D` flags that point a Java server (every authlib generation, Velocity) at this mock. */
  javaFlags(url = this.getServerFacingUrl()): string[] {
    return javaFlagsFor(url)
  }

  getAccount(name: string): IssuedAccount | undefined {
    return this.store.issued(name)
  }

  isDown(): boolean {
    return this.faults.isDown()
  }

  async createAccount(spec: AccountSpec): Promise<IssuedAccount> {
    return this.store.create(parseAccountSpec(spec))
  }

  async createUser(spec: UserSpec): Promise<IssuedUser> {
    return this.store.createUser(parseUserSpec(spec))
  }

  async revoke(name: string): Promise<void> {
    if (!this.store.revoke(name))
      throw new HarnessInputError(
        `no account named ${name} on the mock session server; create it first (createAccount / POST /__harness/accounts)`,
      )
  }

  async use(fault: FaultSpec): Promise<string> {
    const spec = parseFaultSpec(fault)
    const wasDown = this.faults.isDown()
    const added = this.faults.add(spec)
    if (spec.mode === 'down' && !wasDown) await this.schedule(() => this.session.close())
    return added.id
  }

  async resetFaults(): Promise<void> {
    const wasDown = this.faults.isDown()
    this.faults.clear()
    if (wasDown) {
      await this.schedule(async () => {
        if (!this.stopped && !this.session.listening()) await this.session.listen(this.host, this.port)
      })
    }
  }

  async reset(): Promise<void> {
    await this.resetFaults()
    this.mountRoutes()
    this.log.clear()
    await this.createInitialAccounts()
  }

  async journal(): Promise<JournalEntry[]> {
    return this.log.list()
  }

  async clearJournal(): Promise<void> {
    this.log.clear()
  }

  /**
   * Calls `listener` each time a fault begins holding a request: a `hang` (never answered) or a
   * `delay` (answered later), with the request's journal entry. The moment a case starts its
   * deliberate wait: the runner lets the other cases start then (scenario/runner.ts). Returns the
   * unsubscribe function.
   */
  onHold(listener: (entry: JournalEntry) => void): () => void {
    this.holdListeners.add(listener)
    return () => this.holdListeners.delete(listener)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.holdListeners.clear()
    for (const sleeper of this.sleepers) {
      clearTimeout(sleeper.timer)
      sleeper.wake()
    }
    this.sleepers.clear()
    await this.schedule(() => Promise.all([this.session.close(), this.admin.close()]).then(() => undefined))
  }

  /** `await using mock = await new MockSessionServer().start()`: stopped at the block's end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }

  private schedule(step: () => Promise<void>): Promise<void> {
    const next = this.transition.then(step)
    this.transition = next.catch(() => undefined)
    return next
  }

  /** Resolves after `ms`, or at once when the server stops. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper)
          resolve()
        }, ms),
        wake: resolve,
      }
      this.sleepers.add(sleeper)
    })
  }

  /** Listeners run after the request is held, outside its handler: a throwing one is its own error. */
  private held(entry: JournalEntry): void {
    for (const listener of this.holdListeners) queueMicrotask(() => listener({ ...entry }))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1))
    const method = req.method ?? 'GET'

    // The spec's error format for a general HTTP exception: the status's reason phrase as `error`.
    const text = await readBodyOrRefuse(req, res, (message) => ({ error: 'Payload Too Large', errorMessage: message }))
    if (text === undefined) return
    let body: unknown
    let badJson = false
    if (text.length > 0) {
      try {
        body = JSON.parse(text)
      } catch {
        badJson = true
      }
    }

    const found = this.router.find(method as 'GET', path)
    const mounted = found ? (found.store as Mounted) : undefined
    const route = mounted ? this.routes[mounted.index] : undefined
    const layout: Layout =
      mounted?.layout ?? layoutOf(AUTHLIB_INJECTOR_PREFIXES.find((p) => p !== '/minecraftservices' && path.startsWith(`${p}/`)) ?? '')
    const auth = req.headers.authorization
    const ctx: RequestContext = {
      params: found?.params ?? {},
      query,
      body,
      bearer: auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined,
      remoteIp: normaliseIp(req.socket.remoteAddress ?? ''),
      path,
      layout,
      origin: req.headers.host ? `http://${req.headers.host}` : this.getUrl(),
    }
    const entry = this.log.open({
      route: route?.name ?? 'unknown',
      method,
      path: url,
      username: route?.username(ctx) ?? null,
      ...(route?.name === 'hasJoined' ? { ip: query.get('ip') } : {}),
    })
    const finish = (status: number | null) => {
      entry.status = status
      entry.ms = Math.round(performance.now() - started)
    }

    const fault = route ? this.faults.take(route.fault, entry.username) : undefined
    if (fault) {
      switch (fault.mode) {
        case 'hang':
          // Never answered; stop() or the client closing the socket ends it.
          req.socket.once('close', () => finish(null))
          this.held(entry)
          return
        case 'reset':
          finish(null)
          req.socket.resetAndDestroy()
          return
        case 'malformed':
          finish(200)
          sendRaw(res, 200, MALFORMED_BODY, jsonContentType(layout), ALI)
          return
        case 'status':
          return this.reply(res, faultReply(fault.status!, route!.fault, path), layout, finish)
        case 'delay': {
          const slept = this.sleep(fault.delayMs ?? 0)
          this.held(entry)
          await slept
          if (this.stopped) return
          if (fault.status !== undefined) return this.reply(res, faultReply(fault.status, route!.fault, path), layout, finish)
          break
        }
        case 'down':
          break // never taken: a down port has no requests
      }
    }

    let reply: Reply
    if (!route) reply = this.router.find(method === 'GET' ? 'POST' : 'GET', path) ? METHOD_NOT_ALLOWED : NOT_FOUND
    else if (badJson) reply = { status: 400, body: { error: 'JsonParseException', errorMessage: 'The request body is not valid JSON' } }
    else {
      try {
        reply = await route.handle(ctx)
      } catch (error) {
        reply = {
          status: 500,
          body: { error: 'InternalServerError', errorMessage: error instanceof Error ? error.message : String(error) },
        }
      }
    }
    this.reply(res, reply, layout, finish)
  }

  private reply(res: ServerResponse, reply: Reply, layout: Layout, finish: (status: number | null) => void): void {
    finish(res.destroyed ? null : reply.status)
    if (reply.raw) sendRaw(res, reply.status, reply.raw.data, reply.raw.contentType, ALI)
    else send(res, reply.status, reply.body, jsonContentType(layout), ALI)
  }
}
