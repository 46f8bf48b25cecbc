/**
 * The environment contract both server images read: the itzg/minecraft-server variables, plus a
 * few harness extras (AUTH_GUARD*) for the local image. This module is pure: it turns an
 * environment into the embedded server's configuration and formats the one variable whose
 * syntax is subtle (JVM_DD_OPTS). It starts nothing.
 */
import { HarnessInputError } from '../../errors.ts'
import type { AuthMode, GuardOptions, LoginProperties, ServerConfig } from '../types.ts'
import { resolveVersion } from '../../versions.ts'
import { loginPropertiesOf, serverPropertiesOf } from '../../input/server-properties.ts'
import { parseInput, serverCookiesSchema, type ServerCookies } from '../../input/index.ts'

/** HARNESS_COOKIES (a harness extra): the scenario's cookie hook as JSON (input/cookies.ts). */
function parseCookiesEnv(text: string): ServerCookies {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HarnessInputError('HARNESS_COOKIES: not JSON; give the cookies block as JSON, e.g. {"store":{"lobby:ticket":"gold"}}')
  }
  return parseInput(serverCookiesSchema, value, 'HARNESS_COOKIES')
}

/** itzg's TYPE values (the common ones). The local image accepts them all and runs its embedded server. */
export const ITZG_TYPES = [
  'VANILLA',
  'PAPER',
  'SPIGOT',
  'BUKKIT',
  'PURPUR',
  'FOLIA',
  'PUFFERFISH',
  'LEAF',
  'FABRIC',
  'QUILT',
  'FORGE',
  'NEOFORGE',
  'MAGMA',
  'MOHIST',
  'ARCLIGHT',
  'KETTING',
  'CATSERVER',
  'SPONGEVANILLA',
  'CANYON',
  'CUSTOM',
  'LIMBO',
  'MODRINTH',
  'AUTO_CURSEFORGE',
  'CURSEFORGE',
  'FTBA',
] as const
export type ServerType = (typeof ITZG_TYPES)[number]

/**
 * Types whose servers read bukkit.yml and load Bukkit plugins from /data/plugins: the one list the
 * container plan (what it accepts with withPlugins, withGuard, withConnectionThrottle) and the local
 * image (whether it syncs /plugins) both ask, through usesPlugins().
 *
 * itzg/docker-minecraft-server (scripts/start-utils usesPlugins(), commit f61f721, after tag
 * 2026.8.1): plugins are used when the deploy script set FAMILY=SPIGOT (start-deployPaper (also
 * Folia's), -BukkitSpigot, -Purpur, -Pufferfish, -Leaf, -Canyon, -Poseidon) or FAMILY=HYBRID
 * (start-deployMagma, -Mohist, -ArcLight, -Ketting, -Crucible). FABRIC, QUILT, FORGE and NEOFORGE
 * are FAMILY=FABRIC/FORGE: usesMods() only, their PLUGINS go to the mods folder and /plugins is never
 * synced, so a Bukkit plugin never loads there. CATSERVER was removed from itzg since; kept so an
 * older image's TYPE still reads as the hybrid it was.
 */
export const BUKKIT_FAMILY: readonly ServerType[] = [
  'PAPER',
  'SPIGOT',
  'BUKKIT',
  'PURPUR',
  'FOLIA',
  'PUFFERFISH',
  'LEAF',
  'CANYON',
  'MAGMA',
  'MOHIST',
  'ARCLIGHT',
  'KETTING',
  'CATSERVER',
]

/** authlib's host properties: all of them, set at once, so every authlib generation finds the one it reads. */
export const SESSION_HOST_PROPERTY = 'minecraft.api.session.host'
export const AUTHLIB_HOST_PROPERTIES = [
  'minecraft.api.auth.host',
  'minecraft.api.account.host',
  SESSION_HOST_PROPERTY,
  'minecraft.api.services.host',
  'minecraft.api.profiles.host',
] as const

export type Env = Record<string, string | undefined>

export function parseServerType(raw: string | undefined, where = 'TYPE'): ServerType {
  const value = (raw ?? 'VANILLA').trim().toUpperCase()
  if ((ITZG_TYPES as readonly string[]).includes(value)) return value as ServerType
  throw new HarnessInputError(`${where}: unknown server type "${raw}". Use one of itzg's types: ${ITZG_TYPES.join(', ')}`)
}

