/**
 * The mock session server in a container of the local image, on the test's Docker network under
 * an alias, so a server container reaches it as `http://<alias>:8080`. The test drives its faults
 * through the admin port mapped to this host, so the handle is the same SessionServerControl as
 * the in-process mock.
 *
 *   const network = await startHarnessNetwork()
 *   const session = await new SessionServerContainer().withNetwork(network).start()
 *   server.withSessionServer(session.getServerFacingUrl())   // http://session:8080
 *   await session.use({ route: 'hasJoined', mode: 'status', status: 503 })
 */
import {
  AbstractStartedContainer,
  GenericContainer,
  Wait,
  type StopOptions,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers'
import type { ResourceScope } from '../../resource-scope.ts'
import { randomBytes } from 'node:crypto'
import { RemoteSessionServer } from '../../session/remote-session-server.ts'
import type {
  AccountSpec,
  FaultSpec,
  IssuedAccount,
  IssuedUser,
  JournalEntry,
  SessionServerControl,
  UserSpec,
} from '../../session/types.ts'
import { localImage } from './container-config.ts'
import { READY_LINE, bindPublishedPorts, hostFor, startupHint } from './minecraft-server-container.ts'
import { assertPortReachable, CreatedContainer, harnessLabels, onHarnessHost, ryukWanted } from './resources.ts'
import { HarnessInputError } from '../../errors.ts'

export const SESSION_PORT = 8080
export const ADMIN_PORT = 8081
/**
 * How long the mock's container may take to log its ready line: it is up in about a second, but on
 * a machine running many containers at once a start took over 30 s (the old limit).
 */
export const SESSION_STARTUP_TIMEOUT_MS = 60_000

export class SessionServerContainer extends GenericContainer {
  private alias = 'session'
  private network?: StartedNetwork
  private scope?: ResourceScope
  private created?: CreatedContainer

  constructor(image: string = localImage()) {
    super(image)
    // withStartupTimeout(ms) replaces it.
    this.withStartupTimeout(SESSION_STARTUP_TIMEOUT_MS)
  }

  /** The name the server container uses to reach the mock (default `session`). */
  withAlias(alias: string): this {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(alias))
      throw new HarnessInputError(`withAlias: "${alias}" is not a valid host name (lowercase letters, digits, "-")`)
    this.alias = alias
    return this
  }

  /**
   * Registers the container in `scope` from its creation on (Ctrl-C while it starts removes it) and
   * the started handle after: the scope stops it. Without one, whoever called start() stops it.
   */
  withScope(scope: ResourceScope): this {
    this.scope = scope
    return this
  }

  override withNetwork(network: StartedNetwork): this {
    this.network = network
    return super.withNetwork(network)
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    this.created = new CreatedContainer(containerId)
    this.scope?.use(this.created)
  }

  override async start(): Promise<StartedSessionServerContainer> {
    this.withAutoCleanup(ryukWanted())
    if (!this.network)
      throw new HarnessInputError('SessionServerContainer needs withNetwork(network): the server container reaches the mock through it')
    // The admin API listens on the container's interfaces, so it requires a token (session/admin.ts).
    const adminToken = randomBytes(24).toString('base64url')
    this.withCommand([
      'session-server',
      '--host',
      '0.0.0.0',
      '--port',
      String(SESSION_PORT),
      '--admin-port',
      String(ADMIN_PORT),
      '--admin-token',
      adminToken,
    ])
      .withNetworkAliases(this.alias)
      .withExposedPorts(SESSION_PORT, ADMIN_PORT)
      .withLabels({ ...harnessLabels(), 'mc-login-harness.role': 'session' })
      .withWaitStrategy(Wait.forLogMessage(READY_LINE))
    // The admin port too: loopback only, unless the engine is remote (engine-address.ts).
    const published = await bindPublishedPorts(this.hostConfig)
    let inner: StartedTestContainer
    try {
      inner = await onHarnessHost(await super.start())
    } catch (cause) {
      const error =
        cause instanceof Error && /not received after/.test(cause.message)
          ? new Error(
              `${startupHint(`mock session server container${this.created ? ` ${this.created.id.slice(0, 12)}` : ''}`, this.startupTimeoutMs ?? SESSION_STARTUP_TIMEOUT_MS)} (${cause.message})`,
              { cause },
            )
          : cause
      if (this.created) {
        try {
          await this.created.stop()
          this.scope?.release(this.created)
        } catch (removal) {
          // Kept in the scope, whose dispose tries again and reports it; without one, said here.
          if (!this.scope && error instanceof Error)
            error.message += `; removing container ${this.created.id.slice(0, 12)} failed too (${removal instanceof Error ? removal.message : String(removal)}): it may be left running`
        }
      }
      throw error
    }
    const started = new StartedSessionServerContainer(inner, this.alias, adminToken, published.plan.bindHost)
    // The started handle owns removal now (in the same scope, so in the same place of its order).
    this.scope?.use(started)
    if (this.created) this.scope?.release(this.created)
    // Over tcp: can this machine reach it? If not, the scope stops it (and reports a stop that fails).
    try {
      await assertPortReachable(published.engine, published.plan, started.getHost(), inner.getMappedPort(ADMIN_PORT))
    } catch (error) {
      if (!this.scope) {
        await started.stop().catch((removal: unknown) => {
          if (error instanceof Error)
            error.message += `; removing container ${inner.getId().slice(0, 12)} failed too (${removal instanceof Error ? removal.message : String(removal)}): it may be left running`
        })
      }
      throw error
    }
    return started
  }
}

