import zlib from 'node:zlib'
import { createRequire } from 'node:module'
import { pluginChannels, type McClient } from './nmp.ts'

const require = createRequire(import.meta.url)
const [, writeVarInt, sizeOfVarInt]: [unknown, (value: number, buffer: Buffer, offset: number) => number, (value: number) => number] =
  require('protodef').types.varint

/**
 * minecraft-protocol's plugin channels, set up only when something uses them. Its set-up builds a
 * ProtoDef with every type of the version for each connection (~0.8 ms even with validation off),
 * and the embedded server itself never registers, reads or writes a channel: so the first
 * registerChannel / unregisterChannel / writeChannel call installs the real thing and forwards to
 * it. Until then a client's `minecraft:register` payload is an ignored `custom_payload`, as on
 * vanilla, which keeps no channel registry either.
 */
export function lazyPluginChannels(client: McClient, options: Record<string, unknown>): void {
  const target = client as unknown as Record<string, unknown>
  let installed = false
  for (const name of ['registerChannel', 'unregisterChannel', 'writeChannel']) {
    target[name] = (...args: unknown[]) => {
      if (!installed) {
        installed = true
        pluginChannels(client, options)
      }
      return (target[name] as (...a: unknown[]) => unknown)(...args)
    }
  }
}

/**
 * How the packets of one connection are compressed: as a zlib stream of stored (not deflated)
 * blocks, written here without a zlib context. The protocol asks only for a zlib stream of the
 * packet (vanilla's client and minecraft-protocol inflate whatever blocks it holds, and check the
 * declared length); how hard the sender compresses is its own choice (vanilla's Deflater uses
 * zlib's default level). A zlib context per packet (what deflateSync makes) allocates a few hundred
 * KB and cost about 0.3 ms per packet under a storm's load, on each side, for a login's one or two
 * packets over the threshold (login success with its textures, the chat session's key) of under a
 * KB. The registry data, the one big packet, is still deflated, once per version
 * (version-data.ts): every login encrypts it, byte by byte.
 */
export function storedFrame(packet: Buffer, threshold: number): Buffer {
  if (packet.length < threshold) return compressedFrame(packet, threshold)
  const blocks = Math.ceil(packet.length / MAX_STORED_BLOCK)
  const head = sizeOfVarInt(packet.length)
  const out = Buffer.allocUnsafe(head + 2 + blocks * 5 + packet.length + 4)
  let at = writeVarInt(packet.length, out, 0)
  // zlib header: deflate with a 32 KB window (CMF 0x78), no preset dictionary, FCHECK so that
  // CMF*256+FLG is a multiple of 31 (0x7801).
  out[at++] = 0x78
  out[at++] = 0x01
  for (let offset = 0; offset < packet.length; offset += MAX_STORED_BLOCK) {
    const length = Math.min(MAX_STORED_BLOCK, packet.length - offset)
    // A stored block: BFINAL on the last, BTYPE 00, then LEN and its one's complement, little-endian.
    out[at++] = offset + length >= packet.length ? 1 : 0
    out.writeUInt16LE(length, at)
    out.writeUInt16LE(~length & 0xffff, at + 2)
    at += 4
    at += packet.copy(out, at, offset, offset + length)
  }
  out.writeUInt32BE(adler32(packet), at)
  return out.subarray(0, at + 4)
}

const MAX_STORED_BLOCK = 65_535

/** zlib's Adler-32 of `data` (RFC 1950): sums modulo 65521, reduced every 5552 bytes as zlib does. */
export function adler32(data: Uint8Array): number {
  let a = 1
  let b = 0
  for (let i = 0; i < data.length;) {
    const end = Math.min(i + 5552, data.length)
    for (; i < end; i++) {
      a += data[i]!
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

/**
 * What minecraft-protocol's Compressor emits for `packet` at `threshold` (at zlib's `level`; the
 * Compressor's own is the default): the uncompressed length as a varint and the deflated bytes, or
 * 0 and the packet as is. deflateSync is deterministic, so at the default level this is byte for
 * byte what the stock compressor would have sent.
 */
export function compressedFrame(packet: Buffer, threshold: number, level: number = zlib.constants.Z_DEFAULT_COMPRESSION): Buffer {
  if (packet.length >= threshold) {
    const deflated = zlib.deflateSync(packet, { level })
    const out = Buffer.alloc(sizeOfVarInt(packet.length) + deflated.length)
    deflated.copy(out, writeVarInt(packet.length, out, 0))
    return out
  }
  const out = Buffer.alloc(sizeOfVarInt(0) + packet.length)
  packet.copy(out, writeVarInt(0, out, 0))
  return out
}

interface CompressorStream {
  compressionThreshold: number
  _transform(chunk: Buffer, enc: string, cb: (err?: Error | null) => void): void
  push(b: Buffer): void
  [FAST]?: true
}
const FAST = Symbol('mc-login-harness fast compression')
const NONE: ReadonlyMap<Buffer, Buffer> = new Map()

/**
 * Makes `client`'s compressor (once compression is on) write stored frames (storedFrame) and pass
 * the packets it was given compressed (`precompressed`: the per-version registry data, 39 KB
 * deflated per client took ~0.65 ms) through as they are. The packets still go through the same
 * stream, so their order with the packets around them is kept. Only this client's compressor is
 * changed; calling it again changes nothing.
 */
export function useFastCompression(client: object, precompressed: ReadonlyMap<Buffer, Buffer> = NONE): void {
  const compressor = (client as { compressor?: CompressorStream | null }).compressor
  if (!compressor || compressor[FAST]) return
  compressor[FAST] = true
  compressor._transform = function (this: CompressorStream, chunk, _enc, cb) {
    let frame: Buffer
    try {
      frame = precompressed.get(chunk) ?? storedFrame(chunk, this.compressionThreshold)
    } catch (error) {
      return cb(error as Error)
    }
    this.push(frame)
    cb()
  }
}