/**
 * Which server image: `itzg` (real servers, the Java tag chosen per version), `local` (the
 * stand-in built here) or an image reference (it has a "/" or ":"). `where` names the input
 * (MC_LOGIN_HARNESS_IMAGE, --image).
 */
export function parseImageChoice(raw: string, where: string): string {
  const value = raw.trim()
  const kind = value.toLowerCase()
  if (kind === 'itzg' || kind === 'local') return kind
  if (/^[\w.\-/:@]+$/.test(value) && /[/:]/.test(value)) return value
  throw new HarnessInputError(`${where}: "${raw}" is neither itzg, local nor an image reference such as itzg/minecraft-server:java21`)
}

/**
 * Parses JVM_DD_OPTS exactly as itzg does (scripts/start-finalExec:
 * `for dopt in $JVM_DD_OPTS; do JVM_OPTS="-D${dopt/:/=} ${JVM_OPTS}"`): the value is split on
 * whitespace only, and the FIRST ":" of each item becomes "=", so `name:value` is the spelling
 * that carries URLs. Java then splits `-Dname=value` at its first "="; an item without either
 * is a property with an empty value. A comma is NOT a separator there (it stays in the value), and
 * an item written `-Dname=...` would become `-D-Dname=...`: both are refused here, since on itzg
 * they silently give the wrong property.
 */
export function parseJvmDdOpts(raw: string | undefined, where = 'JVM_DD_OPTS'): Map<string, string> {
  const out = new Map<string, string>()
  if (!raw) return out
  for (const item of raw.split(/\s+/).filter(Boolean)) {
    if (item.startsWith('-D')) {
      throw new HarnessInputError(
        `${where}: "${item}" starts with -D; itzg adds -D itself (it would pass -D${item}), write ${item.slice(2).replace('=', ':')}`,
      )
    }
    const flag = item.replace(':', '=')
    const eq = flag.indexOf('=')
    const name = eq < 0 ? flag : flag.slice(0, eq)
    const value = eq < 0 ? '' : flag.slice(eq + 1)
    if (name === '')
      throw new HarnessInputError(`${where}: "${item}" is not a name:value pair, e.g. ${SESSION_HOST_PROPERTY}:http://session:8080`)
    if (name.includes(',') || /,[\w.]+[:=]/.test(value)) {
      throw new HarnessInputError(
        `${where}: "${item}" looks like a comma-separated list; itzg separates items by spaces only (the comma would stay in the value)`,
      )
    }
    out.set(name, value)
  }
  return out
}

/**
 * Formats system properties for itzg's JVM_DD_OPTS: space separated `name:value` items, the only
 * spelling that survives itzg's first-colon substitution when a value is a URL.
 */
export function formatJvmDdOpts(props: ReadonlyMap<string, string> | Record<string, string>): string {
  const entries = props instanceof Map ? [...props.entries()] : Object.entries(props)
  return entries
    .map(([name, value]) => {
      if (/[\s,]/.test(name) || /[\s,]/.test(value) || name.includes(':') || name.includes('=')) {
        throw new HarnessInputError(
          `JVM_DD_OPTS: property ${name}=${value} contains a space, comma, ":" or "=" in a place itzg cannot carry; pick a value without them`,
        )
      }
      return `${name}:${value}`
    })
    .join(' ')
}

export function parseBool(raw: string | undefined, where: string): boolean | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  const v = raw.trim().toLowerCase()
  if (v === 'true' || v === '1' || v === 'yes') return true
  if (v === 'false' || v === '0' || v === 'no') return false
  throw new HarnessInputError(`${where}: "${raw}" is not a boolean; use TRUE or FALSE`)
}

function parseInt10(raw: string | undefined, where: string, min: number, max: number): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  const n = Number(raw.trim())
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new HarnessInputError(`${where}: "${raw}" is not a whole number between ${min} and ${max}`)
  }
  return n
}

