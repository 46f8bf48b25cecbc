import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

interface SplitterLike {
  buffer: Buffer
  recognizeLegacyPing: boolean
  push(chunk: Buffer): boolean
  _transform(chunk: Buffer, encoding: string, callback: (error?: Error | null) => void): void
}

let installed = false

/** Vanilla's frame decoder reads at most 3 length bytes: frames are at most 2,097,151 bytes. */
const MAX_PREFIX_BYTES = 3

/**
 * 'whole' when a whole length prefix starts at `offset`, 'partial' when the buffer ends inside
 * one, 'bad' when it is wider than vanilla's 3 bytes (which is also the only way to spell a
 * negative length, the one that made this loop spin forever).
 */
function prefixAt(buffer: Buffer, offset: number): 'whole' | 'partial' | 'bad' {
  for (let i = 0; i < MAX_PREFIX_BYTES; i++) {
    if (offset + i >= buffer.length) return 'partial'
    if ((buffer[offset + i]! & 0x80) === 0) return 'whole'
  }
  return 'bad'
}

/**
 * minecraft-protocol's frame splitter, without its exception per chunk. The stock splitter reads
 * the next length prefix with readVarInt and learns that a chunk ended mid-prefix (which nearly
 * every chunk does) from a thrown PartialReadError: an Error with a stack trace per socket read,
 * ~0.2 ms per login on each side. This one checks that the prefix is complete before reading it;
 * the frames it pushes, and when, are the same (same readVarInt, same length checks, the legacy
 * ping path left to the original), except that a length prefix wider than vanilla's 3 bytes is an
 * error instead of an endless loop or an unbounded wait. Installed on the Splitter prototype, once per process.
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
    for (let prefix = prefixAt(buffer, offset); prefix !== 'partial'; prefix = prefixAt(buffer, offset)) {
      if (prefix === 'bad') {
        this.buffer = Buffer.alloc(0)
        return callback(new Error('frame length prefix wider than 21 bits (frames are at most 2097151 bytes)'))
      }
      const { value, size } = readVarInt(buffer, offset)
      if (buffer.length < offset + size + value) break
      this.push(buffer.subarray(offset + size, offset + size + value))
      offset += size + value
    }
    this.buffer = buffer.subarray(offset)
    callback()
  }
}
