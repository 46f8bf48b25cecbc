import { createRequire } from 'node:module'
import { minecraftData } from '../minecraft-data-memo.ts'

const require = createRequire(import.meta.url)
const [readVarInt] = require('protodef').types.varint as [(buffer: Buffer, offset: number) => { value: number; size: number }]

/**
 * Packets whose contents the light client never reads, per protocol state: it counts a join at the
 * play `login` packet and answers nothing in these. Their fields are the world's registries (the
 * dimension codec inside `login` up to 1.20.1, `registry_data` from 1.20.2) and tags: tens of KB
 * of NBT per login, which was a fifth of a storm client's CPU. minecraft-protocol's own client
 * code reads none of these fields either before the light client hangs up (its play plugin reads
 * `login.enforcesSecureChat` only for chat, which a light client never sends).
 */
const UNREAD_PACKETS: Readonly<Record<string, readonly string[]>> = {
  configuration: ['registry_data', 'tags'],
  play: ['login'],
}

interface ParsedPacket {
  data: { name: string; params: unknown }
  metadata: { size: number }
  buffer: Buffer
  fullBuffer: Buffer
}

interface Deserializer {
  parsePacketBuffer(buffer: Buffer): ParsedPacket
}

export interface UnreadPacketsClient {
  version: string
  deserializer: Deserializer
  setSerializer(state: string): void
}

const idsByVersionAndState = new Map<string, ReadonlyMap<number, string>>()

/** Packet id → name of the unread packets a server sends in `state` of `version` (empty when none). */
export function unreadPacketIds(version: string, state: string): ReadonlyMap<number, string> {
  const key = `${version};${state}`
  const cached = idsByVersionAndState.get(key)
  if (cached) return cached
  const ids = new Map<number, string>()
  const names = UNREAD_PACKETS[state] ?? []
  if (names.length > 0) {
    const packet = minecraftData(version).protocol[state]?.toClient?.types?.packet as
      ['container', Array<{ name: string; type: [string, { mappings: Record<string, string> }] }>] | undefined
    const mappings = packet?.[1].find((field) => field.name === 'name')?.type[1].mappings ?? {}
    for (const [hexId, name] of Object.entries(mappings)) if (names.includes(name)) ids.set(Number(hexId), name)
  }
  idsByVersionAndState.set(key, ids)
  return ids
}

/**
 * Makes `client` read only the packet id of the unread packets: the packet is still emitted under
 * its name (so `client.on('login')` fires as before), with empty params. Every other packet is
 * parsed in full. The hook sits on minecraft-protocol's `setSerializer`, which makes a new
 * deserializer at each state change; it is this client's own, other clients are left as they are.
 */
export function skipUnreadPackets(client: UnreadPacketsClient): void {
  const setSerializer = client.setSerializer
  client.setSerializer = function (this: UnreadPacketsClient, state: string) {
    setSerializer.call(this, state)
    const unread = unreadPacketIds(this.version, state)
    if (unread.size === 0) return
    const deserializer = this.deserializer
    const parseInFull = deserializer.parsePacketBuffer.bind(deserializer)
    deserializer.parsePacketBuffer = (buffer: Buffer): ParsedPacket => {
      const name = unread.get(readVarInt(buffer, 0).value)
      if (name === undefined) return parseInFull(buffer)
      return { data: { name, params: {} }, metadata: { size: buffer.length }, buffer, fullBuffer: buffer }
    }
  }
}