/** itzg's WHITELIST: names (or UUIDs) separated by commas or newlines. */
export function parseNameList(raw: string | undefined): string[] {
  if (!raw) return []
  return raw
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/** Whether a TYPE loads Bukkit plugins (itzg's scripts/start-setupMounts syncs /plugins only then); see BUKKIT_FAMILY. */
export function usesPlugins(type: ServerType): boolean {
  return BUKKIT_FAMILY.includes(type)
}

/**
 * itzg's CUSTOM_SERVER_PROPERTIES (scripts/start-setupServerProperties hands it to
 * `mc-image-helper set-properties --custom-property`): newline separated `key=value` lines,
 * blank lines ignored. A line without "=" is refused: on itzg it is silently dropped.
 */
export function parseCustomServerProperties(raw: string | undefined, where = 'CUSTOM_SERVER_PROPERTIES'): Map<string, string> {
  const out = new Map<string, string>()
  if (!raw) return out
  raw.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#')) return
    const eq = trimmed.indexOf('=')
    if (eq <= 0) throw new HarnessInputError(`${where}: line ${i + 1} "${trimmed}" is not key=value (one property per line)`)
    out.set(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim())
  })
  return out
}

/** itzg's MEMORY (scripts/start-finalExec turns it into -Xms/-Xmx): a size such as 1G or 512M. */
export function parseMemory(raw: string | undefined, where = 'MEMORY'): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  if (!/^\d+[kKmMgG]?$/.test(raw.trim())) throw new HarnessInputError(`${where}: "${raw}" is not a JVM heap size; use e.g. 1G or 512M`)
  return raw.trim()
}

/**
 * Rewrites a server.properties text with `updates` the way itzg's set-properties does: existing
 * keys get the new value in place, new keys are appended, other lines are kept.
 */
