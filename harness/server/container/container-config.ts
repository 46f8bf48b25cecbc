/**
 * Pure: turns what a test asks of a containerised server into the environment and files of its
 * container, for the real itzg/minecraft-server image and for the harness's local image. Both
 * read the same variables, so one spec runs on either.
 */
import path from 'node:path'
import { HarnessInputError } from '../../errors.ts'
import type { AuthMode, GuardOptions, LoginProperties } from '../types.ts'
import {
  AUTHLIB_HOST_PROPERTIES,
  BUKKIT_FAMILY,
  formatJvmDdOpts,
  type ServerType,
} from './env-contract.ts'

export type ImageKind = 'itzg' | 'local'

export const ITZG_IMAGE = 'itzg/minecraft-server'
export const LOCAL_IMAGE = 'mc-login-harness/embedded:local'
/** Where a mounted authlib-injector jar lands inside an itzg container. */
export const AUTHLIB_INJECTOR_TARGET = '/harness/authlib-injector.jar'

export interface ContainerServerSpec {
  image: ImageKind
  type: ServerType
  auth: AuthMode
  /** `latest` or a concrete version such as `1.20.4`. */
  version: string
  /** Session server base URL as the server container sees it (e.g. `http://session:8080`). */
  sessionServer?: string
  properties?: Partial<LoginProperties>
  whitelist?: string[]
  guard?: GuardOptions
  /**
   * Plugin sources: `https://...jar` (itzg PLUGINS), `modrinth:<project>[:<version>]`
   * (MODRINTH_PROJECTS), `spiget:<resourceId>` (SPIGET_RESOURCES) or a path to a local jar
   * (copied into /plugins, which itzg syncs into /data/plugins).
   */
  plugins?: string[]
  /** Host path of authlib-injector.jar: needed for premium on 1.15 and older (itzg). */
  authlibInjectorJar?: string
  /** Bukkit's connection throttle; off by default because bots arrive from the bridge gateway. */
  connectionThrottleMs?: number
  /** Local image only (itzg has no variable for bans). */
  bannedNames?: string[]
  /** Local image only. Bots reach a container from Docker's bridge gateway, not 127.0.0.1. */
  bannedIps?: string[]
  /** Local image only: a real server has vanilla's own deadline (30 s). */
  loginDeadlineMs?: number
  /** Local image only: a real server has authlib's own timeouts (5 s). */
  hasJoinedTimeoutMs?: number
}

export interface ContainerPlan {
  env: Record<string, string>
  /** Host files to copy into the container before it starts. */
  files: { source: string; target: string }[]
  /** Generated files to copy into the container before it starts. */
  contents: { content: string; target: string }[]
  /** The port the server listens on inside the container. */
  containerPort: number
}

/** How a server version is pointed at a non-Mojang session server (login-behaviour.md). */
export type AuthlibGeneration = 'authlib-injector' | 'auth-account-session' | 'session-services-profiles' | 'discovery-or-env'

function versionTuple(version: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(version)) return undefined
  return version.split('.').map(Number)
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** The generation of authlib a server version ships; `latest` and snapshots count as the newest. */
export function authlibGeneration(version: string): AuthlibGeneration {
  const t = versionTuple(version)
  if (!t) return 'session-services-profiles'
  if (compareVersions(t, [1, 16]) < 0) return 'authlib-injector'
  if (compareVersions(t, [1, 20, 2]) < 0) return 'auth-account-session'
  if (compareVersions(t, [26, 3]) < 0) return 'session-services-profiles'
  return 'discovery-or-env'
}

/**
 * The -D properties that redirect authlib to `url`: every generation's host set at once (each
 * generation ignores the ones it does not know, and ignores a partial set), plus
 * `minecraft.api.env=custom` for 26.3+.
 */
export function sessionRedirectProperties(url: string): Map<string, string> {
  const props = new Map<string, string>()
  for (const name of AUTHLIB_HOST_PROPERTIES) props.set(name, url)
  props.set('minecraft.api.env', 'custom')
  return props
}

function bool(v: boolean): string {
  return v ? 'TRUE' : 'FALSE'
}

function checkUrl(url: string, where: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new HarnessInputError(`${where}: "${url}" is not a URL; pass the session server's server-facing URL, e.g. http://session:8080`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HarnessInputError(`${where}: "${url}" must be http(s)`)
  }
  return url.replace(/\/+$/, '')
}

/** bukkit.yml keys the harness needs; Paper/Spigot fill in the rest of the file on start. */
export function bukkitYml(connectionThrottleMs: number): string {
  return `settings:\n  connection-throttle: ${connectionThrottleMs}\n`
}

/**
 * AuthMe's config keys for the guard options (AuthMe adds every missing key with its default on
 * start). Unverified against a live AuthMe here: no plugin download is possible on this machine.
 */
