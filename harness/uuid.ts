/**
 * Minecraft UUID helpers shared by servers, bots and the mock session server, so that every side
 * derives the same ids from the same names.
 */
import { createHash } from 'node:crypto'

const UNDASHED = /^[0-9a-f]{32}$/i
const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** True for 32 hex digits, with or without the four dashes. */
export function isUuid(value: string): boolean {
  return UNDASHED.test(value) || DASHED.test(value)
}

/** `0123...` (32 hex, any case, dashes optional) -> lowercase 8-4-4-4-12. */
export function toDashedUuid(uuid: string): string {
  const hex = toUndashedUuid(uuid)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Any accepted UUID form -> 32 lowercase hex digits, the form Mojang's JSON uses. */
export function toUndashedUuid(uuid: string): string {
  if (!isUuid(uuid)) throw new TypeError(`not a UUID: ${JSON.stringify(uuid)} (expected 32 hex digits, dashes optional)`)
  return uuid.replaceAll('-', '').toLowerCase()
}

/** Java's `UUID.nameUUIDFromBytes(utf8(text))`: an MD5 (version 3) UUID, dashed. */
export function nameUuidFromBytes(text: string): string {
  const md5 = createHash('md5').update(text, 'utf8').digest()
  md5[6] = (md5[6]! & 0x0f) | 0x30
  md5[8] = (md5[8]! & 0x3f) | 0x80
  return toDashedUuid(md5.toString('hex'))
}

/** The UUID an offline-mode server gives `name`: `UUID.nameUUIDFromBytes("OfflinePlayer:" + name)`, dashed. */
export function offlineUuid(name: string): string {
  return nameUuidFromBytes(`OfflinePlayer:${name}`)
}
