import {
  BUNGEE_BACKEND_ONLINE,
  BUNGEE_UNEXPECTED_DISCONNECT,
  BUNGEEGUARD_INVALID_TOKEN,
  BUNGEEGUARD_NO_DATA,
  PAPER_VELOCITY_REQUIRED,
  PAPER_VELOCITY_UNVERIFIED,
  SPIGOT_ENABLE_IN_BUNGEE,
  SPIGOT_UNKNOWN_DATA,
  VELOCITY_MESSAGES,
} from '../outcome/proxy-texts.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'
import type { ProbeId } from './probes.ts'
import type { CheckContext, ProbeResult } from './types.ts'

/**
 * Turns probe rows into risks, in the words a host would use. Pure: the rows and the facts of
 * the configuration in, sentences out, so every rule is tested without a server.
 */
export function checkWarnings(probes: ProbeResult[], context: CheckContext): string[] {
  const row = (id: ProbeId) => probes.find((p) => p.probe === id)
  const joined = (id: ProbeId) => row(id)?.outcome === 'success'
  const warnings: string[] = []
  // Behind a proxy its online-mode decides who the players are; the server itself runs offline.
  const onlineMode = context.proxy ? context.proxy.online : context.onlineMode

  // Under a whitelist a cracked stranger is refused; what remains is taking a listed name (below).
  if (!context.guard && !context.whiteList && joined('cracked')) {
    warnings.push(`Anyone can join under any name (online-mode=false and no password plugin)`)
  }
  if (joined('impersonator')) {
    warnings.push(`Impersonating "${context.opName}" succeeded: use online-mode=true or a password plugin (AuthMe)`)
    if (context.whiteList) {
      warnings.push(
        `white-list=true does not stop impersonators while online-mode=false: the whitelist checks names, and anyone can claim a whitelisted name`,
      )
    }
  }
  const forged = row('forged-handshake')
  if (forged?.outcome === 'success') {
    warnings.push(
      `A forged BungeeCord handshake joined as ${forged.who.split(' ')[0]} with the UUID it claimed (spigot.yml settings.bungeecord=true takes the UUID from any client that reaches this port): an operator takeover. Fix: install BungeeGuard on this server and the proxy, or switch to Velocity modern forwarding (paper-global.yml proxies.velocity), and firewall the server port so only the proxy reaches it`,
    )
  }
  if (!onlineMode && !context.whiteList && !context.guard) {
    warnings.push(
      `The whitelist is off and online-mode=false${context.proxy ? ' on the proxy' : ''}: nothing keeps strangers out; anyone who knows the address can join`,
    )
  }
  const premium = row('premium')
  if (premium && premium.outcome !== 'success') {
    const fix = context.proxy ? forwardingFix(premium.message) : undefined
    warnings.push(
      `A premium player is refused while the session server is healthy: ${describe(premium)}${fix ? `. The proxy and the server disagree on forwarding: ${fix}` : ''}`,
    )
  }
  const keyless = row('no-profile-key')
  if (keyless && (keyless.outcome === 'chat_refused' || keyless.key === 'multiplayer.disconnect.missing_public_key')) {
    // Not a risk: what enforce-secure-profile=true does, worth knowing before players ask.
    warnings.push(
      `Players whose launcher sends no profile key (chat signing off, some third-party launchers) are refused: ${describe(keyless)} (enforce-secure-profile=true)`,
    )
  }
  const cracked = row('cracked')
  if (onlineMode && cracked?.outcome === 'unverified_username') {
    // Not a risk, but the most common surprise after flipping online-mode on.
    warnings.push(`Players with cracked launchers are locked out: they see "${cracked.message}"`)
  }
  const stranger = row('not-whitelisted')
  if (context.whiteList && stranger?.outcome === 'success') {
    warnings.push(`white-list=true, but a player not on the whitelist got in`)
  }
  const banned = row('banned')
  if (banned?.outcome === 'success') {
    warnings.push(`A player on banned-players.json got in: ${banned.who}. The ban names a UUID this player does not have on this server`)
  }
  const op = row('op')
  if (op && op.outcome !== 'success' && premium?.key !== 'multiplayer.disconnect.missing_public_key') {
    warnings.push(`The operator from ops.json is refused: ${describe(op)}`)
  }
  const removed = row('whitelist-removed-online')
  if (context.whiteList && removed?.outcome === 'success') {
    warnings.push(`A player taken off the whitelist stays online until they leave (enforce-whitelist=false)`)
  }
  const register = row('guard-register-login')
  if (register && register.outcome !== 'success') {
    warnings.push(`A new player could not register with the password plugin: ${describe(register)}`)
  }
  const idle = row('guard-idle')
  if (idle && idle.outcome !== 'kicked') {
    warnings.push(`The password plugin did not kick a player who never logged in: ${describe(idle)}`)
  }
  warnings.push(...proxyWarnings(probes, context))
  for (const failed of probes.filter((p) => p.outcome === 'error')) {
    warnings.push(`The harness could not run the "${failed.probe}" probe: ${failed.message}`)
  }
  return warnings
}

