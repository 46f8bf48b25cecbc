/**
 * What every server backend (embedded or container) is configured with and hands back once
 * started. The runner and the host checks speak only this, so a scenario does not know which
 * backend it runs on.
 */

export type AuthMode = 'premium' | 'cracked' | 'guarded'

/** The login-relevant subset of server.properties, already validated and typed. */
export interface LoginProperties {
  onlineMode: boolean
  whiteList: boolean
  enforceWhitelist: boolean
  maxPlayers: number
  preventProxyConnections: boolean
  enforceSecureProfile: boolean
  serverPort: number
}

/** AuthMe-style password guard options (defaults are AuthMe's). */
export interface GuardOptions {
  kind: 'authme'
  /** Kick after this long without a successful /login or /register (AuthMe: 30 s). */
  timeoutMs?: number
  kickOnWrongPassword?: boolean
  kickNonRegistered?: boolean
  /** Pre-registered players: name -> password. */
  registered?: Record<string, string>
  /** Keep registrations in this JSON file so a restart keeps them; in memory when absent. */
  storeFile?: string
}

export interface ServerConfig {
  auth: AuthMode
  /** A minecraft-protocol version string such as `1.20.4`; `latest` resolves to the newest supported. */
  version: string
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Base URL of the session server (the mock); hasJoined is called below it. Premium only. */
  sessionServer?: string
  properties?: Partial<LoginProperties>
  whitelist?: string[]
  bannedNames?: string[]
  bannedIps?: string[]
  guard?: GuardOptions
  /** vanilla: 600 ticks = 30 s (`multiplayer.disconnect.slow_login`). */
  loginDeadlineMs?: number
  /** authlib: 5000 ms connect and read timeouts on hasJoined. */
  hasJoinedTimeoutMs?: number
  /** The status ping's description (server.properties `motd`); vanilla's default "A Minecraft Server". */
  motd?: string
}

export interface StartedServer {
  getHost(): string
  getPort(): number
  /** The concrete version (never `latest`). */
  getVersion(): string
  getAuth(): AuthMode
  stop(): Promise<void>
}
