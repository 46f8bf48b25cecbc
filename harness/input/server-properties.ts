import { closestMatch } from '../did-you-mean.ts'
import { HarnessInputError } from '../errors.ts'
import type { LoginProperties } from './properties.ts'

/**
 * The one reader of server.properties text. Every backend reads a host's file through it: the
 * embedded server and `check` (`server/properties.ts` loads the file), the vitest fixtures, the
 * container builder (`withServerProperties(path)`, which turns the file into itzg's env) and the
 * local image (CUSTOM_SERVER_PROPERTIES values). So one file means the same server everywhere.
 *
 * Two layers, each copied from its source:
 * - the line syntax is java.util.Properties.load(Reader) (JDK 21 java/util/Properties.java,
 *   LineReader and loadConvert): `#`/`!` comment lines, `=`, `:` or whitespace between key and
 *   value, backslash escapes (`\t \n \r \f \uXXXX`, any other `\c` is `c`), a line ending in an odd
 *   number of backslashes continues on the next one (its leading whitespace dropped), the value
 *   keeps its trailing whitespace, the last duplicate wins;
 * - each value as vanilla reads it: net.minecraft.server.dedicated.Settings (Mojang mappings,
 *   1.16 ... 1.21): a boolean is `Boolean.valueOf(value)` (true when "true" in any case, anything
 *   else false), an int is `Integer.parseInt(value)` and a NumberFormatException falls back to the
 *   default without a word.
 *
 * Stricter than vanilla on purpose: where vanilla silently reads a value as false or as the default
 * (`online-mode=yes`, `max-players=lots`, `online-mode=true ` with a trailing space), this refuses
 * it naming file, line, key, value and what vanilla would have done, because a login test must not
 * inherit that kind of surprise. Case is vanilla's: `online-mode=TRUE` is true.
 */

export interface ServerPropertiesEntry {
  key: string
  value: string
  /** The 1-based line the entry starts on. */
  line: number
}

export interface ParsedServerProperties {
  properties: LoginProperties
  warnings: string[]
  /** The login keys the file actually set (others are vanilla defaults). */
  explicit: Array<keyof LoginProperties>
  /** `motd`, when the file sets it (what the status ping shows). */
  motd?: string
  /** Every key that is not a login key, with its value as the server reads it (last one wins). */
  others: Record<string, string>
}

/** Vanilla's defaults for a fresh server.properties (1.19.1+ for enforce-secure-profile). */
export const VANILLA_LOGIN_DEFAULTS: LoginProperties = {
  onlineMode: true,
  whiteList: false,
  enforceWhitelist: false,
  maxPlayers: 20,
  preventProxyConnections: false,
  enforceSecureProfile: true,
  // DedicatedServerProperties (1.20.5+): `acceptsTransfers = this.get("accepts-transfers", false)`.
  acceptsTransfers: false,
  serverPort: 25565,
}

type LoginKeySpec = { field: keyof LoginProperties } & ({ kind: 'boolean' } | { kind: 'int'; min: number; max: number })

/** server.properties keys the login depends on: their LoginProperties field and value rule. */
export const LOGIN_PROPERTY_KEYS: Readonly<Record<string, LoginKeySpec>> = {
  'online-mode': { field: 'onlineMode', kind: 'boolean' },
  'white-list': { field: 'whiteList', kind: 'boolean' },
  'enforce-whitelist': { field: 'enforceWhitelist', kind: 'boolean' },
  'max-players': { field: 'maxPlayers', kind: 'int', min: 0, max: 2147483647 },
  'prevent-proxy-connections': { field: 'preventProxyConnections', kind: 'boolean' },
  'enforce-secure-profile': { field: 'enforceSecureProfile', kind: 'boolean' },
  'accepts-transfers': { field: 'acceptsTransfers', kind: 'boolean' },
  'server-port': { field: 'serverPort', kind: 'int', min: 0, max: 65535 },
}