export function mergeServerProperties(existing: string, updates: ReadonlyMap<string, string>): string {
  const left = new Map(updates)
  const lines = existing === '' ? [] : existing.replace(/\r?\n$/, '').split(/\r?\n/)
  const out = lines.map((line) => {
    const m = /^\s*([^#!=:\s][^=:\s]*)\s*[=:]/.exec(line)
    if (!m || !left.has(m[1]!)) return line
    const value = left.get(m[1]!)!
    left.delete(m[1]!)
    return `${m[1]}=${value}`
  })
  for (const [k, v] of left) out.push(`${k}=${v}`)
  return out.join('\n') + '\n'
}

export interface LocalImageConfig {
  /** The itzg TYPE that was asked for; the local image always runs its embedded server. */
  requestedType: ServerType
  config: ServerConfig
  /** What goes into /data/server.properties (itzg's named variables, then CUSTOM_SERVER_PROPERTIES). */
  serverProperties: Map<string, string>
  /** MEMORY as given (the embedded server has no JVM heap; accepted so the contract is the same). */
  memory?: string
}

/**
 * Reads the embedded server's configuration from the container environment (the local image's
 * entrypoint). Throws HarnessInputError naming the variable on bad input.
 */
export function parseLocalImageEnv(env: Env): LocalImageConfig {
  // itzg's scripts/start-configuration: "Please accept the Minecraft EULA ... by adding -e EULA=TRUE", exit 1.
  if (env.EULA !== undefined && parseBool(env.EULA, 'EULA') !== true) {
    throw new HarnessInputError('EULA: the Minecraft EULA is not accepted; set EULA=TRUE (itzg refuses to start without it)')
  }
  const requestedType = parseServerType(env.TYPE)
  const rawVersion = (env.VERSION ?? 'LATEST').trim()
  const version = resolveVersion(rawVersion.toUpperCase() === 'LATEST' ? 'latest' : rawVersion, 'VERSION')
  const memory = parseMemory(env.MEMORY)

  const custom = parseCustomServerProperties(env.CUSTOM_SERVER_PROPERTIES)
  const customLogin = loginPropertiesOf(custom, 'CUSTOM_SERVER_PROPERTIES')
  const onlineMode = parseBool(env.ONLINE_MODE, 'ONLINE_MODE') ?? customLogin.onlineMode ?? true
  if (customLogin.onlineMode !== undefined && customLogin.onlineMode !== onlineMode) {
    throw new HarnessInputError(
      `CUSTOM_SERVER_PROPERTIES: online-mode=${customLogin.onlineMode} contradicts ONLINE_MODE=${env.ONLINE_MODE}; set only one`,
    )
  }
  const guardKind = env.AUTH_GUARD?.trim().toLowerCase()
  if (guardKind && guardKind !== 'authme') {
    throw new HarnessInputError(`AUTH_GUARD: "${env.AUTH_GUARD}" is not a known guard; the only one is "authme"`)
  }
  if (guardKind && onlineMode) {
    throw new HarnessInputError('AUTH_GUARD=authme guards an offline-mode server: set ONLINE_MODE=FALSE as well')
  }
  const auth: AuthMode = guardKind ? 'guarded' : onlineMode ? 'premium' : 'cracked'

  const ddOpts = parseJvmDdOpts(env.JVM_DD_OPTS)
  const sessionServer = ddOpts.get(SESSION_HOST_PROPERTY) || undefined
  if (auth === 'premium' && !sessionServer) {
    throw new HarnessInputError(
      `ONLINE_MODE=TRUE needs the mock session server: set JVM_DD_OPTS to "${SESSION_HOST_PROPERTY}:http://<host>:<port>" (this image never calls Mojang)`,
    )
  }
  if (sessionServer && !/^https?:\/\/[^\s]+$/.test(sessionServer)) {
    throw new HarnessInputError(`JVM_DD_OPTS: ${SESSION_HOST_PROPERTY} must be an http(s) URL, got "${sessionServer}"`)
  }

  const whitelistEntries = parseNameList(env.WHITELIST)
  const whitelistUuids = whitelistEntries.filter((e) => UUID_RE.test(e))
  const whitelist = whitelistEntries.filter((e) => !UUID_RE.test(e))
  if (onlineMode && whitelist.length > 0) {
    // itzg (scripts/start-setupRbac, mc-image-helper manage-users) looks bare names up online
    // (playerdb/Mojang) and stores Mojang's UUIDs: they never match the mock's premium UUIDs.
    throw new HarnessInputError(
      `WHITELIST: ${whitelist.join(', ')} ${whitelist.length === 1 ? 'is a name' : 'are names'}; on an online-mode server itzg resolves names at Mojang, whose UUIDs never match the mock's. Send the UUIDs the server will see (the mock's premium UUIDs)`,
    )
  }
  const properties: Partial<LoginProperties> = { onlineMode }
  const enableWhitelist = parseBool(env.ENABLE_WHITELIST, 'ENABLE_WHITELIST')
  const whiteList = enableWhitelist ?? (whitelistEntries.length > 0 ? true : undefined)
  if (whiteList !== undefined) properties.whiteList = whiteList
  const enforceWhitelist = parseBool(env.ENFORCE_WHITELIST, 'ENFORCE_WHITELIST')
  if (enforceWhitelist !== undefined) properties.enforceWhitelist = enforceWhitelist
  // itzg's scripts/start-setupServerProperties: WHITELIST (or ENABLE_WHITELIST=TRUE) sets both
  // white-list and enforce-whitelist to true, whatever ENFORCE_WHITELIST says.
  if (whitelistEntries.length > 0 || enableWhitelist === true) {
    properties.whiteList = true
    properties.enforceWhitelist = true
  }
  const enforceSecureProfile = parseBool(env.ENFORCE_SECURE_PROFILE, 'ENFORCE_SECURE_PROFILE')
  if (enforceSecureProfile !== undefined) properties.enforceSecureProfile = enforceSecureProfile
  const preventProxy = parseBool(env.PREVENT_PROXY_CONNECTIONS, 'PREVENT_PROXY_CONNECTIONS')
  if (preventProxy !== undefined) properties.preventProxyConnections = preventProxy
  const maxPlayers = parseInt10(env.MAX_PLAYERS, 'MAX_PLAYERS', 0, 1_000_000)
  if (maxPlayers !== undefined) properties.maxPlayers = maxPlayers
  const port = parseInt10(env.SERVER_PORT, 'SERVER_PORT', 1, 65535) ?? customLogin.serverPort ?? 25565
  properties.serverPort = port
  // CUSTOM_SERVER_PROPERTIES comes last in itzg's set-properties, so it wins over the named
  // variables (except online-mode, checked above, and the forced whitelist pair).
  const { whiteList: _w, enforceWhitelist: _e, ...customRest } = customLogin
  Object.assign(properties, customRest)
  if (!properties.whiteList) {
    if (customLogin.whiteList !== undefined) properties.whiteList = customLogin.whiteList
    if (customLogin.enforceWhitelist !== undefined) properties.enforceWhitelist = customLogin.enforceWhitelist
  }
  const serverProperties = new Map([...serverPropertiesOf(properties), ...custom, ...serverPropertiesOf(properties)])

  const config: ServerConfig = { auth, version, host: '0.0.0.0', port, properties }
  // Harness extras (no itzg equivalent): what the embedded server models of vanilla and authlib.
  const bannedNames = parseNameList(env.HARNESS_BANNED_NAMES)
  if (bannedNames.length > 0) config.bannedNames = bannedNames
  const bannedIps = parseNameList(env.HARNESS_BANNED_IPS)
  if (bannedIps.length > 0) config.bannedIps = bannedIps
  const deadline = parseInt10(env.HARNESS_LOGIN_DEADLINE_MS, 'HARNESS_LOGIN_DEADLINE_MS', 100, 600_000)
  if (deadline !== undefined) config.loginDeadlineMs = deadline
  const hasJoinedTimeout = parseInt10(env.HARNESS_HAS_JOINED_TIMEOUT_MS, 'HARNESS_HAS_JOINED_TIMEOUT_MS', 100, 60_000)
  if (hasJoinedTimeout !== undefined) config.hasJoinedTimeoutMs = hasJoinedTimeout
  if (sessionServer && auth === 'premium') config.sessionServer = sessionServer.replace(/\/+$/, '')
  if (whitelist.length > 0) config.whitelist = whitelist
  if (whitelistUuids.length > 0) config.lists = { whitelist: whitelistUuids.map((uuid) => ({ uuid, name: '' })) }
  if (auth === 'guarded') config.guard = parseGuardEnv(env)
  if (env.HARNESS_COOKIES) config.cookies = parseCookiesEnv(env.HARNESS_COOKIES)
  const out: LocalImageConfig = { requestedType, config, serverProperties }
  if (memory !== undefined) out.memory = memory
  return out
}

function parseGuardEnv(env: Env): GuardOptions {
  const guard: GuardOptions = { kind: 'authme' }
  const timeoutMs = parseInt10(env.AUTH_GUARD_TIMEOUT_MS, 'AUTH_GUARD_TIMEOUT_MS', 1, 3_600_000)
  if (timeoutMs !== undefined) guard.timeoutMs = timeoutMs
  const kickOnWrong = parseBool(env.AUTH_GUARD_KICK_ON_WRONG_PASSWORD, 'AUTH_GUARD_KICK_ON_WRONG_PASSWORD')
  if (kickOnWrong !== undefined) guard.kickOnWrongPassword = kickOnWrong
  const kickNonRegistered = parseBool(env.AUTH_GUARD_KICK_NON_REGISTERED, 'AUTH_GUARD_KICK_NON_REGISTERED')
  if (kickNonRegistered !== undefined) guard.kickNonRegistered = kickNonRegistered
  // AuthMe's AntiBot and per-address limits; left out, the guard's test set-up applies (input/authme-settings.ts).
  const antiBot = env.AUTH_GUARD_ANTIBOT?.trim()
  if (antiBot) {
    if (antiBot.startsWith('{')) {
      try {
        guard.antiBot = JSON.parse(antiBot)
      } catch {
        throw new HarnessInputError('AUTH_GUARD_ANTIBOT: not JSON; use TRUE, FALSE or e.g. {"delaySeconds":0}')
      }
    } else {
      guard.antiBot = parseBool(antiBot, 'AUTH_GUARD_ANTIBOT')
    }
  }
  for (const [name, field] of [
    ['AUTH_GUARD_MAX_REG_PER_IP', 'maxRegPerIp'],
    ['AUTH_GUARD_MAX_LOGIN_PER_IP', 'maxLoginPerIp'],
    ['AUTH_GUARD_MAX_JOIN_PER_IP', 'maxJoinPerIp'],
  ] as const) {
    const value = parseInt10(env[name], name, 0, 1000)
    if (value !== undefined) guard[field] = value
  }
  const single = parseBool(env.AUTH_GUARD_FORCE_SINGLE_SESSION, 'AUTH_GUARD_FORCE_SINGLE_SESSION')
  if (single !== undefined) guard.forceSingleSession = single
  if (env.AUTH_GUARD_REGISTERED) {
    let parsed: unknown
    try {
      parsed = JSON.parse(env.AUTH_GUARD_REGISTERED)
    } catch {
      throw new HarnessInputError('AUTH_GUARD_REGISTERED: not JSON; use an object of name -> password, e.g. {"Alice":"secret"}')
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
      throw new HarnessInputError('AUTH_GUARD_REGISTERED: must be an object of name -> password strings, e.g. {"Alice":"secret"}')
    }
    guard.registered = parsed as Record<string, string>
  }
  return guard
}
