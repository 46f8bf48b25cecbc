/**
 * Pure: turns what a test asks of a containerised server into the environment and files of its
 * container, for the real itzg/minecraft-server image and for the harness's local image. Both
 * read the same variables, so one spec runs on either.
 */
import fs from 'node:fs'
import path from 'node:path'
import { bukkitYmlWithThrottle, bungeeGuardConfigYml, yamlWith } from '../paper/config-files.ts'
import type { BackendForwarding } from '../../input/forwarding.ts'
import { TEST_CONNECTION_THROTTLE_MS, type ServerCookies } from '../../input/index.ts'
import type { Platform } from '../../platforms.ts'
import { HarnessInputError } from '../../errors.ts'
import { PAPER_JAR_DIR_IN_CONTAINER } from './paper-cache.ts'
import type { AuthMode, GuardOptions, LoginProperties } from '../types.ts'
import { AUTHLIB_HOST_PROPERTIES, usesPlugins, formatJvmDdOpts, type ServerType } from './env-contract.ts'
import { isUuid, offlineUuid, toDashedUuid } from '../../uuid.ts'
import { premiumUuid } from '../../session/accounts.ts'
import { resolveAuthMeSettings } from '../../input/authme-settings.ts'
import { latestVersion } from '../../versions.ts'

export type ImageKind = 'itzg' | 'local'

export const ITZG_IMAGE = 'itzg/minecraft-server'
export const LOCAL_IMAGE = 'mc-login-harness/embedded:local'

/**
 * The local image's tag for this process: MC_LOGIN_HARNESS_LOCAL_IMAGE when set (under
 * mc-login-harness/), else LOCAL_IMAGE. Two checkouts (or a consumer project next to this
 * repository's tests) each build their own image under their own tag instead of rebuilding one
 * shared tag under each other's running containers.
 */
export function localImage(env: NodeJS.ProcessEnv = process.env): string {
  const tag = env.MC_LOGIN_HARNESS_LOCAL_IMAGE?.trim()
  if (!tag) return LOCAL_IMAGE
  if (!/^mc-login-harness\/[a-z0-9._-]+:[\w.-]+$/.test(tag)) {
    throw new HarnessInputError(
      `MC_LOGIN_HARNESS_LOCAL_IMAGE: "${tag}" must be mc-login-harness/<name>:<tag>, e.g. mc-login-harness/embedded:my-branch`,
    )
  }
  return tag
}
/** Where a mounted authlib-injector jar lands inside an itzg container. */
export const AUTHLIB_INJECTOR_TARGET = '/harness/authlib-injector.jar'

/**
 * The itzg image tag whose Java runs `version` (untagged itzg/minecraft-server is the newest
 * Java, which servers before 26.x refuse or crash on): java8 up to 1.16.5, java17 for 1.17 to
 * 1.20.4, java21 for 1.20.5 to 1.21.x, latest for 26.x and `latest`.
 */
export function itzgImageFor(version: string): string {
  const t = versionTuple(version)
  if (!t) return `${ITZG_IMAGE}:latest`
  if (compareVersions(t, [1, 17]) < 0) return `${ITZG_IMAGE}:java8`
  if (compareVersions(t, [1, 20, 5]) < 0) return `${ITZG_IMAGE}:java17`
  if (compareVersions(t, [2]) < 0) return `${ITZG_IMAGE}:java21`
  return `${ITZG_IMAGE}:latest`
}

/**
 * The version a container runs for `version`: `latest` is the newest version the bots speak
 * (versions.ts), never itzg's own LATEST, which can be a Paper newer than any bot and would fail
 * every login with a protocol mismatch.
 */
export function containerVersion(version: string): string {
  return version.toLowerCase() === 'latest' ? latestVersion() : version
}

/**
 * The Java major version of an itzg image tag (itzg/docker-minecraft-server's build.yml: java8 is
 * eclipse-temurin 8, java17 is 17, java21 is 21, and `latest` is the java25 variant), or
 * undefined for a tag whose Java is not known here.
 */
export function javaOfItzgImage(image: string): number | undefined {
  const tag = image.startsWith(`${ITZG_IMAGE}:`) ? image.slice(ITZG_IMAGE.length + 1) : undefined
  if (tag === undefined) return undefined
  if (tag === 'latest' || tag === 'stable') return 25
  const m = /^java(\d+)(-|$)/.exec(tag)
  return m ? Number(m[1]) : undefined
}