/** Vanilla keys (1.8 ... 26.x) that exist but do not change how a login ends. */
export const OTHER_VANILLA_KEYS: ReadonlySet<string> = new Set([
  'allow-flight',
  'allow-nether',
  'announce-player-achievements',
  'broadcast-console-to-ops',
  'broadcast-rcon-to-ops',
  'bug-report-link',
  'debug',
  'difficulty',
  'enable-code-of-conduct',
  'enable-command-block',
  'enable-jmx-monitoring',
  'enable-query',
  'enable-rcon',
  'enable-status',
  'entity-broadcast-range-percentage',
  'force-gamemode',
  'function-permission-level',
  'gamemode',
  'generate-structures',
  'generator-settings',
  'hardcore',
  'hide-online-players',
  'initial-disabled-packs',
  'initial-enabled-packs',
  'level-name',
  'level-seed',
  'level-type',
  'log-ips',
  'management-server-allowed-origins',
  'management-server-enabled',
  'management-server-host',
  'management-server-port',
  'management-server-secret',
  'management-server-tls-enabled',
  'management-server-tls-keystore',
  'management-server-tls-keystore-password',
  'max-build-height',
  'max-chained-neighbor-updates',
  'max-tick-time',
  'max-world-size',
  'motd',
  'network-compression-threshold',
  'op-permission-level',
  'pause-when-empty-seconds',
  'player-idle-timeout',
  'previews-chat',
  'pvp',
  'query.port',
  'rate-limit',
  'rcon.password',
  'rcon.port',
  'region-file-compression',
  'require-resource-pack',
  'resource-pack',
  'resource-pack-id',
  'resource-pack-prompt',
  'resource-pack-sha1',
  'server-ip',
  'simulation-distance',
  'snooper-enabled',
  'spawn-animals',
  'spawn-monsters',
  'spawn-npcs',
  'spawn-protection',
  'status-heartbeat-interval',
  'sync-chunk-writes',
  'text-filtering-config',
  'text-filtering-version',
  'use-native-transport',
  'view-distance',
])

/** Unknown keys listed one by one (with a spelling hint); past this, one line says how many more. */
const MAX_KEY_WARNINGS = 50
/** Keys longer than any vanilla key by this much get no spelling hint (the edit distance is quadratic). */
const MAX_HINT_KEY_LENGTH = 64

/** A whole server.properties text -> the login properties (vanilla defaults filled in), warnings, the rest. */
export function parseServerProperties(text: string, sourceName = 'server.properties'): ParsedServerProperties {
  // A binary file (an image, a world file, a zip) is not a server.properties: say so before
  // reading it as thousands of "unknown key" lines.
  const nul = text.indexOf('\u0000')
  if (nul >= 0) {
    throw new HarnessInputError(
      `${sourceName}: not a text file (a NUL byte at character ${nul}); pass your server's server.properties, a text file of key=value lines`,
    )
  }
  const properties: LoginProperties = { ...VANILLA_LOGIN_DEFAULTS }
  const warnings: string[] = []
  const others: Record<string, string> = {}
  let unknown = 0
  const explicit = new Set<keyof LoginProperties>()
  for (const { key, value, line } of readJavaProperties(text, sourceName)) {
    const spec = LOGIN_PROPERTY_KEYS[key]
    if (spec) {
      ;(properties as unknown as Record<string, boolean | number>)[spec.field] = loginPropertyValue(key, value, `${sourceName}:${line}`)
      explicit.add(spec.field)
      continue
    }
    others[key] = value
    if (!OTHER_VANILLA_KEYS.has(key)) {
      if (++unknown > MAX_KEY_WARNINGS) continue
      const hint = key.length <= MAX_HINT_KEY_LENGTH ? suggest(key) : undefined
      const shown = key.length > MAX_HINT_KEY_LENGTH ? `${key.slice(0, MAX_HINT_KEY_LENGTH)}...` : key
      warnings.push(
        `${sourceName}:${line}: unknown key "${shown}" ignored${hint ? ` (did you mean "${hint}"?)` : ' (not a vanilla server.properties key)'}`,
      )
    }
  }
  if (unknown > MAX_KEY_WARNINGS)
    warnings.push(`${sourceName}: ${unknown - MAX_KEY_WARNINGS} more unknown keys ignored (only the first ${MAX_KEY_WARNINGS} are listed)`)
  const motd = others.motd
  return { properties, warnings, explicit: [...explicit], others, ...(motd !== undefined ? { motd } : {}) }
}

/** Only the login keys a text sets (no defaults): what a builder merges into what it was given. */
export function explicitLoginProperties(parsed: ParsedServerProperties): Partial<LoginProperties> {
  const out: Partial<LoginProperties> = {}
  for (const field of parsed.explicit) (out as Record<string, unknown>)[field] = parsed.properties[field]
  return out
}

