import { readFile } from 'node:fs/promises'
import { HarnessInputError } from '../errors.ts'
import type { LoginProperties } from './types.ts'
import { closestMatch } from '../did-you-mean.ts'

/**
 * A real server.properties -> the login-relevant `LoginProperties`, so a host can point the harness
 * at their own file. Missing keys take vanilla's defaults; vanilla keys that do not affect login are
 * accepted silently; keys vanilla does not know are returned as warnings (and ignored); a bad value
 * of a login key is an error naming file, line, key, value and what is allowed.
 *
 * Stricter than vanilla on purpose: vanilla reads `online-mode=yes` as false without a word, which
 * is exactly the kind of surprise a login test must not inherit.
 */
export interface ParsedServerProperties {
  properties: LoginProperties
  warnings: string[]
  /** The login keys the file actually set (others are vanilla defaults). */
  explicit: Array<keyof LoginProperties>
  /** `motd`, when the file sets it (what the status ping shows). */
  motd?: string
}

/** Vanilla's defaults for a fresh server.properties (1.19.1+ for enforce-secure-profile). */
export const VANILLA_LOGIN_DEFAULTS: LoginProperties = {
  onlineMode: true,
  whiteList: false,
  enforceWhitelist: false,
  maxPlayers: 20,
  preventProxyConnections: false,
  enforceSecureProfile: true,
  serverPort: 25565,
}

type Spec = { field: keyof LoginProperties } & ({ kind: 'boolean' } | { kind: 'int'; min: number; max: number })

const LOGIN_KEYS: Record<string, Spec> = {
  'online-mode': { field: 'onlineMode', kind: 'boolean' },
  'white-list': { field: 'whiteList', kind: 'boolean' },
  'enforce-whitelist': { field: 'enforceWhitelist', kind: 'boolean' },
  'max-players': { field: 'maxPlayers', kind: 'int', min: 0, max: 2147483647 },
  'prevent-proxy-connections': { field: 'preventProxyConnections', kind: 'boolean' },
  'enforce-secure-profile': { field: 'enforceSecureProfile', kind: 'boolean' },
  'server-port': { field: 'serverPort', kind: 'int', min: 0, max: 65535 },
}

/** Vanilla keys (1.8 ... 26.x) that exist but do not change how a login ends. */
const OTHER_VANILLA_KEYS = new Set([
  'accepts-transfers', 'allow-flight', 'allow-nether', 'announce-player-achievements', 'broadcast-console-to-ops',
  'broadcast-rcon-to-ops', 'bug-report-link', 'debug', 'difficulty', 'enable-code-of-conduct', 'enable-command-block',
  'enable-jmx-monitoring', 'enable-query', 'enable-rcon', 'enable-status', 'entity-broadcast-range-percentage',
  'force-gamemode', 'function-permission-level', 'gamemode', 'generate-structures', 'generator-settings', 'hardcore',
  'hide-online-players', 'initial-disabled-packs', 'initial-enabled-packs', 'level-name', 'level-seed', 'level-type',
  'log-ips', 'management-server-allowed-origins', 'management-server-enabled', 'management-server-host',
  'management-server-port', 'management-server-secret', 'management-server-tls-enabled',
  'management-server-tls-keystore', 'management-server-tls-keystore-password', 'max-build-height',
  'max-chained-neighbor-updates', 'max-tick-time', 'max-world-size', 'motd', 'network-compression-threshold',
  'op-permission-level', 'pause-when-empty-seconds', 'player-idle-timeout', 'previews-chat', 'pvp', 'query.port',
  'rate-limit', 'rcon.password', 'rcon.port', 'region-file-compression', 'require-resource-pack', 'resource-pack',
  'resource-pack-id', 'resource-pack-prompt', 'resource-pack-sha1', 'server-ip', 'simulation-distance',
  'snooper-enabled', 'spawn-animals', 'spawn-monsters', 'spawn-npcs', 'spawn-protection', 'status-heartbeat-interval',
  'sync-chunk-writes', 'text-filtering-config', 'text-filtering-version', 'use-native-transport', 'view-distance',
])

export async function loadServerProperties(file: string): Promise<ParsedServerProperties> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message
    throw new HarnessInputError(`server.properties ${file}: cannot read it (${why}); pass the path of your server's server.properties`)
  }
  return parseServerProperties(text, file)
}

