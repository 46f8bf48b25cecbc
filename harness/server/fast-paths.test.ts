import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { compressedFrame, lazyPluginChannels, usePrecompressed } from './fast-paths.ts'
import type { McClient } from './nmp.ts'
import { versionData } from './version-data.ts'

const require = createRequire(import.meta.url)
const { createCompressor } = require('minecraft-protocol/src/transforms/compression')

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

describe('precompressed registry data', () => {
  it('sends byte for byte what the compressor would, in the same order as the packets around it', async () => {
    const registry = versionData('1.20.4').registryPackets()
    const frames = versionData('1.20.4').compressedRegistry(256)
    expect([...frames.keys()]).toEqual(registry)
    const small = Buffer.from([0x01, 0x02])
    const packets = [small, ...registry, Buffer.alloc(300, 7), small]
    const plain = await compress(packets)
    let hits = 0
    const counting = new Map(frames)
    const get = counting.get.bind(counting)
    counting.get = (key: Buffer) => {
      const frame = get(key)
      if (frame) hits++
      return frame
    }
    const patched = await compress(packets, (compressor) => usePrecompressed({ compressor } as unknown as McClient, counting))
    expect(patched).toEqual(plain)
    // The registry packets were not deflated again: their frames came from the cache.
    expect(hits).toBe(registry.length)
    expect(compressedFrame(registry[0]!, 256)).toEqual(plain[1])
    expect(compressedFrame(small, 256)).toEqual(plain[0])
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
