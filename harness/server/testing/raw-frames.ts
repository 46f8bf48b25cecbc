/**
 * Test-only: Minecraft frames written by hand, for tests that must send or answer bytes exactly
 * (several packets in one segment, a kick together with the end of the connection), where a
 * protocol client would choose its own writes.
 */

/** A VarInt as the protocol writes it (7 bits a byte, low bits first). */
export function varInt(n: number): Buffer {
  const bytes: number[] = []
  do {
    bytes.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0))
    n >>>= 7
  } while (n > 0)
  return Buffer.from(bytes)
}

/** A protocol string: its UTF-8 length as a VarInt, then the bytes. */
export function rawString(text: string): Buffer {
  return Buffer.concat([varInt(Buffer.byteLength(text)), Buffer.from(text)])
}

/** An uncompressed frame: the length, the packet id, the fields. */
export function rawFrame(id: number, ...fields: Buffer[]): Buffer {
  const body = Buffer.concat([varInt(id), ...fields])
  return Buffer.concat([varInt(body.length), body])
}
