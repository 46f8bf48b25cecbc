import { compareReleases, type Platform } from '../platforms.ts'
import type { OutcomeCode } from './codes.ts'

/**
 * The literal kick texts a platform sends where vanilla sends a translation key (or nothing), per
 * version: the one table both the embedded Paper server (server/paper/) and the classifier
 * (classify.ts) read, so what the stand-in sends and what a real Paper's kick is named agree.
 * Vanilla's own texts are its translation keys (minecraft-data's language files, language.ts);
 * this table holds only what a platform adds.
 *
 * Templates are the platform's defaults, in Java's MessageFormat (`{0}` is the argument); they may
 * carry `§` colour codes, which the client does not show and the classifier strips. A server whose
 * spigot.yml / paper-global.yml changes a message sends that text instead (server/paper/config.ts).
 */
export interface PlatformText {
  code: OutcomeCode
  /** The vanilla key for the same situation, kept in reports; null when vanilla has none. */
  key: string | null
  /** Default text, MessageFormat placeholders (`{0}`). */
  template: string
  /** First release (inclusive) this text is sent as a literal; absent: every supported one. */
  from?: string
  /** Last release (inclusive); absent: up to the newest. */
  until?: string
  /** Where the text and its version range were read (repository, path, tags). */
  source: string
}

/** The situations Paper words itself. Names are the config keys' meaning, not Paper's field names. */
export type PaperTextName = 'whitelist' | 'serverFull' | 'outdatedClient' | 'outdatedServer' | 'unverifiedUsername' | 'connectionThrottle'

/**
 * Paper (with Spigot and CraftBukkit under it). Read in PaperMC/Paper at tags 1.21.4, 1.21.6,
 * 1.21.7 and main (26.2), and for 1.20.4 in the patch files of the last 1.20.4 commit (f4c7d373,
 * patches/server/*.patch); Spigot's own 1.20.4 SpigotConfig is not on GitHub, so its defaults are
 * taken from 1.21.4's copy, which Paper carries unchanged since.
 */
export const PAPER_TEXTS: Readonly<Record<PaperTextName, PlatformText>> = {
  whitelist: {
    code: 'not_whitelisted',
    key: 'multiplayer.disconnect.not_whitelisted',
    template: 'You are not whitelisted on this server!',
    source:
      'PaperMC/Paper paper-server/src/main/java/org/spigotmc/SpigotConfig.java (messages.whitelist) and paper-server/patches/sources/net/minecraft/server/players/PlayerList.java.patch (isWhiteListed / isWhiteListedLogin), 1.21.4 .. main; 1.20.4: patches/server/0143-ProfileWhitelistVerifyEvent.patch',
  },
  serverFull: {
    code: 'server_full',
    key: 'multiplayer.disconnect.server_full',
    template: 'The server is full!',
    until: '1.21.6',
    source:
      'PaperMC/Paper SpigotConfig.java (messages.server-full) and PlayerList.java.patch canPlayerLogin (KICK_FULL with serverFullMessage) at 1.21.4 and 1.21.6; from 1.21.7 canBypassFullServerLogin sends Component.translatable("multiplayer.disconnect.server_full"); 1.20.4: patches/server/0010-Adventure.patch',
  },
  outdatedClient: {
    code: 'incompatible_version',
    key: 'multiplayer.disconnect.outdated_client',
    template: 'Outdated client! Please use {0}',
    source:
      'PaperMC/Paper SpigotConfig.java outdatedClientMessage and paper-server/patches/sources/net/minecraft/server/network/ServerHandshakePacketListenerImpl.java.patch beginLogin (protocol < server: client outdated, SPIGOT-7546), 1.21.4 .. main; 1.20.4: patches/server/0421-Fix-hex-colors-not-working-in-some-kick-messages.patch',
  },
  outdatedServer: {
    code: 'incompatible_version',
    key: 'multiplayer.disconnect.outdated_server',
    template: "Outdated server! I'm still on {0}",
    source:
      'PaperMC/Paper SpigotConfig.java outdatedServerMessage; ServerHandshakePacketListenerImpl.java.patch beginLogin, as outdatedClient',
  },
  unverifiedUsername: {
    code: 'unverified_username',
    key: 'multiplayer.disconnect.unverified_username',
    template: 'Failed to verify username!',
    source:
      'PaperMC/Paper paper-server/patches/sources/net/minecraft/server/network/ServerLoginPacketListenerImpl.java.patch: disconnect("Failed to verify username!") when the pre-login events or authentication throw, 1.21.4 .. main; 1.20.4: patches/server/0774-Add-Velocity-IP-Forwarding-Support.patch',
  },
  connectionThrottle: {
    code: 'throttled',
    key: null,
    template: 'Connection throttled! Please wait before reconnecting.',
    source:
      'PaperMC/Paper paper-server/src/main/java/io/papermc/paper/configuration/GlobalConfiguration.java messages.kick.connection-throttle, sent by ServerHandshakePacketListenerImpl.java.patch beginLogin, 1.21.4 .. main; 1.20.4: patches/server/0005-Paper-config-files.patch and 0253-Configurable-connection-throttle-kick-message.patch',
  },
}

const TABLES: Readonly<Record<Platform, readonly PlatformText[]>> = {
  vanilla: [],
  paper: Object.values(PAPER_TEXTS),
}

/** Whether `text` applies on `version` (a release number). */
export function appliesTo(text: PlatformText, version: string): boolean {
  if (text.from !== undefined && compareReleases(version, text.from) < 0) return false
  if (text.until !== undefined && compareReleases(version, text.until) > 0) return false
  return true
}

/** The platform's literal texts that apply on `version`. */
export function platformTexts(platform: Platform, version: string): PlatformText[] {
  return TABLES[platform].filter((t) => appliesTo(t, version))
}

/**
 * Java's MessageFormat as Spigot calls it (`MessageFormat.format(message.replaceAll("'", "''"),
 * args)`): quotes are doubled first, so they stay literal, and `{n}` becomes the n-th argument.
 */
export function formatMessage(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => args[Number(n)] ?? whole)
}

/** Whether a kick's plain text (`§` codes already stripped) is `template`, any text standing for `{n}`. */
export function matchesMessageFormat(text: string, template: string): boolean {
  const pattern = template
    .split(/\{\d+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*')
  return new RegExp(`^${pattern}$`).test(text.trim())
}

/** Which of the platform's texts (on `version`) a literal kick is, if any. */
export function platformTextOf(text: string, platform: Platform, version: string): PlatformText | undefined {
  return platformTexts(platform, version).find((t) => matchesMessageFormat(text, t.template))
}
