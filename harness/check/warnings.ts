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
  if (!context.onlineMode && !context.whiteList && !context.guard) {
    warnings.push(`The whitelist is off and online-mode=false: nothing keeps strangers out; anyone who knows the address can join`)
  }
  const premium = row('premium')
  if (premium && premium.outcome !== 'success') {
    warnings.push(`A premium player is refused while the session server is healthy: ${describe(premium)}`)
  }
  const keyless = row('no-profile-key')
  if (keyless && (keyless.outcome === 'chat_refused' || keyless.key === 'multiplayer.disconnect.missing_public_key')) {
    // Not a risk: what enforce-secure-profile=true does, worth knowing before players ask.
    warnings.push(
      `Players whose launcher sends no profile key (chat signing off, some third-party launchers) are refused: ${describe(keyless)} (enforce-secure-profile=true)`,
    )
  }
  const cracked = row('cracked')
  if (context.onlineMode && cracked?.outcome === 'unverified_username') {
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
  for (const failed of probes.filter((p) => p.outcome === 'error')) {
    warnings.push(`The harness could not run the "${failed.probe}" probe: ${failed.message}`)
  }
  return warnings
}

/** `outcome ("message")`, the way rows and diff lines quote what a player saw. */
export function describe(result: Pick<ProbeResult, 'outcome' | 'message'>): string {
  return result.message ? `${result.outcome} ("${result.message.replace(/\s*\n\s*/g, ' ')}")` : result.outcome
}
