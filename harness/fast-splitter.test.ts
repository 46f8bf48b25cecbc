import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { installFastSplitter } from './fast-splitter.ts'

const require = createRequire(import.meta.url)
const framing = require('minecraft-protocol/src/transforms/framing.js')
const [, writeVarInt, sizeOfVarInt] = require('protodef').types.varint

function frame(payload: Buffer): Buffer {
  const out = Buffer.alloc(sizeOfVarInt(payload.length) + payload.length)
  payload.copy(out, writeVarInt(payload.length, out, 0))
  return out
}

/** Splits `stream` delivered in the given chunk sizes; returns the frames pushed after each chunk. */
function split(stream: Buffer, sizes: number[], legacy = false): string[][] {
  const splitter = framing.createSplitter()
  splitter.recognizeLegacyPing = legacy
  const pushed: Buffer[] = []
  splitter.push = (b: Buffer) => (pushed.push(Buffer.from(b)), true)
  const steps: string[][] = []
  let at = 0
  for (const size of sizes) {
    splitter._transform(stream.subarray(at, at + size), 'buffer', (err?: Error) => {
      if (err) throw err
    })
    at += size
    steps.push(pushed.splice(0).map((b) => b.toString('hex')))
  }
  return steps
}

describe('installFastSplitter', () => {
  it('pushes the same frames at the same chunk as minecraft-protocol\'s splitter, for any chunking', () => {
    let seed = 7
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    // Payload sizes around the 1-, 2- and 3-byte length prefixes.
    const payloads = [0, 1, 5, 127, 128, 300, 16_383, 16_384, 40_000].map((n) => Buffer.alloc(n, n % 251))
    const stream = Buffer.concat(payloads.map(frame))
    const small = Buffer.concat(payloads.slice(0, 6).map(frame))
    const chunkings: number[][] = [[stream.length]]
    for (let k = 0; k < 20; k++) {
      const sizes: number[] = []
      for (let left = stream.length; left > 0; ) {
        const size = Math.min(left, 1 + random(k % 2 ? 300 : 3000))
        sizes.push(size)
        left -= size
      }
      chunkings.push(sizes)
    }
    const byteByByte = Array(small.length).fill(1)
    const stock = chunkings.map((sizes) => split(stream, sizes))
    const stockBytes = split(small, byteByByte)
    installFastSplitter()
    const fast = chunkings.map((sizes) => split(stream, sizes))
    expect(fast).toEqual(stock)
    expect(split(small, byteByByte)).toEqual(stockBytes)
    expect(fast[0]![0]).toHaveLength(payloads.length)
  })

  it('still hands a legacy ping in the handshaking state to the original path', () => {
    installFastSplitter()
    // The stock splitter prefixes the legacy ping's id as a varint (fe 01) to the bytes after it.
    expect(split(Buffer.from([0xfe, 0x01]), [2], true)).toEqual([['fe0101']])
  })

  it('refuses a length prefix wider than vanilla\'s 3 bytes (a negative length used to loop forever)', () => {
    installFastSplitter()
    for (const prefix of ['fbffffff0f', 'ffffffff07', '80808001', 'ffffffffffff']) {
      expect(() => split(Buffer.from(prefix, 'hex'), [prefix.length / 2]), prefix).toThrow(/wider than 21 bits/)
    }
    // The widest allowed prefix still waits for its 2,097,151 bytes.
    expect(split(Buffer.from('ffff7f00', 'hex'), [4])).toEqual([[]])
  })
})
