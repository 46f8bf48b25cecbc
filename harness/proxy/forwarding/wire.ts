/**
 * The few Minecraft wire types the forwarding payloads use, read and written as Velocity's
 * `ProtocolUtils` and Paper's `FriendlyByteBuf` do (PaperMC/Velocity dev/3.0.0 @ 69ee655d7,
 * proxy/src/main/java/com/velocitypowered/proxy/protocol/ProtocolUtils.java): VarInt; String =
 * VarInt byte length + UTF-8; UUID = two big-endian int64; boolean = one byte; byte array =
 * VarInt length + bytes. Kept apart from minecraft-protocol so the codecs are pure and testable.
 */
export class WireWriter {
  private readonly parts: Buffer[] = []

  varInt(value: number): this {
    let v = value >>> 0
    const bytes: number[] = []
    do {
      let byte = v & 0x7f
      v >>>= 7
      if (v !== 0) byte |= 0x80
      bytes.push(byte)
    } while (v !== 0)
    this.parts.push(Buffer.from(bytes))
    return this
  }

  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8')
    return this.varInt(bytes.length).raw(bytes)
  }

  /** A dashed or undashed UUID as two big-endian int64. */
  uuid(value: string): this {
    return this.raw(Buffer.from(value.replaceAll('-', ''), 'hex'))
  }

  boolean(value: boolean): this {
    return this.raw(Buffer.from([value ? 1 : 0]))
  }

  int64(value: bigint): this {
    const b = Buffer.alloc(8)
    b.writeBigInt64BE(value)
    return this.raw(b)
  }

  byteArray(value: Buffer): this {
    return this.varInt(value.length).raw(value)
  }

  raw(bytes: Buffer): this {
    this.parts.push(bytes)
    return this
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts)
  }
}

/** Thrown for a payload that ends early or holds a value out of range: the reader names what and where. */
export class WireError extends Error {}

export class WireReader {
  private offset = 0

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.offset
  }

  varInt(): number {
    let result = 0
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.take(1, 'VarInt')[0]!
      result |= (byte & 0x7f) << shift
      if ((byte & 0x80) === 0) return result
    }
    throw new WireError(`VarInt at byte ${this.offset} is longer than 5 bytes`)
  }

  /** `maxChars` as FriendlyByteBuf.readUtf(max): more characters than that is an error. */
  string(maxChars = 32767): string {
    const at = this.offset
    const length = this.varInt()
    if (length < 0 || length > maxChars * 3) throw new WireError(`string at byte ${at} is ${length} bytes, more than ${maxChars * 3}`)
    const text = this.take(length, 'string').toString('utf8')
    if (text.length > maxChars) throw new WireError(`string at byte ${at} is ${text.length} characters, more than ${maxChars}`)
    return text
  }

  /** Dashed lowercase. */
  uuid(): string {
    const hex = this.take(16, 'UUID').toString('hex')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }

  boolean(): boolean {
    return this.take(1, 'boolean')[0] !== 0
  }

  int64(): bigint {
    return this.take(8, 'int64').readBigInt64BE()
  }

  byteArray(max = 1 << 20): Buffer {
    const at = this.offset
    const length = this.varInt()
    if (length < 0 || length > max) throw new WireError(`byte array at byte ${at} is ${length} bytes, more than ${max}`)
    return this.take(length, 'byte array')
  }

  take(length: number, what: string): Buffer {
    if (this.offset + length > this.buffer.length) {
      throw new WireError(`${what} at byte ${this.offset} needs ${length} bytes, only ${this.buffer.length - this.offset} left`)
    }
    const slice = this.buffer.subarray(this.offset, this.offset + length)
    this.offset += length
    return slice
  }

  rest(): Buffer {
    return this.take(this.remaining, 'rest')
  }
}
