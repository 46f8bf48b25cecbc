import { SPIGOT_ENABLE_IN_BUNGEE, SPIGOT_UNKNOWN_DATA } from '../../outcome/proxy-texts.ts'
import { isUuid, toDashedUuid, toUndashedUuid } from '../../uuid.ts'
import type { ForwardedProfile, ForwardedProperty } from './types.ts'

/**
 * BungeeCord's "legacy" IP forwarding: the handshake's host field carries
 * `host \0 ip \0 undashed-uuid [\0 properties-json]`.
 *
 * Writing it, as each proxy does:
 * - BungeeCord (SpigotMC/BungeeCord @ df0f3db3, proxy/src/main/java/net/md_5/bungee/ServerConnector.java,
 *   connected()): the JSON only when the login profile has properties;
 * - Velocity (PaperMC/Velocity dev/3.0.0 @ 69ee655d7, PlayerDataForwarding.createLegacyForwardingAddress):
 *   always the JSON, `[]` when there are none.
 * Reading it, as Spigot/Paper do (PaperMC/Paper @ 6c8d4132, paper-server/patches/sources/net/
 * minecraft/server/network/ServerHandshakePacketListenerImpl.java.patch, "Spigot start"): split on
 * \0 (Java's String.split, trailing empty parts dropped); 3 or 4 parts whose second matches
 * HOST_PATTERN are forwarding data; properties whose name is not `\w{0,16}` are dropped later
 * (ServerLoginPacketListenerImpl.createOfflineProfile, PROP_PATTERN).
 */
export type LegacyProxyStyle = 'bungeecord' | 'velocity'

/** Spigot's HOST_PATTERN: what a forwarded IP may look like. */
const HOST_PATTERN = /^[0-9a-f.:]{0,45}$/
/** Spigot's PROP_PATTERN (Java `\w` is ASCII without UNICODE_CHARACTER_CLASS). */
const PROP_PATTERN = /^[A-Za-z0-9_]{0,16}$/

export { SPIGOT_ENABLE_IN_BUNGEE, SPIGOT_UNKNOWN_DATA }

export interface LegacyForwardingInput {
  /** The host the player typed (Velocity: the virtual host, else the server's address). */
  host: string
  ip: string
  profile: Pick<ForwardedProfile, 'uuid' | 'properties'>
  style: LegacyProxyStyle
}

/** Gson's rendering of a property list: fields in declaration order, an absent signature left out. */
export function propertiesJson(properties: readonly ForwardedProperty[]): string {
  return JSON.stringify(
    properties.map((p) =>
      p.signature === undefined ? { name: p.name, value: p.value } : { name: p.name, value: p.value, signature: p.signature },
    ),
  )
}

export function encodeLegacyForwardingHost(input: LegacyForwardingInput): string {
  const base = `${input.host}\0${input.ip}\0${toUndashedUuid(input.profile.uuid)}`
  if (input.style === 'velocity') return `${base}\0${propertiesJson(input.profile.properties)}`
  return input.profile.properties.length > 0 ? `${base}\0${propertiesJson(input.profile.properties)}` : base
}

/** Java's `String.split(regex)` with a one-character literal: trailing empty strings removed (an empty input gives [""]). */
export function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator)
  if (text === '') return ['']
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

export type LegacyHandshakeCheck =
  /** No forwarding data and none expected: an ordinary handshake. */
  | { kind: 'plain' }
  /** Accepted forwarding data: the player becomes this UUID, IP and properties. */
  | { kind: 'forwarded'; host: string; ip: string; uuid: string; properties: ForwardedProperty[] }
  /** Kicked with this literal text. */
  | { kind: 'refused'; text: string }
  /** Spigot throws (a UUID it cannot read, JSON it cannot parse): the connection is closed without a word. */
  | { kind: 'broken'; detail: string }

/** Spigot/Paper's handshake rule for `settings.bungeecord` (`bypassHostCheck`: -DPaper.bypassHostCheck=true). */
export function checkLegacyHandshake(
  hostField: string,
  bungeecord: boolean,
  options: { bypassHostCheck?: boolean } = {},
): LegacyHandshakeCheck {
  const split = javaSplit(hostField, '\0')
  const fieldsLookForwarded = split.length === 3 || split.length === 4
  if (bungeecord) {
    if (!fieldsLookForwarded || !(options.bypassHostCheck || HOST_PATTERN.test(split[1]!)))
      return { kind: 'refused', text: SPIGOT_ENABLE_IN_BUNGEE }
    // UndashedUuid.fromStringLenient: 32 hex digits, dashes allowed.
    if (!isUuid(split[2]!)) return { kind: 'broken', detail: `forwarded UUID "${split[2]}" is not a UUID` }
    let properties: ForwardedProperty[] = []
    if (split.length === 4) {
      const parsed = parseProperties(split[3]!)
      if (typeof parsed === 'string') return { kind: 'broken', detail: parsed }
      properties = parsed.filter((p) => PROP_PATTERN.test(p.name))
    }
    return { kind: 'forwarded', host: split[0]!, ip: split[1]!, uuid: toDashedUuid(split[2]!), properties }
  }
  if (fieldsLookForwarded && HOST_PATTERN.test(split[1]!)) return { kind: 'refused', text: SPIGOT_UNKNOWN_DATA }
  return { kind: 'plain' }
}

/** Gson's `fromJson(json, Property[].class)`: an array of {name, value, signature?}; anything else is an error. */
export function parseProperties(json: string): ForwardedProperty[] | string {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return `forwarded properties are not JSON: ${json.slice(0, 80)}`
  }
  if (parsed === null) return []
  if (!Array.isArray(parsed)) return 'forwarded properties are not a JSON array'
  const out: ForwardedProperty[] = []
  for (const item of parsed) {
    if (!item || typeof item !== 'object') return 'a forwarded property is not an object'
    const { name, value, signature } = item as Record<string, unknown>
    if (typeof name !== 'string' || typeof value !== 'string') return 'a forwarded property lacks a name or value'
    out.push(typeof signature === 'string' ? { name, value, signature } : { name, value })
  }
  return out
}