/** Login properties out of already split key/values (itzg's CUSTOM_SERVER_PROPERTIES); other keys are skipped. */
export function loginPropertiesOf(entries: ReadonlyMap<string, string>, where: string): Partial<LoginProperties> {
  const out: Partial<LoginProperties> = {}
  for (const [key, value] of entries) {
    const spec = LOGIN_PROPERTY_KEYS[key]
    if (spec) (out as Record<string, unknown>)[spec.field] = loginPropertyValue(key, value, where)
  }
  return out
}

/** The server.properties key and text of each login property set (the reverse of LOGIN_PROPERTY_KEYS). */
export function serverPropertiesOf(props: Partial<LoginProperties>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, { field }] of Object.entries(LOGIN_PROPERTY_KEYS)) {
    const v = props[field]
    if (v !== undefined) out.set(key, String(v))
  }
  return out
}

/** One login key's value as vanilla's Settings reads it, refusing what vanilla would silently misread. */
export function loginPropertyValue(key: string, value: string, where: string): boolean | number {
  const spec = LOGIN_PROPERTY_KEYS[key]
  if (!spec) throw new Error(`${key} is not a login property`)
  if (spec.kind === 'boolean') {
    // Settings.get(String, boolean): Boolean.valueOf, which is "true".equalsIgnoreCase(value).
    const lower = value.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    const trimmed = value.trim().toLowerCase()
    if (trimmed === 'true' || trimmed === 'false') {
      throw new HarnessInputError(
        `${where}: ${key}=${JSON.stringify(value)} has whitespace around the value, which the server keeps and then reads as false; remove it`,
      )
    }
    throw new HarnessInputError(`${where}: ${key}=${value} is not allowed; ${key} takes true or false (the server would read it as false)`)
  }
  // Settings.get(String, int): Integer.parseInt (an optional sign and decimal digits, nothing around them).
  const n = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
    const around = /^\s*[+-]?\d+\s*$/.test(value)
      ? ' (no whitespace around the number: the server cannot read it and uses the default)'
      : ''
    throw new HarnessInputError(
      `${where}: ${key}=${value} is not allowed; ${key} takes a whole number from ${spec.min} to ${spec.max}${around}`,
    )
  }
  return n
}

/**
 * java.util.Properties.load(Reader) line syntax (JDK 21 java/util/Properties.java): natural lines
 * end at \n, \r or \r\n; leading whitespace (space, \t, \f) is skipped; a line whose first other
 * character is `#` or `!` is a comment (and never continues); a line ending in an odd number of
 * backslashes continues on the next, whose leading whitespace is dropped; the key ends at the first
 * unescaped `=`, `:` or whitespace, then whitespace and one `=` or `:` (and whitespace after it) are
 * skipped; the rest, trailing whitespace included, is the value.
 */
export function readJavaProperties(text: string, sourceName = 'server.properties'): ServerPropertiesEntry[] {
  const out: ServerPropertiesEntry[] = []
  const lines = text.split(/\r\n|\r|\n/)
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    let logical = lines[i]!.replace(/^[ \t\f]+/, '')
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue
    while (endsWithOddBackslashes(logical)) {
      logical = logical.slice(0, -1)
      if (i + 1 >= lines.length) break
      logical += lines[++i]!.replace(/^[ \t\f]+/, '')
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
    const where = `${sourceName}:${lineNo}`
    out.push({ key: unescape(key, where), value: unescape(rest, where), line: lineNo })
  }
  return out
}

function endsWithOddBackslashes(s: string): boolean {
  const m = /\\+$/.exec(s)
  return !!m && m[0].length % 2 === 1
}

/** Properties.loadConvert: `\uXXXX` must have four hex digits (else IllegalArgumentException). */
function unescape(s: string, where: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|u|.)/g, (_m, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16))
    if (e === 'u') {
      throw new HarnessInputError(
        `${where}: a malformed \\uXXXX escape (java.util.Properties refuses the whole file); write four hex digits after \\u or escape the backslash as \\\\`,
      )
    }
    return e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e
  })
}

function suggest(key: string): string | undefined {
  const candidates = [...Object.keys(LOGIN_PROPERTY_KEYS), ...OTHER_VANILLA_KEYS]
  const normalized = key.toLowerCase().replace(/[_ ]/g, '-')
  const exact = candidates.find((c) => c === normalized)
  if (exact) return exact
  return closestMatch(normalized, candidates)
}