/** The UUID a server gives `name`: the mock's premium UUID online, the offline UUID otherwise (dashed, as itzg's WHITELIST wants). */
export function serverSeenUuid(name: string, online: boolean): string {
  return online ? toDashedUuid(premiumUuid(name)) : offlineUuid(name)
}

/**
 * Where an extra config file goes (withConfigFiles key -> container path), the way itzg expects
 * it: `config/...` into /config (synced to /data/config), `<Plugin>/...` or `plugins/<Plugin>/...`
 * into /plugins (synced to /data/plugins), a top-level file (bukkit.yml, spigot.yml) into /data
 * owned by uid 1000. server.properties is refused: itzg rewrites it from env.
 */
export function configFileTarget(key: string): { target: string; owned: boolean } {
  const rel = key.replace(/\\/g, '/').replace(/^\/+/, '')
  if (rel === '' || rel.split('/').some((part) => part === '..' || part === '')) {
    throw new HarnessInputError(`withConfigFiles: "${key}" is not a relative path inside the server folder (e.g. "AuthMe/config.yml")`)
  }
  if (rel === 'server.properties') {
    throw new HarnessInputError(
      'withConfigFiles: server.properties is set through env on itzg (withServerProperties, CUSTOM_SERVER_PROPERTIES), not as a file',
    )
  }
  if (rel.startsWith('config/')) return { target: `/config/${rel.slice('config/'.length)}`, owned: false }
  if (rel.startsWith('plugins/')) return { target: `/plugins/${rel.slice('plugins/'.length)}`, owned: false }
  if (rel.includes('/')) return { target: `/plugins/${rel}`, owned: false }
  return { target: `/data/${rel}`, owned: true }
}

export interface ContainerServerSpec {
  image: ImageKind
  type: ServerType
  /** Unset: TYPE PAPER plays paper, any other TYPE vanilla (platformOf). */
  platform?: Platform
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
  /** Extra files: server-folder path (e.g. `AuthMe/config.yml`) -> host path. See configFileTarget. */
  configFiles?: Record<string, string>
  /** server.properties keys beyond the login ones, sent as CUSTOM_SERVER_PROPERTIES. */
  customProperties?: Record<string, string>
  /** itzg MEMORY (default 1G). */
  memory?: string
  /** Host path of authlib-injector.jar: needed for premium on 1.15 and older (itzg). */
  authlibInjectorJar?: string
  /**
   * bukkit.yml settings.connection-throttle. Unset: -1 (off), the harness's test set-up, since every
   * bot reaches a container from the bridge gateway's one address; merged into a user's own
   * bukkit.yml (configFiles) rather than replaced by it.
   */
  connectionThrottleMs?: number
  /** Host path of a Paper server jar to run instead of downloading one (itzg's PAPER_CUSTOM_JAR); see paper-cache.ts. */
  paperJar?: string
  /**
   * How the backend checks proxy forwarding: written into spigot.yml (settings.bungeecord),
   * config/paper-global.yml (proxies.velocity.*) and BungeeGuard's plugins/BungeeGuard/config.yml,
   * merged into the user's own files of those names (configFiles).
   */
  forwarding?: BackendForwarding
  /** Local image only (itzg has no variable for bans). */
  bannedNames?: string[]
  /** 1.20.5+: the cookie hook (input/cookies.ts); the local image only (a plugin of the embedded server). */
  cookies?: ServerCookies
  /** Local image only. Bots reach a container from Docker's bridge gateway, not 127.0.0.1. */
  bannedIps?: string[]
  /** Local image only: a real server has vanilla's own deadline (30 s). */
  loginDeadlineMs?: number
  /** Local image only: a real server has authlib's own timeouts (5 s). */
  hasJoinedTimeoutMs?: number
}

export interface ContainerPlan {
  env: Record<string, string>
  /** Host files to copy into the container before it starts (only into itzg's sync folders or outside /data). */
  files: { source: string; target: string }[]
  /** Generated files to copy into the container before it starts (same rule). */
  contents: { content: string; target: string }[]
  /**
   * Files that must land in /data itself: copied as an archive owned by uid 1000, since itzg's
   * server (uid 1000) rewrites them and a root-owned file there fails with EACCES.
   */
  owned: { source?: string; content?: string; target: string }[]
  /** The port the server listens on inside the container. */
  containerPort: number
  /**
   * Pre-registered guard players (name -> password) the harness registers itself, through the
   * game, once the server is ready (register-players.ts): AuthMe on itzg has no variable for
   * them, and the local image goes the same way so that path is exercised here.
   */
  registerInGame?: Record<string, string>
}

