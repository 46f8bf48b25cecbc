/**
 * minecraft-protocol's decompressor with vanilla's limits, for the embedded server's own
 * connections. The stock one inflates whatever a client sends (`zlib.unzipSync` with no output
 * cap), so one 2 MB frame of deflated zeros asks for ~2 GB and can take the server down with it.
 * Vanilla's CompressionDecoder refuses a declared size below the threshold or above 8,388,608 bytes
 * and inflates into a buffer of exactly the declared size; so does this.
 */
import { createRequire } from 'node:module'
import { Transform, type TransformCallback } from 'node:stream'
import { constants, inflateSync } from 'node:zlib'

const require = createRequire(import.meta.url)
const [readVarInt] = require('protodef').types.varint as [(buffer: Buffer, offset: number) => { value: number; size: number }]

/** Vanilla's CompressionDecoder.MAXIMUM_UNCOMPRESSED_LENGTH. */
export const MAX_UNCOMPRESSED_BYTES = 8_388_608

export class BoundedDecompressor extends Transform {
  // Public and mutable: minecraft-protocol sets `decompressor.threshold` when the threshold changes.
  constructor(public threshold: number) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let declared: { value: number; size: number }
    try {
      declared = readVarInt(chunk, 0)
    } catch (error) {
      return done(new Error(`Badly compressed packet: ${(error as Error).message}`))
    }
    const { value, size } = declared
    if (value === 0) {
      this.push(chunk.subarray(size))
      return done()
    }
    // Vanilla's own wording (CompressionDecoder), so a log reads like a real server's.
    if (value < this.threshold)
      return done(new Error(`Badly compressed packet - size of ${value} is below server threshold of ${this.threshold}`))
    if (value > MAX_UNCOMPRESSED_BYTES)
      return done(new Error(`Badly compressed packet - size of ${value} is larger than protocol maximum of ${MAX_UNCOMPRESSED_BYTES}`))
    let inflated: Buffer
    try {
      // Never more than the declared size: a bomb fails here instead of allocating gigabytes.
      inflated = inflateSync(chunk.subarray(size), { maxOutputLength: value, finishFlush: constants.Z_SYNC_FLUSH })
    } catch (error) {
      return done(new Error(`Badly compressed packet: ${(error as Error).message}`))
    }
    if (inflated.length !== value) return done(new Error(`Badly compressed packet - inflated ${inflated.length} bytes, declared ${value}`))
    this.push(inflated)
    done()
  }
}

interface CompressingClient {
  splitter: NodeJS.ReadableStream
  decompressor: (NodeJS.ReadWriteStream & { threshold?: number }) | null
  deserializer: NodeJS.WritableStream
  on(event: 'error', listener: (error: Error) => void): unknown
  emit(event: 'error', error: Error): boolean
}

/**
 * Replaces the stock decompressor that `client.compressionThreshold = n` just piped in; call it
 * right after setting the threshold, before the client's next packet can arrive.
 */
export function useBoundedDecompressor(target: unknown, threshold: number): void {
  const client = target as CompressingClient
  const stock = client.decompressor
  // Shape guard: a minecraft-protocol that wires compression differently keeps its own.
  if (!stock || typeof client.splitter?.unpipe !== 'function') return
  const bounded = new BoundedDecompressor(threshold)
  bounded.on('error', (error) => client.emit('error', error))
  client.splitter.unpipe(stock)
  stock.unpipe(client.deserializer)
  client.splitter.pipe(bounded).pipe(client.deserializer)
  client.decompressor = bounded
}
