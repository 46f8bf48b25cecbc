import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The package's own root: the nearest folder above this module whose package.json is
 * mc-login-harness's. Walking up (instead of a fixed `../..`) keeps it right from the sources
 * (harness/scenario/) and from the compiled package (dist/scenario/) alike, and wherever npm
 * installed it (node_modules/mc-login-harness, a workspace link).
 */
export function packageRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json')
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'mc-login-harness') return dir
      } catch {
        // An unreadable package.json above us is someone else's; keep walking.
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`mc-login-harness: no package.json of mc-login-harness above ${from}`)
  }
}

/** The built-in suite shipped with the package (`files` in package.json lists scenarios/). */
export function builtinScenariosDir(): string {
  return path.join(packageRoot(), 'scenarios')
}

/** This package's version (package.json), which blob reports record and merge-reports checks. */
export function harnessVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
}
