import type { Component } from '../outcome/component.ts'
import { plainText } from '../outcome/component.ts'
import { BUNGEE_MESSAGES, messageFormat, VELOCITY_MESSAGES, type BungeeKey, type VelocityKey } from '../outcome/proxy-texts.ts'

export { BUNGEE_BACKEND_ONLINE, BUNGEE_UNEXPECTED_DISCONNECT, messageFormat } from '../outcome/proxy-texts.ts'

/**
 * In which shape the proxies' texts (the table: outcome/proxy-texts.ts) reach players.
 *
 * Velocity (PaperMC/Velocity dev/3.0.0 @ 69ee655d7) builds
 * `Component.translatable(key, args...)` and renders it on the proxy before sending
 * (ConnectedPlayer.translateMessage -> GlobalTranslator.render): adventure's renderer turns a key
 * it knows into a text component with the style (e.g. red) and children for the MessageFormat's
 * pieces, arguments rendered in place; a key it does not know (a vanilla one from the backend,
 * `multiplayer.disconnect.authservers_down`) stays a translate component for the client to read.
 *
 * BungeeCord (SpigotMC/BungeeCord @ df0f3db3) formats with java.text.MessageFormat
 * (getTranslation) and sends
 * `TextComponent.fromLegacy(text)`; a backend's kick is turned into legacy text first
 * (ServerKickEvent.getKickReason -> BaseComponent.toLegacyText: every part prefixed with its
 * colour code, white when it has none).
 */
/** Adventure's render of `Component.translatable(key, color, args)` with Velocity's English. */
export function velocityMessage(key: VelocityKey, args: readonly Component[] = [], color?: string): Component {
  const pattern = VELOCITY_MESSAGES[key]
  const style = color ? { color } : {}
  if (args.length === 0) return { ...style, text: messageFormat(pattern, []) }
  const extra: Component[] = []
  let last = 0
  for (const match of pattern.matchAll(/\{(\d+)\}/g)) {
    if (match.index! > last) extra.push({ text: messageFormat(pattern.slice(last, match.index), []) })
    extra.push(args[Number(match[1])] ?? { text: match[0] })
    last = match.index! + match[0].length
  }
  if (last < pattern.length) extra.push({ text: messageFormat(pattern.slice(last), []) })
  return { ...style, text: '', extra }
}

const LEGACY_COLORS: Record<string, string> = {
  '0': 'black',
  '1': 'dark_blue',
  '2': 'dark_green',
  '3': 'dark_aqua',
  '4': 'dark_red',
  '5': 'dark_purple',
  '6': 'gold',
  '7': 'gray',
  '8': 'dark_gray',
  '9': 'blue',
  a: 'green',
  b: 'aqua',
  c: 'red',
  d: 'light_purple',
  e: 'yellow',
  f: 'white',
}
const COLOR_CODES = Object.fromEntries(Object.entries(LEGACY_COLORS).map(([code, name]) => [name, code]))

/** TextComponent.fromLegacy: one text component whose children carry each run's colour. */
export function fromLegacy(text: string): Component {
  const extra: Component[] = []
  let color: string | undefined
  let run = ''
  const flush = () => {
    if (run !== '') extra.push(color ? { color, text: run } : { text: run })
    run = ''
  }
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '§' && i + 1 < text.length) {
      const code = text[i + 1]!.toLowerCase()
      if (LEGACY_COLORS[code] || code === 'r') {
        flush()
        color = code === 'r' ? undefined : LEGACY_COLORS[code]
        i++
        continue
      }
    }
    run += text[i]
  }
  flush()
  return { text: '', extra }
}

/** BungeeCord's getTranslation(key, args), as legacy text. */
export function bungeeText(key: BungeeKey, args: readonly string[] = []): string {
  return messageFormat(BUNGEE_MESSAGES[key], args)
}

/**
 * BaseComponent.toLegacyText of a backend's kick: each part's colour code (inherited, white when
 * none) before its text. Translate parts are read in the version's English, as BungeeCord reads
 * them from its bundled vanilla language file.
 */
export function toLegacyText(component: Component, version: string, inherited = 'white'): string {
  if (typeof component === 'string') return `§${COLOR_CODES[inherited] ?? 'f'}${component}`
  if (Array.isArray(component)) return component.map((c) => toLegacyText(c, version, inherited)).join('')
  if (typeof component !== 'object' || component === null) return `§${COLOR_CODES[inherited] ?? 'f'}${String(component)}`
  const node = component as Record<string, unknown>
  const color = typeof node.color === 'string' && COLOR_CODES[node.color] ? node.color : inherited
  const own = { ...node }
  delete own.extra
  const text = `§${COLOR_CODES[color]}${plainText(own as Component, version)}`
  const extra = Array.isArray(node.extra) ? (node.extra as Component[]).map((c) => toLegacyText(c, version, color)).join('') : ''
  return text + extra
}
