import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * The version of the dependency `name` as installed here (its package.json), or `unknown (why)`:
 * each speed-up that patches a dependency is tried only with the release it was tested with.
 */
export function installedVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version
  } catch (error) {
    return `unknown (${(error as Error).message.split('\n')[0]})`
  }
}
