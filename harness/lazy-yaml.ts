import { createRequire } from 'node:module'
import type * as Yaml from 'yaml'

const require = createRequire(import.meta.url)
let loaded: typeof Yaml | undefined

/**
 * The yaml package, loaded at its first use: only Paper's config files, plugin descriptors, proxy
 * files and `check` read YAML, and its ~70 modules would otherwise load with every command.
 */
export function yaml(): typeof Yaml {
  loaded ??= require('yaml') as typeof Yaml
  return loaded
}
