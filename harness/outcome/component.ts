import { createRequire } from 'node:module'
import { formatTranslation, englishText } from './language.ts'

const require = createRequire(import.meta.url)
const nbt: { simplify(tag: unknown): unknown } = require('prismarine-nbt')

/**
 * A kick reason normalised to a chat component: JSON text (pre-1.20.3 and every login-phase
 * disconnect), a raw NBT tag (play-phase kicks from 1.20.3 on), an already simplified object, or
 * plain legacy text.
 */
export type Component = string | number | boolean | Component[] | { [key: string]: unknown }

function isNbtTag(value: unknown): value is { type: string; value: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === 'string' &&
    'value' in value
  )
}

/** Turns whatever a client handed us as a kick reason into a component. */
export function toComponent(reason: unknown): Component {
  if (reason === undefined || reason === null) return ''
  if (Buffer.isBuffer(reason)) return toComponent(reason.toString('utf8'))
  if (typeof reason === 'string') {
    const trimmed = reason.trim()
    // A JSON string whose text is not JSON (old servers, NMP's literal kicks) is legacy text.
    if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"')) {
      try {
        return JSON.parse(trimmed) as Component
      } catch {
        return reason
      }
    }
    return reason
  }
  if (isNbtTag(reason)) return nbt.simplify(reason) as Component
  return reason as Component
}

/** The translate key and args at the root of a component, if it is a translate component. */
export function rootTranslation(component: Component): { key: string; args: Component[] } | undefined {
  const node = unwrap(component)
  if (Array.isArray(node)) return node.length > 0 ? rootTranslation(node[0]!) : undefined
  if (typeof node !== 'object' || node === null) return undefined
  const key = (node as { translate?: unknown }).translate
  if (typeof key !== 'string') return undefined
  const args = (node as { with?: unknown }).with
  return { key, args: Array.isArray(args) ? (args as Component[]) : [] }
}

/**
 * NBT lists must be homogeneous, so 1.20.3+ servers wrap mixed list entries as `{"": value}`.
 */
function unwrap(component: Component): Component {
  if (typeof component === 'object' && component !== null && !Array.isArray(component)) {
    const keys = Object.keys(component)
    if (keys.length === 1 && keys[0] === '') return unwrap(component[''] as Component)
  }
  return component
}

/** Legacy `§x` formatting codes are colour, not text. */
export function stripFormatting(text: string): string {
  return text.replace(/§[0-9a-fk-orx]/gi, '')
}

/**
 * Plain text of a component as the client of `version` renders it: translate components in that
 * version's English (the key itself when no release knows it, as the client does), args filled in.
 */
export function plainText(component: Component, version: string): string {
  return stripFormatting(flatten(component, version))
}

function flatten(component: Component, version: string): string {
  const node = unwrap(component)
  if (typeof node === 'string') return node
  if (typeof node === 'number' || typeof node === 'boolean') return String(node)
  if (Array.isArray(node)) return node.map((c) => flatten(c, version)).join('')
  if (typeof node !== 'object' || node === null) return ''
  const obj = node as Record<string, unknown>
  let text = ''
  if (typeof obj.text === 'string' || typeof obj.text === 'number') {
    text = String(obj.text)
  } else if (typeof obj.translate === 'string') {
    const template = englishText(obj.translate, version) ?? (typeof obj.fallback === 'string' ? obj.fallback : obj.translate)
    const args = Array.isArray(obj.with) ? (obj.with as Component[]).map((a) => flatten(a, version)) : []
    text = formatTranslation(template, args)
  } else if (typeof obj.keybind === 'string') {
    text = obj.keybind
  } else if (typeof obj.selector === 'string') {
    text = obj.selector
  } else if (typeof obj.score === 'object' && obj.score !== null) {
    const value = (obj.score as { value?: unknown }).value
    text = value === undefined ? '' : String(value)
  }
  if (Array.isArray(obj.extra)) text += (obj.extra as Component[]).map((c) => flatten(c, version)).join('')
  return text
}
