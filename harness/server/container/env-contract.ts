/**
 * The environment contract both server images read: the itzg/minecraft-server variables, plus a
 * few harness extras (AUTH_GUARD*) for the local image. This module is pure: it turns an
 * environment into the embedded server's configuration and formats the one variable whose
 * syntax is subtle (JVM_DD_OPTS). It starts nothing.
 */
import { HarnessInputError } from '../../errors.ts'
import type { AuthMode, GuardOptions, LoginProperties, ServerConfig } from '../types.ts'
import { resolveVersion } from '../../versions.ts'

/** itzg's TYPE values (the common ones). The local image accepts them all and runs its embedded server. */
export const ITZG_TYPES = [
  'VANILLA', 'PAPER', 'SPIGOT', 'BUKKIT', 'PURPUR', 'FOLIA', 'PUFFERFISH', 'LEAF', 'FABRIC', 'QUILT',
  'FORGE', 'NEOFORGE', 'MAGMA', 'MOHIST', 'ARCLIGHT', 'KETTING', 'CATSERVER', 'SPONGEVANILLA', 'CANYON',
  'CUSTOM', 'LIMBO', 'MODRINTH', 'AUTO_CURSEFORGE', 'CURSEFORGE', 'FTBA',
] as const
export type ServerType = (typeof ITZG_TYPES)[number]

/** Types whose servers read bukkit.yml and load Bukkit plugins from /data/plugins. */
export const BUKKIT_FAMILY: readonly ServerType[] = ['PAPER', 'SPIGOT', 'BUKKIT', 'PURPUR', 'FOLIA', 'PUFFERFISH', 'LEAF', 'MAGMA', 'MOHIST', 'ARCLIGHT', 'KETTING', 'CATSERVER']

/** authlib's host properties: all of them, for every generation (see login-behaviour.md). */
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
 * Parses JVM_DD_OPTS into name -> value. itzg splits the variable on whitespace and turns the
 * FIRST ":" of each item into "=" (`-D${dopt/:/=}`), so `name:value` is its safe spelling for
 * values that contain colons (URLs). We also accept `name=value` and commas between items, and
 * split each item at whichever of "=" and ":" comes first.
 */
export function parseJvmDdOpts(raw: string | undefined, where = 'JVM_DD_OPTS'): Map<string, string> {
  const out = new Map<string, string>()
  if (!raw) return out
  for (const item of raw.split(/[\s,]+/).filter(Boolean)) {
    const body = item.startsWith('-D') ? item.slice(2) : item
    const eq = body.indexOf('=')
    const colon = body.indexOf(':')
    const cut = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon)
    if (cut <= 0) {
      throw new HarnessInputError(`${where}: "${item}" is not a name:value (or name=value) pair, e.g. ${SESSION_HOST_PROPERTY}:http://session:8080`)
    }
    out.set(body.slice(0, cut), body.slice(cut + 1))
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
        throw new HarnessInputError(`JVM_DD_OPTS: property ${name}=${value} contains a space, comma, ":" or "=" in a place itzg cannot carry; pick a value without them`)
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
  return raw.split(/[,\n]/).map((s) => s.trim()).filter(Boolean)
}

export interface LocalImageConfig {
  /** The itzg TYPE that was asked for; the local image always runs its embedded server. */
  requestedType: ServerType
  config: ServerConfig
}

/**
 * Reads the embedded server's configuration from the container environment (the local image's
 * entrypoint). Throws HarnessInputError naming the variable on bad input.
 */
export function parseLocalImageEnv(env: Env): LocalImageConfig {
  const requestedType = parseServerType(env.TYPE)
  const rawVersion = (env.VERSION ?? 'LATEST').trim()
  const version = resolveVersion(rawVersion.toUpperCase() === 'LATEST' ? 'latest' : rawVersion, 'VERSION')

  const onlineMode = parseBool(env.ONLINE_MODE, 'ONLINE_MODE') ?? true
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

  const whitelist = parseNameList(env.WHITELIST)
  const properties: Partial<LoginProperties> = { onlineMode }
  const enableWhitelist = parseBool(env.ENABLE_WHITELIST, 'ENABLE_WHITELIST')
  // itzg turns the whitelist on when WHITELIST names are given, unless told otherwise.
  const whiteList = enableWhitelist ?? (whitelist.length > 0 ? true : undefined)
  if (whiteList !== undefined) properties.whiteList = whiteList
  const enforceWhitelist = parseBool(env.ENFORCE_WHITELIST, 'ENFORCE_WHITELIST')
  if (enforceWhitelist !== undefined) properties.enforceWhitelist = enforceWhitelist
  const enforceSecureProfile = parseBool(env.ENFORCE_SECURE_PROFILE, 'ENFORCE_SECURE_PROFILE')
  if (enforceSecureProfile !== undefined) properties.enforceSecureProfile = enforceSecureProfile
  const preventProxy = parseBool(env.PREVENT_PROXY_CONNECTIONS, 'PREVENT_PROXY_CONNECTIONS')
  if (preventProxy !== undefined) properties.preventProxyConnections = preventProxy
  const maxPlayers = parseInt10(env.MAX_PLAYERS, 'MAX_PLAYERS', 0, 1_000_000)
  if (maxPlayers !== undefined) properties.maxPlayers = maxPlayers
  const port = parseInt10(env.SERVER_PORT, 'SERVER_PORT', 1, 65535) ?? 25565
  properties.serverPort = port

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
  if (auth === 'guarded') config.guard = parseGuardEnv(env)
  return { requestedType, config }
}

function parseGuardEnv(env: Env): GuardOptions {
  const guard: GuardOptions = { kind: 'authme' }
  const timeoutMs = parseInt10(env.AUTH_GUARD_TIMEOUT_MS, 'AUTH_GUARD_TIMEOUT_MS', 1, 3_600_000)
  if (timeoutMs !== undefined) guard.timeoutMs = timeoutMs
  const kickOnWrong = parseBool(env.AUTH_GUARD_KICK_ON_WRONG_PASSWORD, 'AUTH_GUARD_KICK_ON_WRONG_PASSWORD')
  if (kickOnWrong !== undefined) guard.kickOnWrongPassword = kickOnWrong
  const kickNonRegistered = parseBool(env.AUTH_GUARD_KICK_NON_REGISTERED, 'AUTH_GUARD_KICK_NON_REGISTERED')
  if (kickNonRegistered !== undefined) guard.kickNonRegistered = kickNonRegistered
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
