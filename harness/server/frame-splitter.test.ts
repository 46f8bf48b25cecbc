import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { createBoundedSplitter, MAX_FRAME_LENGTH } from './frame-splitter.ts'

const require = createRequire(import.meta.url)
const framing = require('minecraft-protocol/src/transforms/framing.js')
const [, writeVarInt, sizeOfVarInt] = require('protodef').types.varint

function frame(payload: Buffer): Buffer {
  const out = Buffer.alloc(sizeOfVarInt(payload.length) + payload.length)
  payload.copy(out, writeVarInt(payload.length, out, 0))
  return out
}

type Splitter = {
  recognizeLegacyPing: boolean
  push(b: Buffer): boolean
  _transform(c: Buffer, e: string, cb: (err?: Error | null) => void): void
}

/** Feeds `stream` in chunks of `sizes`; the frames pushed after each chunk, or the error that stopped it. */
function split(splitter: Splitter, stream: Buffer, sizes: number[], legacy = false): { steps: string[][]; error?: string } {
  splitter.recognizeLegacyPing = legacy
  const pushed: Buffer[] = []
  splitter.push = (b: Buffer) => (pushed.push(Buffer.from(b)), true)
  const steps: string[][] = []
  let at = 0
  for (const size of sizes) {
    let error: Error | null | undefined
    splitter._transform(stream.subarray(at, at + size), 'buffer', (err) => (error = err))
    at += size
    steps.push(pushed.splice(0).map((b) => b.toString('hex')))
    if (error) return { steps, error: error.message }
  }
  return { steps }
}

describe('bounded frame splitter', () => {
  it("pushes the same frames at the same chunk as minecraft-protocol's splitter, for any chunking", () => {
    let seed = 11
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const payloads = [0, 1, 5, 127, 128, 300, 16_383, 16_384, 40_000].map((n) => Buffer.alloc(n, n % 251))
    const stream = Buffer.concat(payloads.map(frame))
    const chunkings: number[][] = [
      [stream.length],
      Array(400)
        .fill(1)
        .concat([stream.length - 400]),
    ]
    for (let k = 0; k < 20; k++) {
      const sizes: number[] = []
      for (let left = stream.length; left > 0;) {
        const size = Math.min(left, 1 + random(k % 2 ? 300 : 3000))
        sizes.push(size)
        left -= size
      }
      chunkings.push(sizes)
    }
    for (const sizes of chunkings) {
      expect(split(createBoundedSplitter(), stream, sizes)).toEqual(split(framing.createSplitter(), stream, sizes))
    }
  })

  it('passes a legacy ping on in the handshaking state as the stock splitter does', () => {
    const ping = Buffer.from('fe01fa', 'hex')
    expect(split(createBoundedSplitter(), ping, [3], true)).toEqual(split(framing.createSplitter(), ping, [3], true))
  })

  it('refuses a prefix wider than 3 bytes at its third byte: negative, 2^31-1 and 2,097,152 alike', () => {
    for (const prefix of ['fbffffff0f', 'ffffffff07', '80808001']) {
      const bytes = Buffer.from(prefix, 'hex')
      const result = split(
        createBoundedSplitter(),
        bytes,
        [...bytes].map(() => 1),
      )
      expect(result.error, prefix).toMatch(/wider than 21 bits/)
      expect(result.steps, prefix).toHaveLength(3)
    }
  })

  it('accepts the largest frame vanilla accepts', () => {
    const payload = Buffer.alloc(MAX_FRAME_LENGTH, 7)
    const result = split(createBoundedSplitter(), frame(payload), [70_000, 2_100_000])
    expect(result.error).toBeUndefined()
    expect(result.steps[1]).toHaveLength(1)
    expect(result.steps[1]![0]!.length).toBe(MAX_FRAME_LENGTH * 2)
  })
})
