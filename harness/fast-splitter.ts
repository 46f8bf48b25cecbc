import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

interface SplitterLike {
  buffer: Buffer
  recognizeLegacyPing: boolean
  push(chunk: Buffer): boolean
  _transform(chunk: Buffer, encoding: string, callback: (error?: Error | null) => void): void
}

let installed = false

/** True when a whole varint starts at `offset`: a byte without the continuation bit within readVarInt's 10-byte limit. */
function hasVarInt(buffer: Buffer, offset: number): boolean {
  const end = Math.min(buffer.length, offset + 10)
  for (let i = offset; i < end; i++) if ((buffer[i]! & 0x80) === 0) return true
  return false
}

/**
 * minecraft-protocol's frame splitter, without its exception per chunk. The stock splitter reads
 * the next length prefix with readVarInt and learns that a chunk ended mid-prefix (which nearly
 * every chunk does) from a thrown PartialReadError: an Error with a stack trace per socket read,
 * ~0.2 ms per login on each side. This one checks that the prefix is complete before reading it;
 * the frames it pushes, and when, are the same (same readVarInt, same length checks, the legacy
 * ping path left to the original). Installed on the Splitter prototype, once per process.
 */
export function installFastSplitter(): void {
  if (installed) return
  installed = true
  const framing = require('minecraft-protocol/src/transforms/framing.js') as { createSplitter(): SplitterLike }
  const [readVarInt] = require('protodef').types.varint as [(buffer: Buffer, offset: number) => { value: number; size: number }]
  const proto = Object.getPrototypeOf(framing.createSplitter()) as SplitterLike
  const original = proto._transform
  proto._transform = function (this: SplitterLike, chunk, encoding, callback) {
    // The handshaking state may carry a legacy (pre-1.7) ping, which has no length prefix.
    if (this.recognizeLegacyPing) return original.call(this, chunk, encoding, callback)
    const buffer = Buffer.concat([this.buffer, chunk])
    let offset = 0
    while (hasVarInt(buffer, offset)) {
      const { value, size } = readVarInt(buffer, offset)
      if (buffer.length < offset + size + value) break
      this.push(buffer.subarray(offset + size, offset + size + value))
      offset += size + value
    }
    this.buffer = buffer.subarray(offset)
    callback()
  }
}
