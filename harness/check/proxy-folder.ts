import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { HarnessInputError } from '../errors.ts'
import type { ProxyType } from '../proxy/backend-link.ts'
import { readProxyFiles, type ProxyFileSettings } from '../server/container/proxy-files.ts'

/**
 * A host's proxy folder, read for `check --proxy-dir`: which proxy it is (by the file it keeps),
 * and its login settings, read by the one reader the stand-in proxy uses too (in its `check` mode:
 * forced hosts, the bind address and BungeeCord's throttle are named as not played, not refused).
 */
export interface ProxySetup {
  /** The folder, absolute. */
  dir: string
  settings: ProxyFileSettings
  /** The name the first server of the try order has: the backend the probes' `--dir` folder plays. */
  serverName: string
  /** The files read, relative to the folder (for the report). */
  files: string[]
}

/**
 * Which proxy a folder holds: Velocity keeps velocity.toml; BungeeCord and Waterfall keep
 * config.yml, and Waterfall adds waterfall.yml (Waterfall's WaterfallConfiguration reads it next
 * to BungeeCord's config.yml). Waterfall's login is BungeeCord's.
 */
export function proxyTypeOf(dir: string): ProxyType | undefined {
  if (existsSync(path.join(dir, 'velocity.toml'))) return 'velocity'
  if (existsSync(path.join(dir, 'config.yml'))) return existsSync(path.join(dir, 'waterfall.yml')) ? 'waterfall' : 'bungeecord'
  return undefined
}

/** Reads a proxy folder; bad input (no proxy files, a rule the probes cannot play) fails here, naming the file and key. */
export function loadProxyFolder(folder: string, flag = '--proxy-dir'): ProxySetup {
  const dir = path.resolve(folder)
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new HarnessInputError(
      `${flag} ${folder}: no such folder; pass the proxy's folder (the one with velocity.toml, or BungeeCord's config.yml)`,
    )
  }
  const type = proxyTypeOf(dir)
  if (!type) {
    throw new HarnessInputError(
      `${flag} ${folder}: neither velocity.toml (Velocity) nor config.yml (BungeeCord, Waterfall) is in it; pass the folder the proxy runs in`,
    )
  }
  const files: string[] = []
  const read = (relative: string) => {
    const file = path.join(dir, relative)
    if (!existsSync(file)) return undefined
    files.push(relative)
    return readFileSync(file, 'utf8')
  }
  let settings: ProxyFileSettings
  try {
    settings = readProxyFiles(type, read, {}, 'check')
  } catch (error) {
    if (error instanceof HarnessInputError) throw new HarnessInputError(`${flag} ${folder}: ${error.message}`)
    throw error
  }
  return { dir, settings, serverName: settings.servers[0]!.name, files }
}
