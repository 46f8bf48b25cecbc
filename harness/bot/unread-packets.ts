import { createRequire } from 'node:module'
import { constants, inflateSync } from 'node:zlib'
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
  /** minecraft-protocol's: makes `decompressor` when the server turns compression on. */
  setCompressionThreshold?(threshold: number): void
  decompressor?: Decompressor | null
}

interface Decompressor {
  _transform(chunk: Buffer, encoding: string, callback: (error?: Error | null) => void): void
  push(chunk: Buffer): boolean
  [HEAD_ONLY]?: true
}

const HEAD_ONLY = Symbol('mc-login-harness: inflate the head first')

/**
 * A compressed packet of at least this many bytes is inflated head first: the first
 * HEAD_INPUT_BYTES of its zlib stream, enough for its packet id. Only the registries and tags are
 * this big in a login; a smaller packet is inflated whole at once, as it would be anyway.
 */
const HEAD_FIRST_MIN_BYTES = 4096
const HEAD_INPUT_BYTES = 512

/** The head-first packets still to be inflated whole (if read): what was pushed → its zlib stream. */
const inflatedHeads = new WeakMap<Buffer, Buffer>()

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
 *
 * With compression on, a big packet is inflated head first (inflateHeadFirst) and whole only when
 * its id is one that is read: the registry data, 39 KB deflated in 1.20.4, was otherwise inflated
 * whole by every client (an eighth of a cracked storm client's CPU) to read its first byte. Which
 * ids are unread is decided here, by the deserializer of the packet's own state: the decompressor
 * runs ahead of state changes, so it cannot tell.
 */
export function skipUnreadPackets(client: UnreadPacketsClient): void {
  const setSerializer = client.setSerializer
  client.setSerializer = function (this: UnreadPacketsClient, state: string) {
    setSerializer.call(this, state)
    const unread = unreadPacketIds(this.version, state)
    const deserializer = this.deserializer
    const parseInFull = deserializer.parsePacketBuffer.bind(deserializer)
    deserializer.parsePacketBuffer = (buffer: Buffer): ParsedPacket => {
      const name = unread.size === 0 ? undefined : unread.get(readVarInt(buffer, 0).value)
      if (name !== undefined) return { data: { name, params: {} }, metadata: { size: buffer.length }, buffer, fullBuffer: buffer }
      const stream = inflatedHeads.get(buffer)
      return parseInFull(stream ? inflateSync(stream, { finishFlush: constants.Z_SYNC_FLUSH }) : buffer)
    }
  }
  const setCompressionThreshold = client.setCompressionThreshold
  if (setCompressionThreshold) {
    client.setCompressionThreshold = function (this: UnreadPacketsClient, threshold: number) {
      setCompressionThreshold.call(this, threshold)
      if (this.decompressor) inflateHeadFirst(this.decompressor)
    }
  }
}

/**
 * Makes minecraft-protocol's decompressor push, for a packet of HEAD_FIRST_MIN_BYTES or more, only
 * the head of it (inflated from the first HEAD_INPUT_BYTES of its zlib stream, with the stock's
 * finishFlush), remembering the stream for the deserializer. Whatever it cannot head (a stream
 * whose head holds no whole packet id, one zlib refuses) takes the stock path, which inflates it
 * whole and handles its errors as before.
 */
function inflateHeadFirst(decompressor: Decompressor): void {
  if (decompressor[HEAD_ONLY]) return
  decompressor[HEAD_ONLY] = true
  const stock = decompressor._transform
  decompressor._transform = function (this: Decompressor, chunk, encoding, callback) {
    let head: Buffer
    try {
      const { value: declared, size } = readVarInt(chunk, 0)
      if (declared < HEAD_FIRST_MIN_BYTES) return stock.call(this, chunk, encoding, callback)
      const stream = chunk.subarray(size)
      head = inflateSync(stream.subarray(0, HEAD_INPUT_BYTES), { finishFlush: constants.Z_SYNC_FLUSH })
      // A head too short for the packet id throws here (protodef's PartialReadError): stock path.
      readVarInt(head, 0)
      inflatedHeads.set(head, stream)
    } catch {
      return stock.call(this, chunk, encoding, callback)
    }
    this.push(head)
    callback()
  }
}
