import { DEFAULT_PLATFORM, type Platform } from '../platforms.ts'
import type { Outcome, OutcomeCode } from './codes.ts'
import { plainText, rootTranslation, stripFormatting, toComponent } from './component.ts'
import { FORWARDING_REFUSALS, PROXY_AUTH_DOWN, PROXY_RATELIMITED, PROXY_UNVERIFIED, unwrapProxyText } from './proxy-texts.ts'
import { englishTextWithSource, englishText, newestReleaseWithLanguage, renderLoginFailed } from './language.ts'
import { platformTextOf, platformTexts } from './platform-texts.ts'

/**
 * What one login attempt looked like from the client's side, normalised from minecraft-protocol /
 * mineflayer events. Bots and light clients fill it; classify() names it.
 */
export interface AttemptRecord {
  /** Reached play (mineflayer `spawn`, or the light client's first play packet). */
  spawned: boolean
  /** The server's disconnect reason: JSON text, an NBT tag, a simplified object or legacy text. */
  kickReason?: unknown
  /** Messages of `error` events, in order (the client's own `join` failures land here). */
  clientErrors: string[]
  /** The client's `end` reason, e.g. `encryptionLoginError`, `socketClosed`. */
  endReason?: string
  /** A socket-level error before login (refused, reset). */
  socketError?: { code?: string; message?: string }
  /** The attempt's deadline (or a step's) passed first. */
  timedOut: boolean
  /** What was being waited for when the deadline passed, e.g. `waitForChat /Welcome/ within 5000 ms`. */
  timeoutDetail?: string
  /** A `chat` step's message the server refused: the vanilla key of the refusal (`chat.disabled.*`). */
  chatRefusal?: string
}

/** Vanilla kick keys the closed set names; every other kick is `kicked`. */
const KICK_KEYS: ReadonlyArray<readonly [string, OutcomeCode]> = [
  ['multiplayer.disconnect.unverified_username', 'unverified_username'],
  ['multiplayer.disconnect.authservers_down', 'auth_servers_down'],
  ['multiplayer.disconnect.not_whitelisted', 'not_whitelisted'],
  ['multiplayer.disconnect.banned', 'banned'],
  ['multiplayer.disconnect.banned.reason', 'banned'],
  ['multiplayer.disconnect.banned_ip.reason', 'banned'],
  ['multiplayer.disconnect.ip_banned', 'banned'],
  ['multiplayer.disconnect.server_full', 'server_full'],
  ['multiplayer.disconnect.duplicate_login', 'duplicate_login'],
  ['multiplayer.disconnect.slow_login', 'slow_login'],
  ['multiplayer.disconnect.outdated_client', 'incompatible_version'],
  ['multiplayer.disconnect.outdated_server', 'incompatible_version'],
  ['multiplayer.disconnect.incompatible', 'incompatible_version'],
  ['multiplayer.disconnect.transfers_disabled', 'transfer_refused'],
]
const CODE_BY_KEY = new Map(KICK_KEYS)

/**
 * Servers from before translate components (1.8-1.11) sent these literally; their wording is
 * server-side and not in any language file, so it is spelled out here. Everything else is matched
 * against minecraft-data's English.
 */
const LEGACY_LITERALS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^You are banned from this server!?(\s|$)/, 'multiplayer.disconnect.banned'],
  [/^Your IP address is banned from this server!?(\s|$)/, 'multiplayer.disconnect.ip_banned'],
]

