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
 * The zlib level of the packets deflated per connection. The level is no part of the protocol (any
 * zlib stream inflates the same; vanilla's Deflater uses zlib's default, 6). On the few hundred
 * bytes a login deflates (login success with its textures, the chat session's key) the fastest
 * level took a quarter of the CPU for about the same size. The registry data, deflated once per
 * version (version-data.ts), keeps the default: 16% smaller, which every login then encrypts.
 */
export const PER_CONNECTION_LEVEL = zlib.constants.Z_BEST_SPEED

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
 * Makes `client`'s compressor (once compression is on) deflate at PER_CONNECTION_LEVEL and pass
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
      frame = precompressed.get(chunk) ?? compressedFrame(chunk, this.compressionThreshold, PER_CONNECTION_LEVEL)
    } catch (error) {
      return cb(error as Error)
    }
    this.push(frame)
    cb()
  }
}
