import { compareReleases } from '../../platforms.ts'
import { formatMessage, PAPER_TEXTS } from '../../outcome/platform-texts.ts'
import { vanillaReason, type KickReason } from '../kick.ts'
import { invalidCharacters, unreadableName } from '../player-name.ts'
import type { PlatformRules } from '../platform-rules.ts'
import type { VersionData } from '../version-data.ts'
import type { PaperSettings } from './config-files.ts'
import { ConnectionThrottle } from './connection-throttle.ts'

/**
 * Paper's login rules for the embedded server, each copied from PaperMC/Paper (read at tags
 * 1.21.4, 1.21.6, 1.21.7 and main; 1.20.4 from the patch files of its last commit, f4c7d373).
 * Short names: HS = paper-server/patches/sources/net/minecraft/server/network/
 * ServerHandshakePacketListenerImpl.java.patch, LG = ServerLoginPacketListenerImpl.java.patch in
 * the same folder, PL = .../server/players/PlayerList.java.patch, GC = paper-server/src/main/java/
 * io/papermc/paper/configuration/GlobalConfiguration.java, CS = .../org/bukkit/craftbukkit/
 * CraftServer.java. The texts' defaults are outcome/platform-texts.ts (PAPER_TEXTS), which the
 * classifier reads too; a server's spigot.yml / paper-global.yml may change them (config-files.ts).
 */
export interface PaperRulesOptions {
  data: VersionData
  settings: PaperSettings
  /** server.properties online-mode. */
  onlineMode: boolean
  /** Epoch ms, for the throttle (tests move it). */
  now?: () => number
}

/** The newest release whose PlayerList kicks a duplicate before the admission checks (PL: 1.21.6 vs 1.21.7). */
const LAST_EARLY_DUPLICATE_KICK = '1.21.6'
/** The newest release whose server-full kick is Spigot's literal rather than vanilla's key (PL). */
const LAST_LITERAL_SERVER_FULL = '1.21.6'

/**
 * GC `Proxies.isProxyOnlineMode()`: online mode, or BungeeCord (spigot.yml settings.bungeecord)
 * with bungee-cord.online-mode, or Velocity enabled with its online-mode.
 */
export function isProxyOnlineMode(settings: PaperSettings, onlineMode: boolean): boolean {
  return onlineMode || (settings.bungeecord && settings.bungeeOnlineMode) || (settings.velocityEnabled && settings.velocityOnlineMode)
}

/** CS `getConnectionThrottle()`: -1 (off) whenever BungeeCord or Velocity forwarding is on, else bukkit.yml's value. */
export function effectiveConnectionThrottle(settings: PaperSettings): number {
  return settings.bungeecord || settings.velocityEnabled ? -1 : settings.connectionThrottleMs
}

/** StringUtil.isReasonablePlayerName (1.20.4: Player.isValidUsername, patch 0684-Validate-usernames): 1-16 of A-Z a-z 0-9 _ . */
export function isReasonablePlayerName(name: string): boolean {
  return /^[A-Za-z0-9_.]{1,16}$/.test(name)
}

/** Spigot's legacy `§` text as a component: the client shows it without the codes, as the classifier reads it. */
function literal(text: string): KickReason {
  return { text }
}

export function paperRules({ data, settings, onlineMode, now }: PaperRulesOptions): PlatformRules {
  const version = data.version
  const throttle = new ConnectionThrottle(effectiveConnectionThrottle(settings), version, now)
  const proxyOnline = isProxyOnlineMode(settings, onlineMode)
  return {
    // HS beginLogin: the throttle runs before the version check (ConnectionThrottle has the rule).
    loginHandshake: (ip) => (throttle.refuses(ip) ? literal(settings.messages.connectionThrottle) : undefined),
    // HS beginLogin (Spigot, SPIGOT-7546): any older protocol gets outdated-client, any newer
    // outdated-server, `MessageFormat.format(message, <server's version name>)`.
    versionRefusal: (protocol) => {
      if (protocol === data.protocolVersion) return undefined
      const template = protocol < data.protocolVersion ? settings.messages.outdatedClient : settings.messages.outdatedServer
      return literal(formatMessage(template, [version]))
    },
    // LG handleHello: the character rule only in (proxy) online mode and with
    // unsupported-settings.perform-username-validation; offline Paper admits names vanilla refuses.
    // The length still fails to decode, as on vanilla.
    nameRefusal: (name) => {
      const unreadable = unreadableName(data, name)
      if (unreadable) return unreadable
      if (proxyOnline && settings.performUsernameValidation && !isReasonablePlayerName(name)) return invalidCharacters(data)
      return undefined
    },
    // PL isWhiteListed / isWhiteListedLogin: spigot.yml messages.whitelist, every version read.
    notWhitelisted: () => literal(settings.messages.whitelist),
    // PL canPlayerLogin: spigot.yml messages.server-full up to 1.21.6; from 1.21.7
    // canBypassFullServerLogin sends vanilla's key.
    serverFull: () =>
      compareReleases(version, LAST_LITERAL_SERVER_FULL) <= 0
        ? literal(settings.messages.serverFull)
        : vanillaReason(data, 'multiplayer.disconnect.server_full'),
    // LG + GC messages.kick.authentication-servers-down: vanilla's key unless configured.
    authServersDown: () =>
      settings.messages.authServersDown !== undefined
        ? literal(settings.messages.authServersDown)
        : vanillaReason(data, 'multiplayer.disconnect.authservers_down'),
    // LG: an exception from the pre-login events (a plugin's AsyncPlayerPreLoginEvent handler) ends in
    // disconnect("Failed to verify username!").
    preLoginFailed: () => literal(PAPER_TEXTS.unverifiedUsername.template),
    // PL: up to 1.21.6 canPlayerLogin kicks the players already online ("Moved from processLogin")
    // before the ban/whitelist/full checks; from 1.21.7 disconnectAllPlayersWithProfile runs after them.
    duplicateKickBeforeChecks: compareReleases(version, LAST_EARLY_DUPLICATE_KICK) <= 0,
    // PL ("Paper - validate usernames"): the same UUID, or in (proxy) online mode the same name
    // ignoring case. Offline, "Bob" and "bob" have different UUIDs and both stay.
    samePlayer: (online, candidate) =>
      online.uuid === candidate.uuid || (proxyOnline && online.name.toLowerCase() === candidate.name.toLowerCase()),
  }
}