export function authMeConfigYml(guard: GuardOptions): string {
  const timeoutS = Math.max(1, Math.round((guard.timeoutMs ?? 30_000) / 1000))
  return [
    'settings:',
    '  restrictions:',
    `    timeout: ${timeoutS}`,
    `    kickNonRegistered: ${guard.kickNonRegistered ?? false}`,
    `    kickOnWrongPassword: ${guard.kickOnWrongPassword ?? true}`,
    '',
  ].join('\n')
}

function sortPlugins(plugins: readonly string[]): { urls: string[]; modrinth: string[]; spiget: string[]; files: string[] } {
  const out = { urls: [] as string[], modrinth: [] as string[], spiget: [] as string[], files: [] as string[] }
  for (const p of plugins) {
    if (/^https?:\/\//.test(p)) out.urls.push(p)
    else if (p.startsWith('modrinth:')) out.modrinth.push(p.slice('modrinth:'.length))
    else if (p.startsWith('spiget:')) out.spiget.push(p.slice('spiget:'.length))
    else if (p.endsWith('.jar')) out.files.push(p)
    else {
      throw new HarnessInputError(
        `withPlugins: "${p}" is neither an http(s) URL, "modrinth:<project>", "spiget:<id>" nor a path to a .jar file`,
      )
    }
  }
  return out
}

const looksLikeAuthMe = (p: string) => /authme/i.test(p)

/** The env and files for `spec`. Throws HarnessInputError for combinations that cannot work. */
export function buildContainerPlan(spec: ContainerServerSpec): ContainerPlan {
  const env: Record<string, string> = {}
  const files: ContainerPlan['files'] = []
  const contents: ContainerPlan['contents'] = []
  const props = spec.properties ?? {}
  const containerPort = props.serverPort ?? 25565

  env.EULA = 'TRUE'
  env.TYPE = spec.type
  env.VERSION = spec.version === 'latest' ? 'LATEST' : spec.version
  const online = spec.auth === 'premium'
  if (props.onlineMode !== undefined && props.onlineMode !== online) {
    throw new HarnessInputError(
      `withServerProperties: online-mode=${props.onlineMode} contradicts auth "${spec.auth}" (premium is online, cracked and guarded are offline); drop the property or change withAuth()`,
    )
  }
  env.ONLINE_MODE = bool(online)
  if (props.whiteList !== undefined) env.ENABLE_WHITELIST = bool(props.whiteList)
  if (props.enforceWhitelist !== undefined) env.ENFORCE_WHITELIST = bool(props.enforceWhitelist)
  if (props.maxPlayers !== undefined) env.MAX_PLAYERS = String(props.maxPlayers)
  if (props.preventProxyConnections !== undefined) env.PREVENT_PROXY_CONNECTIONS = bool(props.preventProxyConnections)
  if (props.enforceSecureProfile !== undefined) env.ENFORCE_SECURE_PROFILE = bool(props.enforceSecureProfile)
  if (props.serverPort !== undefined) env.SERVER_PORT = String(props.serverPort)
  if (spec.whitelist && spec.whitelist.length > 0) {
    for (const name of spec.whitelist) {
      if (!/^[A-Za-z0-9_-]{1,36}$/.test(name)) {
        throw new HarnessInputError(`withWhitelist: "${name}" is not a player name or UUID (letters, digits, "_", "-")`)
      }
    }
    env.WHITELIST = spec.whitelist.join(',')
    env.ENABLE_WHITELIST ??= 'TRUE'
  }

  const ddOpts = new Map<string, string>()
  if (online) {
    if (!spec.sessionServer) {
      throw new HarnessInputError('withAuth("premium") needs withSessionServer(url): the server must ask the mock session server, never Mojang')
    }
    const url = checkUrl(spec.sessionServer, 'withSessionServer')
    for (const [k, v] of sessionRedirectProperties(url)) ddOpts.set(k, v)
    if (spec.image === 'itzg' && (authlibGeneration(spec.version) === 'authlib-injector' || spec.authlibInjectorJar)) {
      if (!spec.authlibInjectorJar) {
        throw new HarnessInputError(
          `withVersion("${spec.version}"): authlib of 1.15 and older ignores -Dminecraft.api.* properties; pass withAuthlibInjector(<path to authlib-injector.jar>) (download it in CI from https://github.com/yushijinhun/authlib-injector/releases)`,
        )
      }
      files.push({ source: spec.authlibInjectorJar, target: AUTHLIB_INJECTOR_TARGET })
      env.JVM_OPTS = `-javaagent:${AUTHLIB_INJECTOR_TARGET}=${url}`
    }
  }
  if (ddOpts.size > 0) env.JVM_DD_OPTS = formatJvmDdOpts(ddOpts)

  const plugins = spec.plugins ?? []
  if (spec.image === 'local') {
    if (spec.bannedNames?.length) env.HARNESS_BANNED_NAMES = spec.bannedNames.join(',')
    if (spec.bannedIps?.length) env.HARNESS_BANNED_IPS = spec.bannedIps.join(',')
    if (spec.loginDeadlineMs !== undefined) env.HARNESS_LOGIN_DEADLINE_MS = String(spec.loginDeadlineMs)
    if (spec.hasJoinedTimeoutMs !== undefined) env.HARNESS_HAS_JOINED_TIMEOUT_MS = String(spec.hasJoinedTimeoutMs)
    if (spec.guard) {
      env.AUTH_GUARD = spec.guard.kind
      if (spec.guard.timeoutMs !== undefined) env.AUTH_GUARD_TIMEOUT_MS = String(spec.guard.timeoutMs)
      if (spec.guard.kickOnWrongPassword !== undefined) env.AUTH_GUARD_KICK_ON_WRONG_PASSWORD = bool(spec.guard.kickOnWrongPassword)
      if (spec.guard.kickNonRegistered !== undefined) env.AUTH_GUARD_KICK_NON_REGISTERED = bool(spec.guard.kickNonRegistered)
      if (spec.guard.registered) env.AUTH_GUARD_REGISTERED = JSON.stringify(spec.guard.registered)
    }
    if (spec.auth === 'guarded' && !spec.guard) env.AUTH_GUARD = 'authme'
    // The local image's built-in guard stands in for an AuthMe jar; any other plugin cannot run.
    const others = plugins.filter((p) => !looksLikeAuthMe(p))
    if (others.length > 0) {
      throw new HarnessInputError(`withPlugins: the local image runs the embedded server and cannot load ${others.join(', ')}; use the itzg image (withImage('itzg'))`)
    }
    return { env, files, contents, containerPort }
  }

  // itzg: a real server. Plugins and the password guard come from real jars.
  if (spec.bannedNames?.length || spec.bannedIps?.length) {
    throw new HarnessInputError('bannedNames/bannedIps: the itzg image has no variable for bans; ship a banned-players.json / banned-ips.json with withCopyFilesToContainer() instead')
  }
  const bukkit = BUKKIT_FAMILY.includes(spec.type)
  if (plugins.length > 0 && !bukkit && !['FABRIC', 'QUILT', 'FORGE', 'NEOFORGE'].includes(spec.type)) {
    throw new HarnessInputError(`withPlugins: TYPE ${spec.type} loads no plugins; use withType('PAPER') (or another Bukkit-family type)`)
  }
  const sorted = sortPlugins(plugins)
  if (sorted.urls.length > 0) env.PLUGINS = sorted.urls.join(',')
  if (sorted.modrinth.length > 0) env.MODRINTH_PROJECTS = sorted.modrinth.join(',')
  if (sorted.spiget.length > 0) env.SPIGET_RESOURCES = sorted.spiget.join(',')
  for (const file of sorted.files) files.push({ source: file, target: `/plugins/${path.basename(file)}` })

  if (spec.auth === 'guarded' || spec.guard) {
    if (!bukkit) throw new HarnessInputError(`withGuard: AuthMe is a Bukkit plugin; TYPE ${spec.type} cannot load it, use withType('PAPER')`)
    if (!plugins.some(looksLikeAuthMe)) {
      throw new HarnessInputError(
        'withGuard: the itzg image needs the AuthMe jar itself: withPlugins(["https://.../AuthMe-<version>.jar"]) or a local path such as "./libs/AuthMe.jar"',
      )
    }
    if (spec.guard?.registered && Object.keys(spec.guard.registered).length > 0) {
      throw new HarnessInputError('withGuard: pre-registered players are only supported by the local image; register them with /register in the scenario instead')
    }
    contents.push({ content: authMeConfigYml(spec.guard ?? { kind: 'authme' }), target: '/data/plugins/AuthMe/config.yml' })
  }
  if (bukkit) contents.push({ content: bukkitYml(spec.connectionThrottleMs ?? -1), target: '/data/bukkit.yml' })
  return { env, files, contents, containerPort }
}

const PROPERTY_KEYS: Record<string, keyof LoginProperties> = {
  'online-mode': 'onlineMode',
  'white-list': 'whiteList',
  'enforce-whitelist': 'enforceWhitelist',
  'max-players': 'maxPlayers',
  'prevent-proxy-connections': 'preventProxyConnections',
  'enforce-secure-profile': 'enforceSecureProfile',
  'server-port': 'serverPort',
}

/** The login-relevant keys of a server.properties text; other keys are left to the server. */
export function loginPropertiesFromText(text: string, where = 'server.properties'): Partial<LoginProperties> {
  const out: Partial<LoginProperties> = {}
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('!')) return
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(trimmed)
    if (!m) return
    const key = PROPERTY_KEYS[m[1]!]
    if (!key) return
    const value = m[2]!.trim()
    if (key === 'maxPlayers' || key === 'serverPort') {
      const n = Number(value)
      if (!Number.isInteger(n) || n < 0 || n > 65535 * 100) throw new HarnessInputError(`${where}:${i + 1}: ${m[1]}=${value} is not a whole number`)
      out[key] = n
    } else {
      if (value !== 'true' && value !== 'false') throw new HarnessInputError(`${where}:${i + 1}: ${m[1]}=${value} must be true or false`)
      out[key] = value === 'true'
    }
  })
  return out
}