/** Unknown keys listed one by one (with a spelling hint); past this, one line says how many more. */
const MAX_KEY_WARNINGS = 50
/** Keys longer than any vanilla key by this much get no spelling hint (the edit distance is quadratic). */
const MAX_HINT_KEY_LENGTH = 64

export function parseServerProperties(text: string, sourceName = 'server.properties'): ParsedServerProperties {
  // A binary file (an image, a world file, a zip) is not a server.properties: say so before
  // reading it as thousands of "unknown key" lines.
  const nul = text.indexOf('\u0000')
  if (nul >= 0) {
    throw new HarnessInputError(`${sourceName}: not a text file (a NUL byte at character ${nul}); pass your server's server.properties, a text file of key=value lines`)
  }
  const properties: LoginProperties = { ...VANILLA_LOGIN_DEFAULTS }
  const warnings: string[] = []
  let unknown = 0
  const explicit = new Set<keyof LoginProperties>()
  let motd: string | undefined
  for (const { key, value, line } of readJavaProperties(text)) {
    const spec = LOGIN_KEYS[key]
    if (key === 'motd') motd = value
    if (spec) {
      ;(properties as unknown as Record<string, boolean | number>)[spec.field] = parseValue(spec, key, value, `${sourceName}:${line}`)
      explicit.add(spec.field)
    } else if (!OTHER_VANILLA_KEYS.has(key)) {
      if (++unknown > MAX_KEY_WARNINGS) continue
      const hint = key.length <= MAX_HINT_KEY_LENGTH ? suggest(key) : undefined
      const shown = key.length > MAX_HINT_KEY_LENGTH ? `${key.slice(0, MAX_HINT_KEY_LENGTH)}...` : key
      warnings.push(`${sourceName}:${line}: unknown key "${shown}" ignored${hint ? ` (did you mean "${hint}"?)` : ' (not a vanilla server.properties key)'}`)
    }
  }
  if (unknown > MAX_KEY_WARNINGS) warnings.push(`${sourceName}: ${unknown - MAX_KEY_WARNINGS} more unknown keys ignored (only the first ${MAX_KEY_WARNINGS} are listed)`)
  return { properties, warnings, explicit: [...explicit], ...(motd !== undefined ? { motd } : {}) }
}

function parseValue(spec: Spec, key: string, raw: string, where: string): boolean | number {
  const value = raw.trim()
  if (spec.kind === 'boolean') {
    const lower = value.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    throw new HarnessInputError(`${where}: ${key}=${raw} is not allowed; ${key} takes true or false`)
  }
  const n = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
    throw new HarnessInputError(`${where}: ${key}=${raw} is not allowed; ${key} takes a whole number from ${spec.min} to ${spec.max}`)
  }
  return n
}

/** java.util.Properties line syntax: comments, `=`/`:`/space separators, escapes, continuations. */
function* readJavaProperties(text: string): Generator<{ key: string; value: string; line: number }> {
  const lines = text.split(/\r\n|\r|\n/)
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    let logical = lines[i]!.replace(/^[ \t\f]+/, '')
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue
    while (endsWithOddBackslashes(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '')
    }
    let k = 0
    let key = ''
    while (k < logical.length) {
      const c = logical[k]!
      if (c === '\\' && k + 1 < logical.length) {
        key += c + logical[k + 1]
        k += 2
        continue
      }
      if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break
      key += c
      k++
    }
    let rest = logical.slice(k).replace(/^[ \t\f]+/, '')
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '')
    yield { key: unescape(key), value: unescape(rest), line: lineNo }
  }
}

function endsWithOddBackslashes(s: string): boolean {
  const m = /\\+$/.exec(s)
  return !!m && m[0].length % 2 === 1
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16))
    return e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e
  })
}

function suggest(key: string): string | undefined {
  const candidates = [...Object.keys(LOGIN_KEYS), ...OTHER_VANILLA_KEYS]
  const normalized = key.toLowerCase().replace(/[_ ]/g, '-')
  const exact = candidates.find((c) => c === normalized)
  if (exact) return exact
  return closestMatch(normalized, candidates)
}