/** A started container that is also the mock's control surface (a RemoteSessionServer over the mapped admin port). */
export class StartedSessionServerContainer extends AbstractStartedContainer implements SessionServerControl {
  private readonly remote: RemoteSessionServer

  constructor(
    container: StartedTestContainer,
    private readonly alias: string,
    adminToken: string,
    private readonly boundHost: string = '127.0.0.1',
  ) {
    super(container)
    const host = hostFor(boundHost, container.getHost())
    this.remote = new RemoteSessionServer({
      url: `http://${host}:${container.getMappedPort(SESSION_PORT)}`,
      adminUrl: `http://${host}:${container.getMappedPort(ADMIN_PORT)}`,
      serverFacingUrl: `http://${alias}:${SESSION_PORT}`,
      adminToken,
    })
  }

  override getHost(): string {
    return hostFor(this.boundHost, super.getHost())
  }

  /** For bots on this host: the session port mapped to the host. */
  getUrl(): string {
    return this.remote.getUrl()
  }

  /** For the server container: `http://<alias>:8080` on the shared network. */
  getServerFacingUrl(): string {
    return this.remote.getServerFacingUrl()
  }

  getAdminUrl(): string {
    return this.remote.getAdminUrl()
  }

  getAlias(): string {
    return this.alias
  }

  createAccount(spec: AccountSpec): Promise<IssuedAccount> {
    return this.remote.createAccount(spec)
  }

  createUser(spec: UserSpec): Promise<IssuedUser> {
    return this.remote.createUser(spec)
  }

  revoke(name: string): Promise<void> {
    return this.remote.revoke(name)
  }

  use(fault: FaultSpec): Promise<string> {
    return this.remote.use(fault)
  }

  resetFaults(): Promise<void> {
    return this.remote.resetFaults()
  }

  journal(): Promise<JournalEntry[]> {
    return this.remote.journal()
  }

  clearJournal(): Promise<void> {
    return this.remote.clearJournal()
  }

  reset(): Promise<void> {
    return this.remote.reset()
  }

  /**
   * Stops and removes the container. Typed `Promise<any>` to satisfy both testcontainers
   * (a StoppedTestContainer) and SessionServerControl (nothing).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one signature for two contracts (above)
  override stop(options?: Partial<StopOptions>): Promise<any> {
    return super.stop(options)
  }
}
