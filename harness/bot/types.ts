import type { Outcome } from '../outcome/codes.ts'
import type { ProfileKeyMode } from '../input/account.ts'
import type { Platform } from '../platforms.ts'
import type { CookieJar } from './cookie-jar.ts'
import type { PlayerCertificateJson } from './profile-keys.ts'

/**
 * Who a bot claims to be. Premium bots hold a token issued by the mock session server; the
 * others never talk to it (or talk to it with a bad token).
 */
export type BotAccount =
  /**
   * `profileKey`: the chat-signing key the launcher presents on 1.19+ (default `valid`, as every
   * launcher fetches one): see PROFILE_KEY_MODES in profile-keys.ts. `cachedCertificate`: the key
   * the launcher kept from an earlier fetch, presented instead of fetching one while it is neither
   * expired nor due a refresh, as the vanilla client does (profile-keys.ts, cachedCertificateUsable).
   */
  | {
      kind: 'premium'
      name: string
      id: string
      accessToken: string
      profileKey?: ProfileKeyMode
      cachedCertificate?: PlayerCertificateJson
    }
  /** A premium name whose token was revoked or never valid: the client's `join` is rejected. */
  | { kind: 'revoked'; name: string; id: string; accessToken: string }
  | { kind: 'cracked'; name: string }
  /** An offline client using a premium player's name. */
  | { kind: 'impersonator'; name: string }

export type { BotStep } from '../input/step.ts'
import type { BotStep } from '../input/step.ts'

export interface LoginAttemptOptions {
  host: string
  port: number
  version: string
  account: BotAccount
  /** Base URL of the session server the client calls `join` on (premium kinds). */
  sessionServer?: string
  /** Base URL of the services host (`/player/certificates`); default `sessionServer` (the mock serves both). */
  servicesServer?: string
  steps?: BotStep[]
  /** The whole attempt's deadline; past it the outcome is `timeout`. */
  deadlineMs?: number
  /**
   * The loopback address the game connection comes from (e.g. 127.0.0.2) while the launcher's
   * `join` comes from 127.0.0.1: a player behind a proxy, as prevent-proxy-connections sees one.
   */
  localAddress?: string
  /**
   * The handshake's host field exactly as sent, in place of `host`: e.g. a forged BungeeCord
   * forwarding handshake `host\0ip\0uuid` (harness/proxy/forwarding/legacy-bungee.ts).
   */
  handshakeHost?: string
  /** The server's platform (default vanilla): its literal kick texts are named like vanilla's keys. */
  platform?: Platform
  /**
   * 1.20.5+: the servers a `transfer` step may name, where the bot reaches each, and how the
   * harness makes the server the bot is on send the transfer (`transferBy(player, host, port)`:
   * the operator's `/transfer`, or a plugin's Player#transfer).
   */
  transfers?: {
    targets: Readonly<Record<string, { host: string; port: number }>>
    transferBy(player: string, host: string, port: number): void | Promise<void>
  }
  /**
   * 1.20.5+: send a `cookie_response` just before login start that the server never asked for (a
   * modified client; vanilla's server refuses it). `value` UTF-8; absent: a response without payload.
   */
  unsolicitedCookie?: { key: string; value?: string }
  /** @internal The connection a transfer opens: handshake intention TRANSFER, the cookies of the connection before. */
  transferred?: { cookies: CookieJar }
}

export interface LoginAttempt extends Outcome {
  /** Did the bot reach spawn (play state) at any point? */
  joined: boolean
  ms: number
  /** Chat lines the bot received, as plain text, in order. */
  chat: string[]
  /** The UUID the server's login success gave the player (dashed), when it got that far. */
  uuid?: string
  /** Raw events for debugging a surprising outcome. */
  events: string[]
}
