/**
 * Every text a player reads from a proxy, or from a backend about forwarding, in one table: the
 * proxy stand-in (proxy/), the backend's forwarding check (server/forwarding-check.ts) and the
 * classifier (classify.ts) all read them from here. Each is copied from its source:
 *
 * - Velocity: PaperMC/Velocity dev/3.0.0 @ 69ee655d7,
 *   proxy/src/main/resources/com/velocitypowered/proxy/l10n/messages.properties (MessageFormat);
 * - BungeeCord: SpigotMC/BungeeCord @ df0f3db3, proxy/src/main/resources/messages.properties
 *   (`§` codes included), and two literals of proxy/src/main/java/net/md_5/bungee/ServerConnector.java;
 * - Paper: PaperMC/Paper @ 6c8d4132 (26.1.2), ServerLoginPacketListenerImpl.java.patch (Velocity
 *   support) and ServerHandshakePacketListenerImpl.java.patch (Spigot's BungeeCord support);
 * - BungeeGuard: lucko/BungeeGuard v1.3.3, bungeeguard-spigot/src/main/resources/config.yml
 *   ("&c" there is "§c").
 * Waterfall's sources could not be read here; it is treated as BungeeCord.
 */
export const VELOCITY_MESSAGES = {
  'velocity.error.cant-connect': 'Unable to connect to {0}: {1}',
  'velocity.error.connecting-server-error': 'Unable to connect you to {0}. Please try again later.',
  'velocity.error.connected-server-error': 'Your connection to {0} encountered a problem.',
  'velocity.error.logging-in-too-fast': 'You are logging in too fast, try again later.',
  'velocity.error.online-mode-only':
    'You are not logged into your Minecraft account. If you are logged into your Minecraft account, try restarting your Minecraft client.',
  'velocity.error.modern-forwarding-needs-new-client': 'This server is only compatible with Minecraft 1.13 and above.',
  'velocity.error.modern-forwarding-failed':
    'Your server did not send a forwarding request to the proxy. Make sure the server is configured for Velocity forwarding.',
  'velocity.error.moved-to-new-server': 'You were kicked from {0}: {1}',
  'velocity.error.no-available-servers': 'There are no available servers to connect you to. Try again later or contact an admin.',
} as const
export type VelocityKey = keyof typeof VELOCITY_MESSAGES

export const BUNGEE_MESSAGES = {
  connect_kick: '§cKicked whilst connecting to {0}: {1}',
  fallback_kick: '§cCould not connect to a default or fallback server. Incorrectly configured address/port/firewall? {0}',
  lost_connection: '§cProxy lost connection to server.',
  mojang_fail: '§cError occurred while contacting login servers, are they down?',
  offline_mode_player: '§cNot authenticated with Minecraft.net',
  name_invalid: '§cUsername contains invalid characters.',
} as const
export type BungeeKey = keyof typeof BUNGEE_MESSAGES

/** ServerConnector.handle(EncryptionRequest) throws QuietException("Server is online mode!"); exception() shows it so. */
export const BUNGEE_BACKEND_ONLINE = '§cException Connecting: QuietException : Server is online mode!'
/** ServerConnector.disconnected(): a backend that closed the connection before answering the login. */
export const BUNGEE_UNEXPECTED_DISCONNECT =
  'Unexpected disconnect during server login, did you forget to enable BungeeCord / IP forwarding on your server?'

/** Paper, Velocity support: a client that answered the velocity:player_info request "not understood". */
export const PAPER_VELOCITY_REQUIRED = 'This server requires you to connect with Velocity.'
/** Paper, Velocity support: the HMAC did not match (a different secret). */
export const PAPER_VELOCITY_UNVERIFIED = 'Unable to verify player details'
/** Spigot, `bungeecord: true`: a handshake without (plausible) forwarding data. */
export const SPIGOT_ENABLE_IN_BUNGEE = 'If you wish to use IP forwarding, please enable it in your BungeeCord config as well!'
/** Spigot, `bungeecord: false`: forwarding data in the handshake. */
export const SPIGOT_UNKNOWN_DATA = 'Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?'
/** BungeeGuard: no forwarding data at all. */
export const BUNGEEGUARD_NO_DATA = '§cUnable to authenticate - no data was forwarded by the proxy.'
/** BungeeGuard: forwarding data without a (valid, single) token. */
export const BUNGEEGUARD_INVALID_TOKEN = '§cUnable to authenticate.'

/** java.text.MessageFormat for these simple patterns: `{n}` arguments, `''` a quote. */
export function messageFormat(pattern: string, args: readonly string[]): string {
  return pattern.replace(/''|\{(\d+)\}/g, (match, index: string | undefined) =>
    index === undefined ? "'" : (args[Number(index)] ?? match),
  )
}

const strip = (text: string) => text.replace(/§[0-9a-fk-orx]/gi, '')

/** Texts that mean "forwarding between proxy and backend is not set up as this side expects". */
export const FORWARDING_REFUSALS: readonly string[] = [
  PAPER_VELOCITY_REQUIRED,
  PAPER_VELOCITY_UNVERIFIED,
  SPIGOT_ENABLE_IN_BUNGEE,
  SPIGOT_UNKNOWN_DATA,
  strip(BUNGEEGUARD_NO_DATA),
  strip(BUNGEEGUARD_INVALID_TOKEN),
  VELOCITY_MESSAGES['velocity.error.modern-forwarding-failed'],
  VELOCITY_MESSAGES['velocity.error.modern-forwarding-needs-new-client'],
  BUNGEE_UNEXPECTED_DISCONNECT,
  strip(BUNGEE_BACKEND_ONLINE),
]

/** The proxies' own words for vanilla situations: hasJoined said "not joined", or could not be asked. */
export const PROXY_UNVERIFIED: readonly string[] = [
  VELOCITY_MESSAGES['velocity.error.online-mode-only'],
  strip(BUNGEE_MESSAGES.offline_mode_player),
]
export const PROXY_AUTH_DOWN: readonly string[] = [strip(BUNGEE_MESSAGES.mojang_fail)]
export const PROXY_RATELIMITED: readonly string[] = [VELOCITY_MESSAGES['velocity.error.logging-in-too-fast']]

/**
 * The proxies' wrappers around a backend's reason: `{0}` the server's name, `{1}` what the
 * backend said. As patterns over plain text (colour codes stripped).
 */
export const PROXY_WRAPPERS: readonly RegExp[] = [
  VELOCITY_MESSAGES['velocity.error.cant-connect'],
  VELOCITY_MESSAGES['velocity.error.moved-to-new-server'],
  strip(BUNGEE_MESSAGES.connect_kick),
].map(
  (pattern) =>
    new RegExp(
      `^${pattern
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace('{0}', '(.+?)')
        .replace('{1}', '([\\s\\S]*)')}$`,
    ),
)

/** `text` without a proxy's wrapper: the backend's own reason and the server's name, or undefined. */
export function unwrapProxyText(text: string): { server: string; inner: string } | undefined {
  for (const pattern of PROXY_WRAPPERS) {
    const match = pattern.exec(text)
    if (match) return { server: match[1]!, inner: match[2]! }
  }
  return undefined
}
