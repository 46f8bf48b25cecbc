import type { SessionServerControl } from '../../session/types.ts'
import type { ServerConfig, StartedServer } from '../../server/types.ts'

export type BackendName = 'embedded' | 'container'

/**
 * Where a case's session server and game server run. The runner only ever sees this, so every
 * backend yields the same outcomes for the same scenario.
 */
export interface Backend {
  readonly name: BackendName
  /** Called once before any case (e.g. build an image, create a network). */
  prepare(): Promise<void>
  startSessionServer(): Promise<SessionServerControl>
  startServer(config: ServerConfig): Promise<StartedServer>
  /** Releases what prepare() made. Handles from start*() are stopped by the runner. */
  dispose(): Promise<void>
}
