import type { SessionServerControl } from '../session/types.ts'
import type { ContainerServerOptions, ServerConfig, StartedServer } from '../server/types.ts'
import type { ResourceScope } from '../resource-scope.ts'
import type { ProxyForwardingMode, ProxyType } from '../proxy/backend-link.ts'

/** A proxy in front of a case's backends, as a backend starts it (proxy/topology.ts asks). */
export interface ProxyStart {
  type: ProxyType
  forwarding: ProxyForwardingMode
  secret?: string
  online: boolean
  loginRatelimitMs?: number
  /** The game version bots speak. */
  version: string
  /** The backends in try order, each started on this backend. */
  backends: { name: string; server: StartedServer }[]
  /** The case's mock: the proxy asks it hasJoined. */
  session: SessionServerControl
}

/** A started proxy: where bots connect. The scope it was started in stops it. */
export interface StartedProxyHandle {
  getHost(): string
  getPort(): number
  stop(): Promise<void>
}

export type BackendName = 'embedded' | 'container'

/**
 * Where a case's session server and game server run. The runner only ever sees this, so every
 * backend yields the same outcomes for the same scenario.
 */
export interface Backend {
  readonly name: BackendName
  /**
   * Called once before any case (e.g. build an image, create a network). What it makes goes in
   * `scope`, the run's: disposing it releases the backend, after every case's scope (made under it).
   */
  prepare(scope: ResourceScope): Promise<void>
  /** Starts a mock session server owned by `scope` (the case's): the scope stops it, nobody else. */
  startSessionServer(scope: ResourceScope): Promise<SessionServerControl>
  /** Starts a game server owned by `scope` (the case's): the scope stops it, nobody else. */
  startServer(config: ServerConfig, scope: ResourceScope): Promise<StartedServer>
  /** Starts the proxy of a case's topology in front of its backends, owned by `scope` (the case's). */
  startProxy(spec: ProxyStart, scope: ResourceScope): Promise<StartedProxyHandle>
  /**
   * Why this backend cannot run a proxy of this kind against the mock (real BungeeCord in online
   * mode asks Mojang, hard-coded), so the run leaves such cases out with a note; undefined: it can.
   */
  proxyUnsupportedReason?(proxy: { type: ProxyType; online?: boolean }): string | undefined
  /**
   * Why a server of `config` on this backend keeps state the harness cannot reset (e.g. a plugin
   * jar not declared stateless), so `run --reuse` must not give it a second case; undefined when
   * nothing of the backend's own stands in the way (scenario/server-pool.ts has the common rules).
   */
  unshareableReason?(config: ServerConfig): string | undefined
  /**
   * How a user removes what a stop that failed may have left running, in one sentence (the CLI
   * prints it after the list of what would not stop).
   */
  leftoverAdvice(): string
  /**
   * The plugin jars that would go to a stand-in that never runs their code (the container
   * backend's local image), for these scenarios' container blocks; the CLI says so once.
   */
  standInPlugins?(blocks: ReadonlyArray<ContainerServerOptions | undefined>): string[]
}

/** What the embedded servers, mocks and storm clients left: they live in this process. */
export const IN_PROCESS_LEFTOVER_ADVICE = 'it ran inside this process, which ends it when it exits'