/** How a server version is pointed at a non-Mojang session server: which authlib generation it ships decides which redirect works. */
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

/** The platform a container plays: the one asked for, else Paper for TYPE PAPER and vanilla for the rest. */
export function platformOf(spec: Pick<ContainerServerSpec, 'platform' | 'type'>): Platform {
  return spec.platform ?? (spec.type === 'PAPER' ? 'paper' : 'vanilla')
}

/**
 * bukkit.yml for a Bukkit-family server: the user's own file (configFiles' `bukkit.yml`) with the
 * harness's connection-throttle merged in, or a file of that one key (Paper fills in the rest on
 * start). Owned by uid 1000 in /data: Paper rewrites it.
 */
function bukkitYmlEntry(spec: ContainerServerSpec): { content: string; target: string } {
  const userFile = spec.configFiles?.['bukkit.yml']
  let userText: string | undefined
  if (userFile !== undefined) {
    try {
      userText = fs.readFileSync(userFile, 'utf8')
    } catch (error) {
      throw new HarnessInputError(`withConfigFiles: "bukkit.yml": cannot read ${userFile} (${(error as Error).message})`)
    }
  }
  return {
    content: bukkitYmlWithThrottle(userText, spec.connectionThrottleMs ?? TEST_CONNECTION_THROTTLE_MS, userFile ?? 'bukkit.yml'),
    target: '/data/bukkit.yml',
  }
}

function readUserFile(spec: ContainerServerSpec, key: string): string | undefined {
  const file = spec.configFiles?.[key]
  if (file === undefined) return undefined
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new HarnessInputError(`withConfigFiles: "${key}": cannot read ${file} (${(error as Error).message})`)
  }
}

/** The server-folder paths the forwarding files take (their user copies are merged, not copied). */
const FORWARDING_FILES = { spigot: 'spigot.yml', paperGlobal: 'config/paper-global.yml', bungeeGuard: 'BungeeGuard/config.yml' } as const

/**
 * The files that make a Paper backend check forwarding as `spec.forwarding` says, the way a host
 * configures one behind a proxy (itzg/docker-bungeecord docs/velocity: paper-global.yml in
 * /config): spigot.yml `settings.bungeecord` (Spigot's SpigotConfig), paper-global.yml
 * `proxies.velocity.enabled/online-mode/secret` (Paper's GlobalConfiguration.Proxies.Velocity),
 * BungeeGuard's `allowed-tokens`. Each merged into the user's own file of that name.
 */
function forwardingFiles(spec: ContainerServerSpec): { owned: ContainerPlan['owned']; contents: ContainerPlan['contents'] } {
  const f = spec.forwarding
  if (!f) return { owned: [], contents: [] }
  if (!usesPlugins(spec.type) || platformOf(spec) !== 'paper') {
    throw new HarnessInputError(
      `withForwarding: proxy forwarding is Spigot's and Paper's (spigot.yml, paper-global.yml); TYPE ${spec.type} has none. Use withPlatform('paper')`,
    )
  }
  const owned: ContainerPlan['owned'] = []
  const contents: ContainerPlan['contents'] = []
  if (f.bungeecord !== undefined) {
    const where = FORWARDING_FILES.spigot
    owned.push({
      content: yamlWith(readUserFile(spec, where), [[['settings', 'bungeecord'], f.bungeecord]], where),
      target: '/data/spigot.yml',
    })
  }
  if (f.velocity) {
    const where = FORWARDING_FILES.paperGlobal
    const v = f.velocity
    const settings: [string[], unknown][] = [
      [['proxies', 'velocity', 'enabled'], v.enabled],
      [['proxies', 'velocity', 'secret'], v.secret],
    ]
    if (v.onlineMode !== undefined) settings.push([['proxies', 'velocity', 'online-mode'], v.onlineMode])
    const userText = readUserFile(spec, where) ?? readUserFile(spec, 'paper-global.yml')
    contents.push({ content: yamlWith(userText, settings, where), target: '/config/paper-global.yml' })
  }
  if (f.bungeeGuard) {
    if (spec.image === 'itzg' && !(spec.plugins ?? []).some((p) => /bungeeguard/i.test(path.basename(p)))) {
      throw new HarnessInputError(
        'withForwarding: bungeeGuard on itzg needs the BungeeGuard plugin jar itself: withPlugins(["./libs/BungeeGuard.jar"]) (https://github.com/lucko/BungeeGuard/releases)',
      )
    }
    contents.push({ content: bungeeGuardConfigYml(f.bungeeGuard.allowedTokens), target: `/plugins/${FORWARDING_FILES.bungeeGuard}` })
  }
  return { owned, contents }
}

