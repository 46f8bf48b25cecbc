import type { SessionServerControl } from '../session/types.ts'
import type { ContainerServerOptions, ServerConfig, StartedServer } from '../server/types.ts'
import type { ResourceScope } from '../resource-scope.ts'

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
