/**
 * The closed set of login outcomes. Every path (embedded, container, storm, check) names what a
 * player saw with exactly one of these codes, so reports and expectations compare like with like.
 */
export const OUTCOME_CODES = [
  'success',
  'invalid_session',
  'auth_servers_unreachable',
  'unverified_username',
  'auth_servers_down',
  'not_whitelisted',
  'banned',
  'server_full',
  'duplicate_login',
  'slow_login',
  'incompatible_version',
  /** Paper/Spigot/CraftBukkit: a second login from one address within bukkit.yml's connection-throttle. */
  'throttled',
  /**
   * A proxy or its backend refused the login over player-info forwarding: no forwarding data where
   * it is required, data where none is expected, a wrong Velocity secret or BungeeGuard token, a
   * backend that never asked Velocity for it (texts: outcome/proxy-texts.ts), also inside a proxy's
   * "Unable to connect to {0}: {1}" / "Kicked whilst connecting to {0}: {1}".
   */
  'forwarding_refused',
  /** 1.20.5+: a transfer (handshake intention 3) to a server with accepts-transfers=false. */
  'transfer_refused',
  'kicked',
  /** Joined, but a `chat` step's message was refused (secure chat: `chat.disabled.*`). */
  'chat_refused',
  'timeout',
  'connection_error',
] as const

export type OutcomeCode = (typeof OUTCOME_CODES)[number]

/** What a player saw: the code, the vanilla translation key (where one exists) and the English text. */
export interface Outcome {
  outcome: OutcomeCode
  /** Vanilla translation key, e.g. `multiplayer.disconnect.unverified_username`; null for plugin kicks, timeouts, socket errors. */
  key: string | null
  /** The English text the client of that version shows (for `kicked` and platform literals, the kick's own text). */
  message: string
}

export function isOutcomeCode(value: string): value is OutcomeCode {
  return (OUTCOME_CODES as readonly string[]).includes(value)
}
