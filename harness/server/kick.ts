import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const nbt = require('prismarine-nbt')

/**
 * Disconnect reasons as the vanilla server of a given version sends them: a translate component
 * when that version's language has the key, else the literal English text old servers hard-coded
 * (1.8-1.12 built most kick texts in code, e.g. "You are not white-listed on this server!").
 */
export type KickReason =
  { translate: string; with?: string[]; extra?: KickReason[]; color?: string } | { text: string; extra?: KickReason[]; color?: string }

/** English texts of the pre-translation servers (1.8-1.12), with `%s` where vanilla appended. */
const LEGACY_TEXT: Record<string, string> = {
  'multiplayer.disconnect.unverified_username': 'Failed to verify username!',
  'multiplayer.disconnect.authservers_down': 'Authentication servers are down. Please try again later, sorry!',
  'multiplayer.disconnect.not_whitelisted': 'You are not white-listed on this server!',
  'multiplayer.disconnect.banned': 'You are banned from this server!',
  'multiplayer.disconnect.banned.reason': 'You are banned from this server!\nReason: %s',
  'multiplayer.disconnect.banned_ip.reason': 'Your IP address is banned from this server!\nReason: %s',
  'multiplayer.disconnect.banned.expiration': '\nYour ban will be removed on %s',
  'multiplayer.disconnect.banned_ip.expiration': '\nYour ban will be removed on %s',
  'multiplayer.disconnect.ip_banned': 'You have been IP banned.',
  'multiplayer.disconnect.server_full': 'The server is full!',
  'multiplayer.disconnect.duplicate_login': 'You logged in from another location',
  'multiplayer.disconnect.slow_login': 'Took too long to log in',
  'multiplayer.disconnect.server_shutdown': 'Server closed',
  'multiplayer.disconnect.outdated_client': 'Outdated client! Please use %s',
  'multiplayer.disconnect.outdated_server': "Outdated server! I'm still on %s",
  'disconnect.genericReason': '%s',
}

export interface VersionLanguage {
  language: Record<string, string>
  supportFeature(feature: string): boolean
}

/** The reason vanilla of this version sends for `key` (with `args` for `%s`). */
export function vanillaReason(data: VersionLanguage, key: string, args: string[] = []): KickReason {
  if (data.language[key] !== undefined) return args.length > 0 ? { translate: key, with: args } : { translate: key }
  const legacy = LEGACY_TEXT[key]
  if (legacy === undefined) return args.length > 0 ? { translate: key, with: args } : { translate: key }
  return { text: format(legacy, args) }
}

/** The English text a client of this version shows for `reason`. */
export function reasonText(data: VersionLanguage, reason: KickReason): string {
  const extra = (reason.extra ?? []).map((part) => reasonText(data, part)).join('')
  if ('text' in reason) return reason.text + extra
  const template = data.language[reason.translate] ?? LEGACY_TEXT[reason.translate] ?? reason.translate
  return format(template, reason.with ?? []) + extra
}

/** `reason` followed by `more` (vanilla appends a ban's expiry this way). */
export function appendReason(data: VersionLanguage, reason: KickReason, more: KickReason): KickReason {
  // Before translation keys (1.8-1.12) vanilla built one string: keep it one text.
  if ('text' in reason && !data.language['multiplayer.disconnect.banned.reason'])
    return { text: reasonText(data, reason) + reasonText(data, more) }
  return { ...reason, extra: [...(reason.extra ?? []), more] }
}

function format(template: string, args: string[]): string {
  let i = 0
  return template.replace(/%(?:(\d+)\$)?s/g, (_m, index: string | undefined) => {
    const arg = index !== undefined ? args[Number(index) - 1] : args[i++]
    return arg ?? ''
  })
}

export function reasonJson(reason: KickReason): string {
  return JSON.stringify(reason)
}

/** Text components in play/configuration packets: NBT from 1.20.3, JSON strings before. */
export function reasonComponent(data: VersionLanguage, reason: KickReason): unknown {
  if (!data.supportFeature('chatPacketsUseNbtComponents')) return reasonJson(reason)
  return reasonNbt(reason)
}

export function reasonNbt(reason: KickReason): unknown {
  const fields: Record<string, unknown> = 'text' in reason ? { text: nbt.string(reason.text) } : { translate: nbt.string(reason.translate) }
  if ('translate' in reason && reason.with && reason.with.length > 0) fields.with = nbt.list(nbt.string(reason.with))
  if (reason.color !== undefined) fields.color = nbt.string(reason.color)
  if (reason.extra && reason.extra.length > 0)
    fields.extra = nbt.list(nbt.comp(reason.extra.map((part) => (reasonNbt(part) as { value: unknown }).value)))
  return nbt.comp(fields)
}
