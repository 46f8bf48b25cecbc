import { HarnessInputError } from '../errors.ts'
import type { ContainerServerOptions } from '../server/types.ts'
import type { Backend, BackendName } from './backend.ts'
import { EmbeddedBackend } from './embedded.ts'

/** Scenarios run at once by default: containers cost a process and ~0.5 s each, embedded servers next to nothing. */
export const DEFAULT_CONCURRENCY: Record<BackendName, number> = { embedded: 8, container: 4 }

/**
 * The container backend is imported only when asked for: testcontainers (and its Docker client)
 * would otherwise load on every embedded run.
 */
/**
 * `container` (run-wide, from `run`'s flags, already checked) replaces the matching
 * MC_LOGIN_HARNESS_* variable setting by setting; a scenario's own server.container wins over both.
 */
export async function createBackend(name: BackendName | string, container?: ContainerServerOptions): Promise<Backend> {
  switch (name) {
    case 'embedded':
      return new EmbeddedBackend()
    case 'container': {
      const { ContainerBackend, containerBackendOptionsFromEnv, withRunOptions } = await import('./container.ts')
      return new ContainerBackend(withRunOptions(containerBackendOptionsFromEnv(), container))
    }
    default:
      throw new HarnessInputError(`--backend: "${name}" is not a backend; use embedded or container`)
  }
}