/** Match a literal text against a key's English, `%s` standing for any text. */
function matchesTemplate(text: string, template: string): boolean {
  const pattern = template
    .trim()
    .split(/%(?:\d+\$)?s/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*')
  return new RegExp(`^${pattern}$`).test(text)
}

/**
 * Which vanilla key a literal kick text is. Compared with the attempt's version, the key's oldest
 * release and the newest release, so both "...later, sorry!" and "...later. Sorry!" are known
 * whatever version the client speaks.
 */
function keyOfLiteral(text: string, version: string): string | undefined {
  const trimmed = text.trim()
  const newest = newestReleaseWithLanguage()
  for (const [key] of KICK_KEYS) {
    const candidates = new Set<string>()
    // 1.8.8 lacks these keys, so it resolves to each key's oldest wording.
    for (const v of [version, newest, '1.8.8']) {
      const t = englishText(key, v)
      if (t !== undefined) candidates.add(t)
    }
    for (const template of candidates) {
      if (/%(?:\d+\$)?s/.test(template) ? matchesTemplate(trimmed, template) : trimmed === template.trim()) return key
    }
  }
  for (const [pattern, key] of LEGACY_LITERALS) if (pattern.test(trimmed)) return key
  return undefined
}

/**
 * A proxy's or a forwarding backend's text: forwarding refusals, the proxies' own words for "not
 * joined", "auth servers down" and their login ratelimit, and a backend's reason inside a proxy's
 * wrapper (named by the backend's reason, so "Unable to connect to lobby: You are not white-listed
 * on this server!" is `not_whitelisted`; the message stays what the player read).
 */
function proxyTextOutcome(text: string, version: string, platform: Platform): Omit<Outcome, 'message'> | undefined {
  if (FORWARDING_REFUSALS.includes(text)) return { outcome: 'forwarding_refused', key: null }
  if (PROXY_UNVERIFIED.includes(text)) return { outcome: 'unverified_username', key: null }
  if (PROXY_AUTH_DOWN.includes(text)) return { outcome: 'auth_servers_down', key: null }
  if (PROXY_RATELIMITED.includes(text)) return { outcome: 'throttled', key: null }
  const wrapped = unwrapProxyText(text)
  if (!wrapped) return undefined
  const inner = wrapped.inner.trim()
  const nested = proxyTextOutcome(inner, version, platform)
  if (nested) return nested
  const platformText = platformTextOf(inner, platform, version)
  if (platformText) return { outcome: platformText.code, key: platformText.key }
  const key = keyOfLiteral(inner, version)
  return key ? { outcome: CODE_BY_KEY.get(key)!, key } : undefined
}

function classifyKick(reason: unknown, version: string, platform: Platform): Outcome {
  const component = toComponent(reason)
  const text = plainText(component, version)
  const translation = rootTranslation(component)
  if (translation) {
    const code = CODE_BY_KEY.get(translation.key)
    if (code) return { outcome: code, key: translation.key, message: text }
    // A vanilla key outside the closed set (name_taken, missing_public_key, ...): still `kicked`,
    // but keep the key, since the contract says "the vanilla key, where one exists".
    const known = englishTextWithSource(translation.key, version) !== undefined
    return { outcome: 'kicked', key: known ? translation.key : null, message: text }
  }
  // The platform's own literals first (Paper's whitelist text, its throttle): the player reads
  // them as they were sent, § codes aside.
  const platformText = platformTextOf(stripFormatting(text), platform, version)
  if (platformText) return { outcome: platformText.code, key: platformText.key, message: text.trim() }
  const proxied = proxyTextOutcome(stripFormatting(text).trim(), version, platform)
  if (proxied) return { ...proxied, message: text.trim() }
  const literalKey = keyOfLiteral(stripFormatting(text), version)
  if (literalKey) {
    // The player reads what the server sent, so the message stays the literal text.
    return { outcome: CODE_BY_KEY.get(literalKey)!, key: literalKey, message: text.trim() }
  }
  return { outcome: 'kicked', key: null, message: text }
}

/**
 * How the vanilla client words its own failed `join` (authlib's exception -> loginFailedInfo
 * reason). The closed set has no codes for insufficientPrivileges / userBanned: they are the
 * session server rejecting the join, which is what `invalid_session` means (outcome/codes.ts), so they
 * share that code and keep their own key and text.
 */
function joinFailureKey(errors: readonly string[]): string | undefined {
  // Our own join (bot/session-join.ts) says which side failed: "failed" is a 5xx or no answer,
  // whatever the body claims; only "rejected" (a 4xx) reads the error type.
  const own = errors.filter(isJoinError)
  if (own.length > 0 && own.every((e) => /^session join failed\b/i.test(e))) return undefined
  const all = (own.length > 0 ? own : errors).join('\n')
  if (/InsufficientPrivilegesException/i.test(all)) return 'disconnect.loginFailedInfo.insufficientPrivileges'
  if (/UserBannedException|multiplayer\.access\.banned|ForcedUsernameChange/i.test(all)) return 'disconnect.loginFailedInfo.userBanned'
  // authlib turns 401 and a 403 ForbiddenOperationException into InvalidCredentialsException; other
  // 4xx are rare enough that they are read the same way rather than given a code of their own.
  if (own.length > 0 || /ForbiddenOperationException|Invalid token|Invalid session|InvalidCredentials|status code: 401/i.test(all)) {
    return 'disconnect.loginFailedInfo.invalidSession'
  }
  return undefined
}

/** A `join` error message the bot layer raises (see bot/session-join.ts) or minecraft-protocol's own. */
function isJoinError(message: string): boolean {
  return /^session join\b/i.test(message)
}

const SOCKET_CODES = /\b(ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNABORTED)\b/

/**
 * Names one attempt as a client of `version` on a server of `platform` would read it (the
 * platform decides which literal texts are known: see platform-texts.ts). Precedence: a server kick (what the player read last) > the client's own
 * join failure > a deadline > joined > a socket failure. `success` has key null and message
 * "Joined": there is no vanilla screen for it, and an empty message reads like a missing one.
 */
export function classify(record: AttemptRecord, version: string, platform: Platform = DEFAULT_PLATFORM): Outcome {
  if (record.kickReason !== undefined && record.kickReason !== null) return classifyKick(record.kickReason, version, platform)

  const joinErrors = record.clientErrors.filter(isJoinError)
  if (record.endReason === 'encryptionLoginError' || joinErrors.length > 0) {
    const errors = joinErrors.length > 0 ? joinErrors : record.clientErrors
    const reasonKey = joinFailureKey(errors)
    if (reasonKey) {
      return { outcome: 'invalid_session', key: reasonKey, message: renderLoginFailed(reasonKey, version) }
    }
    // 5xx, refused, reset, timed out, unreadable answer: authlib's AuthenticationUnavailableException.
    const key = 'disconnect.loginFailedInfo.serversUnavailable'
    return { outcome: 'auth_servers_unreachable', key, message: renderLoginFailed(key, version) }
  }

  if (record.timedOut) {
    return { outcome: 'timeout', key: null, message: record.timeoutDetail ?? 'Nothing happened before the deadline' }
  }
  if (record.spawned && record.chatRefusal !== undefined) {
    return { outcome: 'chat_refused', key: record.chatRefusal, message: englishText(record.chatRefusal, version) ?? record.chatRefusal }
  }
  if (record.spawned) {
    if (record.endReason !== undefined && record.endReason !== 'harness' && record.endReason !== 'disconnect.quitting') {
      // The server dropped the player without a reason, like a crash or a plugin closing the socket.
      return { outcome: 'kicked', key: null, message: `Connection lost (${record.endReason})` }
    }
    return { outcome: 'success', key: null, message: 'Joined' }
  }
  const socketText = [record.socketError?.code, record.socketError?.message, ...record.clientErrors].filter(Boolean).join(' ')
  const code = record.socketError?.code ?? SOCKET_CODES.exec(socketText)?.[1]
  const detail =
    record.socketError?.message ??
    record.clientErrors[0] ??
    (record.endReason ? `connection ended (${record.endReason})` : 'connection closed')
  return { outcome: 'connection_error', key: null, message: code && !detail.includes(code) ? `${code}: ${detail}` : detail }
}

/**
 * The fixed text a server of `platform` and `version` sends for `code`, from the same tables the
 * classifier reads (the platform's literals, else vanilla's English for the code's key); undefined
 * where the text has an argument (a ban reason, a version) or there is none (`kicked`, `timeout`).
 * What a scenario's `platformText: true` compares with, so no scenario spells a table out again.
 */
export function expectedText(code: OutcomeCode, version: string, platform: Platform = DEFAULT_PLATFORM): string | undefined {
  const literal = platformTexts(platform, version).find((t) => t.code === code && !/\{\d+\}/.test(t.template))
  if (literal) return literal.template
  for (const [key, keyCode] of KICK_KEYS) {
    if (keyCode !== code) continue
    const text = englishText(key, version) ?? englishText(key, '1.8.8')
    if (text !== undefined && !/%(?:\d+\$)?s/.test(text)) return text
  }
  return undefined
}
