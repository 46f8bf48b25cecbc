import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { deflateSync, inflateSync } from 'node:zlib'
import { adler32, compressedFrame, lazyPluginChannels, storedFrame, useFastCompression } from './fast-paths.ts'
import type { McClient } from './nmp.ts'
import { versionData } from './version-data.ts'

const require = createRequire(import.meta.url)
const { createCompressor } = require('minecraft-protocol/src/transforms/compression')
const [readVarInt] = require('protodef').types.varint as [(buffer: Buffer, offset: number) => { value: number; size: number }]

/** Feeds `packets` through a minecraft-protocol Compressor and collects what it emits. */
async function compress(packets: Buffer[], patch?: (compressor: unknown) => void): Promise<Buffer[]> {
  const compressor = createCompressor(256)
  patch?.(compressor)
  const out: Buffer[] = []
  compressor.on('data', (b: Buffer) => out.push(b))
  for (const p of packets) compressor.write(p)
  await new Promise<void>((resolve) => compressor.end(resolve))
  return out
}

describe('fast compression', () => {
  it('sends the precompressed registry frames as they are, the rest as stored zlib streams, in order', async () => {
    const registry = versionData('1.20.4').registryPackets()
    const frames = versionData('1.20.4').compressedRegistry(256)
    expect([...frames.keys()]).toEqual(registry)
    const small = Buffer.from([0x01, 0x02])
    const large = Buffer.from(JSON.stringify({ textures: 'x'.repeat(400), signature: 'y'.repeat(600) }))
    const packets = [small, ...registry, large, small]
    const plain = await compress(packets)
    let hits = 0
    const counting = new Map(frames)
    const get = counting.get.bind(counting)
    counting.get = (key: Buffer) => {
      const frame = get(key)
      if (frame) hits++
      return frame
    }
    const fast = await compress(packets, (compressor) => useFastCompression({ compressor }, counting))
    // The registry packets were not deflated again: their frames came from the cache, and are the
    // stock compressor's bytes (the default level).
    expect(hits).toBe(registry.length)
    expect(fast.slice(1, 1 + registry.length)).toEqual(plain.slice(1, 1 + registry.length))
    expect(compressedFrame(registry[0]!, 256)).toEqual(plain[1])
    // Below the threshold: sent as is, as the stock compressor does.
    expect(fast[0]).toEqual(plain[0])
    expect(fast.at(-1)).toEqual(plain.at(-1))
    // Above it: a stored zlib stream, which inflates to the same packet.
    const frame = fast[1 + registry.length]!
    expect(frame).toEqual(storedFrame(large, 256))
    const { value: declared, size } = readVarInt(frame, 0)
    expect(declared).toBe(large.length)
    expect(inflateSync(frame.subarray(size))).toEqual(large)
  })

  it('changes a compressor once, however often it is asked', async () => {
    const once = await compress([Buffer.alloc(300, 7)], (compressor) => useFastCompression({ compressor }))
    const twice = await compress([Buffer.alloc(300, 7)], (compressor) => {
      useFastCompression({ compressor })
      useFastCompression({ compressor })
    })
    expect(twice).toEqual(once)
  })
})

describe('storedFrame', () => {
  const frameParts = (frame: Buffer) => {
    const { value, size } = readVarInt(frame, 0)
    return { declared: value, stream: frame.subarray(size) }
  }

  it('is a zlib stream that zlib inflates to the packet, with the packet length declared, across block boundaries', () => {
    for (const length of [256, 909, 65_535, 65_536, 140_000]) {
      const packet = randomBytes(length)
      const { declared, stream } = frameParts(storedFrame(packet, 256))
      expect(declared).toBe(length)
      expect(inflateSync(stream)).toEqual(packet)
      // Stored blocks: 5 bytes per 65,535 of packet, the 2-byte header and the 4-byte checksum.
      expect(stream.length).toBe(length + 5 * Math.ceil(length / 65_535) + 6)
    }
  })

  it('leaves a packet under the threshold as the stock compressor does (length 0, the packet as is)', () => {
    const packet = Buffer.from([1, 2, 3])
    expect(storedFrame(packet, 256)).toEqual(compressedFrame(packet, 256))
  })

  it("ends with zlib's own Adler-32 of the packet", () => {
    for (const length of [0, 1, 5552, 5553, 100_000]) {
      const data = Buffer.alloc(length, 0xff)
      expect(adler32(data)).toBe(deflateSync(data).readUInt32BE(deflateSync(data).length - 4))
    }
  })
})

describe('lazyPluginChannels', () => {
  it('builds the channel machinery on first use and forwards to it', () => {
    const written: Array<[string, { channel: string }]> = []
    const client = Object.assign(new EventEmitter(), {
      version: '1.20.4',
      state: 'play',
      write: (name: string, params: { channel: string }) => written.push([name, params]),
    }) as unknown as McClient & {
      registerChannel(name: string, parser: unknown, custom?: boolean): void
      writeChannel(name: string, data: unknown): void
    }
    lazyPluginChannels(client, { version: '1.20.4', validateChannelProtocol: false })
    expect(client.listenerCount('custom_payload')).toBe(0)
    client.registerChannel('harness:test', ['string', []], true)
    expect(written).toEqual([['custom_payload', expect.objectContaining({ channel: 'minecraft:register' })]])
    // Installed now: incoming payloads of registered channels are parsed and emitted.
    expect(client.listenerCount('custom_payload')).toBe(1)
    client.writeChannel('harness:test', 'hello')
    expect(written[1]).toEqual(['custom_payload', expect.objectContaining({ channel: 'harness:test' })])
  })
})