/** Whether `key` (a configFiles path) is one forwardingFiles() merges instead of copying. */
function mergedByForwarding(spec: ContainerServerSpec, key: string): boolean {
  const f = spec.forwarding
  if (!f) return false
  const rel = key
    .replace(/\\/g, '/')
    .replace(/^\/+/, '')
    .replace(/^plugins\//, '')
  return (
    (rel === FORWARDING_FILES.spigot && f.bungeecord !== undefined) ||
    ((rel === FORWARDING_FILES.paperGlobal || rel === 'paper-global.yml') && f.velocity !== undefined) ||
    (rel === FORWARDING_FILES.bungeeGuard && f.bungeeGuard !== undefined)
  )
}

/**
 * AuthMe's config.yml for the guard options, with the harness's test set-up for what they leave
 * out (AntiBot off, maxRegPerIp 0: authme-settings.ts says why); AuthMe adds every missing key
 * with its default on start. Key paths from AuthMe/AuthMeReloaded at tag 5.6.0,
 * `settings/properties/RestrictionSettings.java` and `ProtectionSettings.java`. Not run against a
 * live AuthMe here: no plugin download is possible on this machine.
 */
export function authMeConfigYml(guard: GuardOptions): string {
  const s = resolveAuthMeSettings(guard)
  return [
    'settings:',
    '  restrictions:',
    // AuthMe counts whole seconds; 0 never kicks.
    `    timeout: ${s.timeoutMs === 0 ? 0 : Math.max(1, Math.round(s.timeoutMs / 1000))}`,
    `    kickNonRegistered: ${s.kickNonRegistered}`,
    `    kickOnWrongPassword: ${s.kickOnWrongPassword}`,
    // Every bot (the harness's own registrations too) reaches the container from the same Docker
    // gateway address, which AuthMe does not exempt (only loopback).
    `    maxRegPerIp: ${s.maxRegPerIp}`,
    `    maxLoginPerIp: ${s.maxLoginPerIp}`,
    `    maxJoinPerIp: ${s.maxJoinPerIp}`,
    `    ForceSingleSession: ${s.forceSingleSession}`,
    'Protection:',
    `  enableAntiBot: ${s.antiBot.enabled}`,
    `  antiBotInterval: ${s.antiBot.intervalSeconds}`,
    `  antiBotSensibility: ${s.antiBot.sensibility}`,
    `  antiBotDuration: ${s.antiBot.durationMinutes}`,
    `  antiBotDelay: ${s.antiBot.delaySeconds}`,
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

/** AuthMe by its file (or project) name; never by the folders above it. */
const looksLikeAuthMe = (p: string) => /authme/i.test(path.basename(p))

/** The env and files for `spec`. Throws HarnessInputError for combinations that cannot work. */
export function buildContainerPlan(spec: ContainerServerSpec): ContainerPlan {
  const env: Record<string, string> = {}
  const files: ContainerPlan['files'] = []
  const contents: ContainerPlan['contents'] = []
  const owned: ContainerPlan['owned'] = []
  let registerInGame: Record<string, string> | undefined
  const props = spec.properties ?? {}
  const containerPort = props.serverPort ?? 25565

  if (spec.platform === 'paper' && spec.type !== 'PAPER') {
    throw new HarnessInputError(
      `withPlatform("paper") with TYPE ${spec.type}: Paper's rules need TYPE PAPER; drop withType(), or use withType("PAPER")`,
    )
  }
  if (spec.platform === 'vanilla' && spec.type === 'PAPER') {
    throw new HarnessInputError(
      'withPlatform("vanilla") with TYPE PAPER: a Paper server sends Paper\'s texts; use withPlatform("paper"), or withType("VANILLA")',
    )
  }
  if ((spec.connectionThrottleMs ?? 0) > 0 && !usesPlugins(spec.type)) {
    throw new HarnessInputError(
      `withConnectionThrottle(${spec.connectionThrottleMs}): TYPE ${spec.type} has no connection throttle (bukkit.yml is Bukkit's); use withType("PAPER") or leave it out`,
    )
  }
  env.EULA = 'TRUE'
  env.TYPE = spec.type
  env.VERSION = containerVersion(spec.version)
  const online = spec.auth === 'premium'
  if (props.onlineMode !== undefined && props.onlineMode !== online) {
    throw new HarnessInputError(
      `withServerProperties: online-mode=${props.onlineMode} contradicts auth "${spec.auth}" (premium is online, cracked and guarded are offline); drop the property or change withAuth()`,
    )
  }
  env.ONLINE_MODE = bool(online)
  // itzg's scripts/start-setupServerProperties forces ENFORCE_WHITELIST=true whenever
  // ENABLE_WHITELIST is true or WHITELIST is set: a whitelist that is on but not enforced (vanilla's
  // default for enforce-whitelist) goes through CUSTOM_SERVER_PROPERTIES, which set-properties
  // applies last, so the container reads the same file the same as the embedded server.
  const customLogin = new Map<string, string>()
  if (props.whiteList === true && props.enforceWhitelist !== true && !(spec.whitelist && spec.whitelist.length > 0)) {
    customLogin.set('white-list', 'true').set('enforce-whitelist', 'false')
  } else {
    if (props.whiteList !== undefined) env.ENABLE_WHITELIST = bool(props.whiteList)
    if (props.enforceWhitelist !== undefined) env.ENFORCE_WHITELIST = bool(props.enforceWhitelist)
  }
  if (props.maxPlayers !== undefined) env.MAX_PLAYERS = String(props.maxPlayers)
  if (props.preventProxyConnections !== undefined) env.PREVENT_PROXY_CONNECTIONS = bool(props.preventProxyConnections)
  if (props.enforceSecureProfile !== undefined) env.ENFORCE_SECURE_PROFILE = bool(props.enforceSecureProfile)
  // Through CUSTOM_SERVER_PROPERTIES, which every itzg image applies, rather than a named variable.
  if (props.acceptsTransfers !== undefined) customLogin.set('accepts-transfers', String(props.acceptsTransfers))
  if (props.serverPort !== undefined) env.SERVER_PORT = String(props.serverPort)
  // itzg's MEMORY: -Xms/-Xmx (its default, 1G, said out loud so a runner's share is known).
  env.MEMORY = spec.memory ?? '1G'
  if (spec.whitelist && spec.whitelist.length > 0) {
    for (const name of spec.whitelist) {
      if (!/^[A-Za-z0-9_-]{1,36}$/.test(name)) {
        throw new HarnessInputError(`withWhitelist: "${name}" is not a player name or UUID (letters, digits, "_", "-")`)
      }
    }
    // UUIDs, never names: itzg looks names up online (playerdb/Mojang) and stores Mojang's UUID,
    // which is neither the mock's premium UUID nor the offline UUID the server will see.
    env.WHITELIST = spec.whitelist.map((n) => (isUuid(n) ? toDashedUuid(n) : serverSeenUuid(n, online))).join(',')
    env.ENABLE_WHITELIST ??= 'TRUE'
  }
  const custom = { ...spec.customProperties, ...Object.fromEntries(customLogin) }
  if (Object.keys(custom).length > 0) {
    const lines: string[] = []
    for (const [k, v] of Object.entries(custom)) {
      if (!/^[A-Za-z0-9_.-]+$/.test(k) || /[\r\n]/.test(v)) {
        throw new HarnessInputError(
          `server.properties: "${k}=${v}" cannot be sent as CUSTOM_SERVER_PROPERTIES (a key of letters, digits, ".", "-", "_" and a one-line value)`,
        )
      }
      lines.push(`${k}=${v}`)
    }
    env.CUSTOM_SERVER_PROPERTIES = lines.join('\n')
  }
  for (const [key, source] of Object.entries(spec.configFiles ?? {})) {
    const { target, owned: mustOwn } = configFileTarget(key)
    // A Bukkit-family server's bukkit.yml is merged with the harness's test set-up below.
    if (target === '/data/bukkit.yml' && usesPlugins(spec.type)) continue
    if (mergedByForwarding(spec, key)) continue
    if (mustOwn) owned.push({ source, target })
    else files.push({ source, target })
  }

  const forwarding = forwardingFiles(spec)
  owned.push(...forwarding.owned)
  contents.push(...forwarding.contents)

  const ddOpts = new Map<string, string>()
  if (online) {
    if (!spec.sessionServer) {
      throw new HarnessInputError(
        'withAuth("premium") needs withSessionServer(url): the server must ask the mock session server, never Mojang',
      )
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
  const localJars = plugins.filter((p) => p.endsWith('.jar') && !/^https?:\/\//.test(p) && !looksLikeAuthMe(p))
  if (localJars.length > 0 && !usesPlugins(spec.type)) {
    // itzg syncs /plugins only for the Bukkit family (usesPlugins): the jar would never load.
    throw new HarnessInputError(
      `withPlugins: TYPE ${spec.type} loads no plugins, so ${localJars.join(', ')} would never load; use withType('PAPER') (or another Bukkit-family type)`,
    )
  }
  if (spec.paperJar) {
    if (spec.type !== 'PAPER')
      throw new HarnessInputError(`paperJar: only TYPE PAPER runs PAPER_CUSTOM_JAR; this server is TYPE ${spec.type}`)
    // Outside /data: the server only reads it (Paper's launcher writes its patched files into /data).
    const target = `${PAPER_JAR_DIR_IN_CONTAINER}/${path.basename(spec.paperJar)}`
    files.push({ source: spec.paperJar, target })
    env.PAPER_CUSTOM_JAR = target
  }
  if (spec.image === 'local') {
    if (spec.bannedNames?.length) env.HARNESS_BANNED_NAMES = spec.bannedNames.join(',')
    if (spec.cookies) env.HARNESS_COOKIES = JSON.stringify(spec.cookies)
    if (spec.bannedIps?.length) env.HARNESS_BANNED_IPS = spec.bannedIps.join(',')
    if (spec.loginDeadlineMs !== undefined) env.HARNESS_LOGIN_DEADLINE_MS = String(spec.loginDeadlineMs)
    if (spec.hasJoinedTimeoutMs !== undefined) env.HARNESS_HAS_JOINED_TIMEOUT_MS = String(spec.hasJoinedTimeoutMs)
    if (spec.guard) {
      env.AUTH_GUARD = spec.guard.kind
      if (spec.guard.timeoutMs !== undefined) env.AUTH_GUARD_TIMEOUT_MS = String(spec.guard.timeoutMs)
      if (spec.guard.kickOnWrongPassword !== undefined) env.AUTH_GUARD_KICK_ON_WRONG_PASSWORD = bool(spec.guard.kickOnWrongPassword)
      if (spec.guard.kickNonRegistered !== undefined) env.AUTH_GUARD_KICK_NON_REGISTERED = bool(spec.guard.kickNonRegistered)
      const antiBot = spec.guard.antiBot
      if (antiBot !== undefined) env.AUTH_GUARD_ANTIBOT = typeof antiBot === 'boolean' ? bool(antiBot) : JSON.stringify(antiBot)
      if (spec.guard.maxRegPerIp !== undefined) env.AUTH_GUARD_MAX_REG_PER_IP = String(spec.guard.maxRegPerIp)
      if (spec.guard.maxLoginPerIp !== undefined) env.AUTH_GUARD_MAX_LOGIN_PER_IP = String(spec.guard.maxLoginPerIp)
      if (spec.guard.maxJoinPerIp !== undefined) env.AUTH_GUARD_MAX_JOIN_PER_IP = String(spec.guard.maxJoinPerIp)
      if (spec.guard.forceSingleSession !== undefined) env.AUTH_GUARD_FORCE_SINGLE_SESSION = bool(spec.guard.forceSingleSession)
      // Registered through the game as on itzg, except behind kickNonRegistered, where a player
      // who is not registered yet cannot get in to /register: there (only) the stand-in seeds them.
      if (hasRegistered(spec.guard)) {
        if (spec.guard.kickNonRegistered) env.AUTH_GUARD_REGISTERED = JSON.stringify(spec.guard.registered)
        else registerInGame = { ...spec.guard.registered }
      }
    }
    if (spec.auth === 'guarded' && !spec.guard) env.AUTH_GUARD = 'authme'
    // The local image's built-in guard stands in for a downloaded AuthMe; local jars go through
    // /plugins like on itzg (the image checks them and logs Paper's lines; their code does not run).
    const sorted = sortPlugins(plugins.filter((p) => !(looksLikeAuthMe(p) && !p.endsWith('.jar'))))
    const remote = [...sorted.urls, ...sorted.modrinth, ...sorted.spiget]
    if (remote.length > 0) {
      throw new HarnessInputError(
        `withPlugins: the local image downloads nothing and cannot use ${remote.join(', ')}; pass a local jar, or use the itzg image`,
      )
    }
    for (const file of sorted.files) files.push({ source: file, target: `/plugins/${path.basename(file)}` })
    // As on itzg (below), so the uid-1000 archive path is exercised by the local image too.
    if (usesPlugins(spec.type)) owned.push(bukkitYmlEntry(spec))
    return { env, files, contents, owned, containerPort, ...(registerInGame ? { registerInGame } : {}) }
  }

  // itzg: a real server. Plugins and the password guard come from real jars.
  if (spec.cookies) {
    throw new HarnessInputError(
      'cookies: the cookie hook is a plugin of the embedded server (the local image runs it); on the itzg image load your own plugin with withPlugins() and leave cookies out',
    )
  }
  if (spec.bannedNames?.length || spec.bannedIps?.length) {
    throw new HarnessInputError(
      'bannedNames/bannedIps: the itzg image has no variable for bans; ship a banned-players.json / banned-ips.json with withCopyFilesToContainer() instead',
    )
  }
  const bukkit = usesPlugins(spec.type)
  if (plugins.length > 0 && !bukkit) {
    throw new HarnessInputError(`withPlugins: TYPE ${spec.type} loads no plugins; use withType('PAPER') (or another Bukkit-family type)`)
  }
  const sorted = sortPlugins(plugins)
  if (sorted.urls.length > 0) env.PLUGINS = sorted.urls.join(',')
  if (sorted.modrinth.length > 0) env.MODRINTH_PROJECTS = sorted.modrinth.join(',')
  if (sorted.spiget.length > 0) env.SPIGET_RESOURCES = sorted.spiget.join(',')
  for (const file of sorted.files) files.push({ source: file, target: `/plugins/${path.basename(file)}` })

  if (spec.auth === 'guarded' || spec.guard) {
    if (!bukkit)
      throw new HarnessInputError(`withGuard: AuthMe is a Bukkit plugin; TYPE ${spec.type} cannot load it, use withType('PAPER')`)
    if (!plugins.some(looksLikeAuthMe)) {
      throw new HarnessInputError(
        'withGuard: the itzg image needs the AuthMe jar itself: withPlugins(["https://.../AuthMe-<version>.jar"]) or a local path such as "./libs/AuthMe.jar"',
      )
    }
    if (spec.guard && hasRegistered(spec.guard)) {
      if (spec.guard.kickNonRegistered) {
        throw new HarnessInputError(
          `withGuard: pre-registered players (${Object.keys(spec.guard.registered).join(', ')}) are registered through the game with /register, and kickNonRegistered: true keeps an unregistered player out before it can; set kickNonRegistered: false, or leave registered out and ship AuthMe's database with withConfigFiles({ 'AuthMe/authme.db': ... })`,
        )
      }
      registerInGame = { ...spec.guard.registered }
    }
    // Through /plugins (itzg syncs it into /data/plugins as uid 1000), unless the user ships their own.
    if (!files.some((f) => f.target === '/plugins/AuthMe/config.yml')) {
      contents.push({ content: authMeConfigYml(spec.guard ?? { kind: 'authme' }), target: '/plugins/AuthMe/config.yml' })
    }
  }
  if (bukkit) owned.push(bukkitYmlEntry(spec))
  return { env, files, contents, owned, containerPort, ...(registerInGame ? { registerInGame } : {}) }
}

function hasRegistered(guard: GuardOptions): guard is GuardOptions & { registered: Record<string, string> } {
  return guard.registered !== undefined && Object.keys(guard.registered).length > 0
}
