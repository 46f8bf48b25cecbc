import { versionRefusal } from './handshake.ts'
import { vanillaReason, type KickReason } from './kick.ts'
import { nameRefusal } from './player-name.ts'
import type { VersionData } from './version-data.ts'

/**
 * Where a platform's login differs from vanilla's, as the embedded server asks it: the handshake
 * (a throttle, the outdated texts), the login name, the texts of the admission checks and where
 * a duplicate login is settled. Vanilla's answers are below; Paper's are server/paper/rules.ts.
 * The login state machine (login.ts) and the admission (embedded-server.ts) call these and
 * nothing platform-specific of their own.
 */
export interface PlatformRules {
  /**
   * A LOGIN (or transfer) handshake from `ip`, before the version check: a reason refuses it
   * (Paper's connection throttle). Status pings never come here.
   */
  loginHandshake(ip: string): KickReason | undefined
  /** A client speaking `protocol` (undefined: the server's own). */
  versionRefusal(protocol: number): KickReason | undefined
  /** The login start's name. */
  nameRefusal(name: string): KickReason | undefined
  notWhitelisted(): KickReason
  serverFull(): KickReason
  authServersDown(): KickReason
  /** A plugin's pre-login handler threw: what the player is told (undefined: the error ends the connection). */
  preLoginFailed(): KickReason | undefined
  /** Whether the player already online is kicked before the ban/whitelist/full checks (else after them). */
  duplicateKickBeforeChecks: boolean
  /** Whether an online player and a new login are the same player (the old one is kicked). */
  samePlayer(online: { name: string; uuid: string }, candidate: { name: string; uuid: string }): boolean
}

/** Vanilla of `data`'s version: exactly what the embedded server has always done. */
export function vanillaRules(data: VersionData): PlatformRules {
  return {
    loginHandshake: () => undefined,
    versionRefusal: (protocol) => versionRefusal(data, protocol),
    nameRefusal: (name) => nameRefusal(data, name),
    notWhitelisted: () => vanillaReason(data, 'multiplayer.disconnect.not_whitelisted'),
    serverFull: () => vanillaReason(data, 'multiplayer.disconnect.server_full'),
    authServersDown: () => vanillaReason(data, 'multiplayer.disconnect.authservers_down'),
    preLoginFailed: () => undefined,
    duplicateKickBeforeChecks: false,
    samePlayer: (online, candidate) => online.uuid === candidate.uuid || online.name.toLowerCase() === candidate.name.toLowerCase(),
  }
}
