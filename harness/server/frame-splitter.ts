import { createRequire } from 'node:module'
import type { Transform } from 'node:stream'
import type { McClient } from './nmp.ts'

const require = createRequire(import.meta.url)
const framing = require('minecraft-protocol/src/transforms/framing.js') as { createSplitter(): SplitterLike }
const [, writeVarInt, sizeOfVarInt] = require('protodef').types.varint as [
  unknown,
  (value: number, buffer: Buffer, offset: number) => number,
  (value: number) => number,
]

/**
 * Vanilla's frame decoder (Varint21FrameDecoder) reads a length prefix of at most 3 varint bytes,
 * so a frame holds at most 2^21 - 1 bytes; a wider prefix closes the connection.
 */
export const MAX_FRAME_LENGTH = 2_097_151
const MAX_PREFIX_BYTES = 3
const LEGACY_PING_PACKET_ID = 0xfe

interface SplitterLike extends Transform {
  buffer: Buffer
  recognizeLegacyPing: boolean
}

/** Thrown into the connection (and closing it) for a frame vanilla would refuse. */
export class BadFrameError extends Error {}

type SplitterClass = new () => SplitterLike
const StockSplitter = Object.getPrototypeOf(framing.createSplitter()).constructor as SplitterClass

/**
 * minecraft-protocol's frame splitter with vanilla's limits, for the embedded server's own
 * connections. The stock one reads any varint as a length: a prefix decoding to a negative number
 * (`fb ff ff ff 0f`) never advances its loop and freezes the process, and a declared 2^31-1 byte
 * frame is buffered chunk by chunk with a quadratic Buffer.concat. This one refuses a prefix wider
 * than 3 bytes (which covers both: 3 bytes cannot hold a negative or oversized length) before any
 * payload is kept, and gathers a long frame's chunks in a list, joined once when it is complete.
 * Frames pushed, and when, are otherwise the stock splitter's (legacy ping included).
 */
class BoundedSplitter extends StockSplitter {
  private chunks: Buffer[] = []
  private length = 0
  /** Bytes needed before the next frame can be complete (0: unknown, try at once). */
  private need = 0

  override _transform(chunk: Buffer, _encoding: string, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk)
    this.length += chunk.length
    if (this.length < this.need) return callback()
    const buffer = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length)
    this.chunks = []
    this.length = 0
    this.need = 0

    if (this.recognizeLegacyPing && buffer[0] === LEGACY_PING_PACKET_ID) {
      // A pre-1.7 server list ping has no length prefix: hand it on as the stock splitter does.
      const header = Buffer.alloc(sizeOfVarInt(LEGACY_PING_PACKET_ID))
      writeVarInt(LEGACY_PING_PACKET_ID, header, 0)
      let payload = buffer.subarray(1)
      if (payload.length === 0) payload = Buffer.from('\0')
      this.push(Buffer.concat([header, payload]))
      return callback()
    }

    let offset = 0
    while (offset < buffer.length) {
      let value = 0
      let size = 0
      let complete = false
      while (size < MAX_PREFIX_BYTES && offset + size < buffer.length) {
        const byte = buffer[offset + size]!
        value |= (byte & 0x7f) << (7 * size)
        size++
        if ((byte & 0x80) === 0) {
          complete = true
          break
        }
      }
      if (!complete) {
        if (size === MAX_PREFIX_BYTES) {
          return callback(new BadFrameError(`frame length prefix wider than 21 bits (frames are at most ${MAX_FRAME_LENGTH} bytes)`))
        }
        break
      }
      const end = offset + size + value
      if (end > buffer.length) {
        this.need = end - offset
        break
      }
      this.push(buffer.subarray(offset + size, end))
      offset = end
    }
    if (offset < buffer.length) {
      this.chunks.push(buffer.subarray(offset))
      this.length = buffer.length - offset
    }
    callback()
  }
}

export function createBoundedSplitter(): SplitterLike {
  return new BoundedSplitter()
}

/**
 * Puts a bounded splitter in place of the stock one on a client the harness creates (its bots),
 * before its socket is set: minecraft-protocol's setSocket() pipes the socket into whatever
 * `client.splitter` is then. Vanilla's client decodes frames with the same 3-byte limit. Scoped to
 * this client (no prototype is touched): other minecraft-protocol clients in the process keep theirs.
 */
export function useBoundedSplitterBeforeConnect(target: object): void {
  const client = target as { splitter: SplitterLike; deserializer?: NodeJS.WritableStream }
  const stock = client.splitter
  // Shape guard: a minecraft-protocol whose client no longer holds the splitter we know keeps its own.
  if (!(stock instanceof StockSplitter)) return
  const bounded = createBoundedSplitter()
  bounded.recognizeLegacyPing = stock.recognizeLegacyPing
  if (client.deserializer) stock.unpipe(client.deserializer)
  client.splitter = bounded
  if (client.deserializer) bounded.pipe(client.deserializer)
}

/**
 * Puts a bounded splitter in place of the stock one on a server-side connection. Called from the
 * server's 'connection' handler, before the socket delivered its first byte, so the stock splitter
 * never sees any; scoped to this connection (no prototype is touched).
 */
export function useBoundedSplitter(client: McClient): void {
  const stock = client.splitter as SplitterLike
  const bounded = createBoundedSplitter()
  bounded.recognizeLegacyPing = stock.recognizeLegacyPing
  client.socket.unpipe(stock)
  if (client.deserializer) stock.unpipe(client.deserializer)
  client.splitter = bounded
  bounded.on('error', (error: Error) => client.emit('error', error))
  client.socket.pipe(bounded)
  if (client.deserializer) bounded.pipe(client.deserializer)
}
