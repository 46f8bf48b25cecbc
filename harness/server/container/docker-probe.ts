/**
 * Is a Docker daemon reachable, and if not, what should the user do? Used by the container
 * backend (fail with the fix) and by Docker tests (fail under CI=true, skip with the reason
 * elsewhere).
 */
import { getContainerRuntimeClient } from 'testcontainers'

export interface DockerProbe {
  ok: boolean
  reason?: string
}

let cached: Promise<DockerProbe> | undefined

export function probeDocker(timeoutMs = 10_000): Promise<DockerProbe> {
  cached ??= (async () => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      await Promise.race([getContainerRuntimeClient(), timeout])
      return { ok: true }
    } catch (error) {
      return {
        ok: false,
        reason: `no Docker daemon answers (${(error as Error).message.split('\n')[0]}). Start one with \`bash ci/docker-up.sh\` (as root; installs Debian's docker.io if needed) or set DOCKER_HOST`,
      }
    } finally {
      clearTimeout(timer)
    }
  })()
  return cached
}

/** Under CI a missing Docker is a failure, never a skip: a CI run that skipped its Docker tests would pass having proved nothing. */
export function mustHaveDocker(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1'
}
