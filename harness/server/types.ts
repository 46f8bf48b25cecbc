/**
 * What every server backend (embedded or container) is configured with and hands back once
 * started. The runner and the host checks speak only this, so a scenario does not know which
 * backend it runs on.
 */

/** premium, cracked or guarded: the schema's enum (harness/input/server-config.ts). */
export type { AuthMode } from '../input/server-config.ts'
import type { AuthMode, ServerConfigFields } from '../input/server-config.ts'
import type { Platform } from '../platforms.ts'
import type { PaperFiles } from './paper/config-files.ts'
export type { Platform } from '../platforms.ts'

/** The login-relevant subset of server.properties, already validated and typed (schema: harness/input/properties.ts). */
export type { LoginProperties } from '../input/properties.ts'

/** AuthMe-style password guard options (defaults are AuthMe's); the schema is harness/input/guard.ts. */
export type { GuardOptions } from '../input/guard.ts'
import type { GuardOptions } from '../input/guard.ts'

/**
 * What a server backend starts from. The fields a scenario's `server` block can set (auth,
 * properties, whitelist, bans, guard, deadlines) are typed from its schema
 * (`serverConfigApiSchema`, harness/input/server-config.ts), so a new one is declared there once;
 * only what the runner, the CLI or a host check supply besides is declared here.
 */
export type ServerConfig = ServerConfigFields & ServerRuntimeFields

/** The part of a ServerConfig no scenario `server` block sets: the run, the CLI or a host's files supply it. */
export interface ServerRuntimeFields {
  /** A minecraft-protocol version string such as `1.20.4`; `latest` resolves to the newest supported. */
  version: string
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Base URL of the session server (the mock); hasJoined is called below it. Premium only. */
  sessionServer?: string
  /** The vanilla list files (whitelist.json, ops.json, banned-*.json), matched like vanilla: by UUID. */
  lists?: ServerLists
  /** The status ping's description (server.properties `motd`); vanilla's default "A Minecraft Server". */
  motd?: string
  /**
   * Paper only: the texts of a server's bukkit.yml, spigot.yml and config/paper-global.yml
   * (`check --dir`, a scenario's config files, the local image's /data).
   */
  paperFiles?: PaperFiles
  /** Container backend only: the plugin under test and how its server is built (scenario `server.container`). */
  container?: ContainerServerOptions
}

/** A scenario's `server.container`, paths already absolute. The embedded server loads no jars. */
export interface ContainerServerOptions {
  /** itzg TYPE, upper case. */
  type?: string
  /** `itzg`, `local` or an image reference. */
  image?: string
  /** Absolute jar paths, or https://, modrinth:, spiget: references. */
  plugins?: string[]
  /** Server-folder path -> absolute host path. */
  configFiles?: Record<string, string>
  env?: Record<string, string>
  memory?: string
  /**
   * The plugins keep no state between logins that a later scenario could see (no player data, no
   * database), so `run --reuse` may give their server to more than one scenario.
   */
  statelessPlugins?: boolean
}

/** A player entry of a vanilla list file. Vanilla matches these by `uuid` alone; `name` is for people. */
export interface ProfileEntry {
  /** Dashed or undashed. */
  uuid: string
  name: string
}

/** ops.json: an operator bypasses the whitelist and, with `bypassesPlayerLimit`, max-players. */
export interface OpEntry extends ProfileEntry {
  level?: number
  bypassesPlayerLimit?: boolean
}

/** banned-players.json; `expires` is vanilla's "yyyy-MM-dd HH:mm:ss Z" or "forever". */
export interface BanEntry extends ProfileEntry {
  reason?: string
  expires?: string
}

export interface IpBanEntry {
  ip: string
  reason?: string
  expires?: string
}

export interface ServerLists {
  whitelist?: ProfileEntry[]
  ops?: OpEntry[]
  bannedPlayers?: BanEntry[]
  bannedIps?: IpBanEntry[]
}

export interface StartedServer {
  getHost(): string
  getPort(): number
  /** The concrete version (never `latest`). */
  getVersion(): string
  getAuth(): AuthMode
  /**
   * Resolves once the server no longer has a player of this name (case-insensitive) online, as
   * the server itself sees it (its leave, not the client's close); rejects after `timeoutMs`.
   * The runner waits for it before a later bot logs in under the same name, since AuthMe's
   * ForceSingleSession refuses a name still online.
   */
  waitForLeave(name: string, timeoutMs: number): Promise<void>
  /** Whose rules and texts the server plays (vanilla or paper): bots name its kicks by them. */
  getPlatform(): Platform
  /**
   * 1.20.5+: sends the online player `name` to `host`:`port` (vanilla's `/transfer <host> <port>
   * <player>` from the console, a plugin's Player#transfer). Absent where the harness has no way into
   * the running server.
   */
  transfer?(name: string, host: string, port: number): void | Promise<void>
  stop(): Promise<void>
  /** The same stop, for `await using` (and for scopes that take standard disposables). */
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * What every server builder offers (the embedded server and the container module alike): the
 * same fluent setters for the same config fields, validated when set, and a start() that gives a
 * StartedServer. Backends and tests program against this, so a new config field is added to
 * its schema (ServerConfig follows), to the builders' withConfig(), and nowhere else in the runner.
 */
export interface ServerBuilder<Started extends StartedServer = StartedServer> {
  withAuth(auth: AuthMode): this
  withVersion(version: string): this
  /** vanilla (the default) or paper: whose rules and kick texts the server plays. */
  withPlatform(platform: Platform): this
  withSessionServer(baseUrl: string): this
  withWhitelist(names: string[]): this
  withGuard(guard: GuardOptions): this
  /** Every field of `config`, each through its own setter. */
  withConfig(config: ServerConfig): this
  start(): Promise<Started>
}
