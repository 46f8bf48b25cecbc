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
 * What minecraft-protocol's Compressor emits for `packet` at `threshold`: the uncompressed length
 * as a varint and the deflated bytes, or 0 and the packet as is. deflateSync is deterministic, so
 * this is byte for byte what the compressor would have sent.
 */
export function compressedFrame(packet: Buffer, threshold: number): Buffer {
  if (packet.length >= threshold) {
    const deflated = zlib.deflateSync(packet)
    const out = Buffer.alloc(sizeOfVarInt(packet.length) + deflated.length)
    deflated.copy(out, writeVarInt(packet.length, out, 0))
    return out
  }
  const out = Buffer.alloc(sizeOfVarInt(0) + packet.length)
  packet.copy(out, writeVarInt(0, out, 0))
  return out
}

/**
 * Lets the client's compressor pass packets it has already been given compressed (the per-version
 * registry data: 39 KB deflated per client took ~0.65 ms) through as is. The packets still go
 * through the same stream, so their order with the packets around them is kept.
 */
export function usePrecompressed(client: McClient, frames: ReadonlyMap<Buffer, Buffer>): void {
  const compressor = (
    client as unknown as {
      compressor: { _transform(chunk: Buffer, enc: string, cb: (err?: Error | null) => void): void; push(b: Buffer): void } | null
    }
  ).compressor
  if (!compressor || frames.size === 0) return
  const original = compressor._transform
  compressor._transform = function (chunk, enc, cb) {
    const frame = frames.get(chunk)
    if (frame === undefined) return original.call(this, chunk, enc, cb)
    this.push(frame)
    cb()
  }
}
