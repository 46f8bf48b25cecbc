import { createRequire } from 'node:module'
import type { Component } from '../outcome/component.ts'

const require = createRequire(import.meta.url)
const nbt = require('prismarine-nbt')

/**
 * A chat component as a disconnect packet carries it: JSON text in the login state and before
 * 1.20.3, an NBT compound in the configuration and play states from 1.20.3
 * (`chatPacketsUseNbtComponents`). The proxy relays backend components it did not write, so this
 * converts any component, not only the harness's own kick reasons (server/kick.ts).
 */
export function componentForPacket(component: Component, state: string, nbtComponents: boolean): unknown {
  if (state === 'login' || !nbtComponents) return JSON.stringify(component)
  return toNbt(component)
}

export function toNbt(component: Component): unknown {
  return nbt.comp(compoundFields(asObject(component)))
}

function asObject(component: Component): Record<string, unknown> {
  if (typeof component === 'string' || typeof component === 'number' || typeof component === 'boolean') return { text: String(component) }
  if (Array.isArray(component)) {
    const [first, ...rest] = component
    const head = asObject(first ?? '')
    return rest.length > 0 ? { ...head, extra: [...((head.extra as Component[]) ?? []), ...rest] } : head
  }
  return component as Record<string, unknown>
}

function compoundFields(obj: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined || value === null) continue
    if (typeof value === 'string') fields[key] = nbt.string(value)
    else if (typeof value === 'boolean') fields[key] = nbt.byte(value ? 1 : 0)
    else if (typeof value === 'number') fields[key] = Number.isInteger(value) ? nbt.int(value) : nbt.double(value)
    // Lists of components (extra, with) as lists of compounds: NBT lists are homogeneous.
    else if (Array.isArray(value)) fields[key] = nbt.list(nbt.comp(value.map((v) => compoundFields(asObject(v as Component)))))
    else if (typeof value === 'object') fields[key] = nbt.comp(compoundFields(value as Record<string, unknown>))
  }
  return fields
}
