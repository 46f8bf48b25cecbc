import type { KickReason } from './kick.ts'

/**
 * The embedded server's plugin API: just enough for login guards (AuthMe-style and others) to be
 * written as separate modules. Handlers run in plugin order; a handler that returns `true` has
 * taken the event (cancelled it): later handlers do not see it, and a cancelled move sends the
 * player back to where they stood.
 */
export interface Position {
  x: number
  y: number
  z: number
}

export type CommandHandler = (command: string, args: string[]) => boolean | void
export type ChatHandler = (message: string) => boolean | void
export type MoveHandler = (to: Position, from: Position) => boolean | void

export interface Player {
  readonly name: string
  /** Dashed lowercase UUID. */
  readonly uuid: string
  readonly ip: string
  readonly version: string
  /** False once the connection has ended. */
  readonly online: boolean
  sendMessage(text: string): void
  /** A string is sent as literal text (what plugins do); pass `{ translate }` for a vanilla key. */
  kick(reason: string | KickReason): void
  onCommand(handler: CommandHandler): void
  onChat(handler: ChatHandler): void
  onMove(handler: MoveHandler): void
  onLeave(handler: () => void): void
  /**
   * 1.20.5+: Paper's Player#transfer: sends the transfer packet (ClientboundTransferPacket); the
   * client leaves and connects to `host`:`port` with the TRANSFER intention.
   */
  transfer(host: string, port: number): void
  /** 1.20.5+: Paper's Player#storeCookie: the client keeps `payload` (at most 5120 bytes) under `key`. */
  storeCookie(key: string, payload: Buffer): void
}

export interface LoginCandidate {
  name: string
  uuid: string
  ip: string
  /** The handshake's intention was TRANSFER (1.20.5+): Paper's AsyncPlayerPreLoginEvent#isTransferred. */
  transferred?: boolean
}

/** What a plugin may ask of the server. */
export interface PluginServer {
  readonly version: string
  onlinePlayers(): Player[]
  /** Whether ops.json names this UUID (Bukkit's `default: op` permissions follow it). */
  isOp(uuid: string): boolean
}

/** Vanilla's verdict on a login (`PlayerList.canPlayerLogin`): which check refused it, and how. */
export interface VanillaLoginResult {
  check?: 'banned' | 'not_whitelisted' | 'ip_banned' | 'full'
  refusal?: KickReason
}

export interface ServerPlugin {
  name: string
  /**
   * After authentication, before vanilla's ban/whitelist/full checks (Bukkit's
   * AsyncPlayerPreLoginEvent): return a literal text (or reason) to refuse the login.
   */
  onPreLogin?(candidate: LoginCandidate, server: PluginServer): string | KickReason | undefined
  /**
   * After vanilla's checks (Bukkit's PlayerLoginEvent), with their result: return a refusal to
   * refuse the login or replace vanilla's refusal, `undefined` to keep vanilla's result.
   */
  onLogin?(candidate: LoginCandidate, server: PluginServer, vanilla: VanillaLoginResult): string | KickReason | undefined
  /**
   * Bukkit's PlayerKickEvent for vanilla's duplicate-login kick ("You logged in from another
   * location") of the player already online as `name`: true cancels it, and that player stays.
   */
  cancelsDuplicateKick?(name: string): boolean
  /**
   * 1.20.5+, during login once the player is admitted (a plugin calling Player#retrieveCookie in
   * Bukkit's PlayerLoginEvent): the cookie keys to ask the client for. The login waits for every
   * answer, then calls onLoginCookies.
   */
  loginCookies?(candidate: LoginCandidate): string[]
  /** The answers to loginCookies (key -> payload; undefined: the client holds none): a refusal kicks. */
  onLoginCookies?(candidate: LoginCandidate, cookies: ReadonlyMap<string, Buffer | undefined>): string | KickReason | undefined
  /** The player has spawned (play state). */
  onJoin?(player: Player, server: PluginServer): void
  /** The server is stopping; flush what must be kept. */
  onStop?(): Promise<void> | void
}