const plain = (text: string) => text.replace(/§[0-9a-fk-orx]/gi, '')

/**
 * What to change when a login through the proxy is refused over forwarding, by the words the
 * player read (outcome/proxy-texts.ts has each text's source): which side expects what, and the
 * setting that makes the two agree.
 */
const FORWARDING_FIXES: ReadonlyArray<readonly [string, string]> = [
  [
    PAPER_VELOCITY_UNVERIFIED,
    "the backend's secret is not the proxy's: put the content of the proxy's forwarding.secret in the backend's config/paper-global.yml proxies.velocity.secret",
  ],
  [
    VELOCITY_MESSAGES['velocity.error.modern-forwarding-failed'],
    "the proxy forwards the modern way, but the backend never asks for it: in the backend's config/paper-global.yml set proxies.velocity.enabled: true and proxies.velocity.secret to the content of the proxy's forwarding.secret",
  ],
  [
    SPIGOT_UNKNOWN_DATA,
    "the proxy forwards the BungeeCord (legacy) way, but the backend's spigot.yml has settings.bungeecord: false: set it to true, and add BungeeGuard on both sides (or use Velocity's modern forwarding)",
  ],
  [
    BUNGEE_UNEXPECTED_DISCONNECT,
    "the backend closed the login BungeeCord forwarded: set settings.bungeecord: true in the backend's spigot.yml, and add BungeeGuard on both sides",
  ],
  [
    SPIGOT_ENABLE_IN_BUNGEE,
    'the backend expects BungeeCord forwarding (spigot.yml settings.bungeecord: true), but the proxy sends none: set ip_forward: true in config.yml (Velocity: player-info-forwarding-mode = "legacy" or "bungeeguard"; better, "modern" with Paper\'s proxies.velocity)',
  ],
  [
    PAPER_VELOCITY_REQUIRED,
    'the backend expects Velocity\'s modern forwarding (paper-global.yml proxies.velocity.enabled: true), but the proxy does not forward that way: set player-info-forwarding-mode = "modern" in velocity.toml',
  ],
  [
    plain(BUNGEEGUARD_NO_DATA),
    "BungeeGuard on the backend got no forwarding data: turn forwarding on at the proxy (ip_forward: true, or Velocity's bungeeguard mode)",
  ],
  [
    plain(BUNGEEGUARD_INVALID_TOKEN),
    "BungeeGuard on the backend refuses the proxy's token: put the proxy's token (plugins/BungeeGuard/token.yml; Velocity: forwarding.secret) in the backend's plugins/BungeeGuard/config.yml allowed-tokens",
  ],
  [
    plain(BUNGEE_BACKEND_ONLINE),
    "the backend runs online-mode=true behind BungeeCord, which cannot log in to it for the player: set online-mode=false in the backend's server.properties (the proxy authenticates players)",
  ],
]

function forwardingFix(message: string): string | undefined {
  return FORWARDING_FIXES.find(([text]) => message.includes(text))?.[1]
}

/** The risks and mistakes the proxy probes show (only with `--proxy-dir`). */
function proxyWarnings(probes: ProbeResult[], context: CheckContext): string[] {
  const proxy = context.proxy
  if (!proxy) return []
  const row = (id: ProbeId) => probes.find((p) => p.probe === id)
  const warnings: string[] = []
  const premium = row('premium')
  // Only an online proxy knows premium UUIDs to forward; behind an offline one every UUID is offline.
  if (proxy.online && premium?.outcome === 'success' && premium.backendUuid) {
    const name = premium.who.split(' ')[0]!
    if (toDashedUuid(premium.backendUuid) === offlineUuid(name)) {
      warnings.push(
        `Behind the proxy the backend gives ${name} the offline UUID ${offlineUuid(name)}, not their premium one: the proxy does not forward player info (${proxy.type === 'velocity' ? 'velocity.toml player-info-forwarding-mode = "none"' : 'config.yml ip_forward: false'}), so whitelists, bans, ops and plugin data keyed by premium UUIDs do not match. Fix: Velocity's modern forwarding (player-info-forwarding-mode = "modern" and Paper's proxies.velocity), or BungeeCord's ip_forward: true with spigot.yml settings.bungeecord: true and BungeeGuard`,
      )
    }
  }
  const direct = row('backend-direct')
  if (direct?.outcome === 'success') {
    warnings.push(
      `A cracked client that connects straight to the backend's port, around the proxy, gets in as ${direct.who.split(' ')[0]}: the backend checks no forwarding. Fix: Velocity's modern forwarding (Paper's proxies.velocity) or spigot.yml settings.bungeecord: true with BungeeGuard, and a firewall rule so only the proxy reaches the backend's port`,
    )
  }
  for (const note of proxy.notPlayed) warnings.push(`Not probed: ${note}`)
  return warnings
}

/** `outcome ("message")`, the way rows and diff lines quote what a player saw. */
export function describe(result: Pick<ProbeResult, 'outcome' | 'message'>): string {
  return result.message ? `${result.outcome} ("${result.message.replace(/\s*\n\s*/g, ' ')}")` : result.outcome
}
