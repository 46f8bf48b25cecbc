import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { compressedFrame } from '../server/fast-paths.ts'
import { versionData } from '../server/version-data.ts'
import { skipUnreadPackets, unreadPacketIds, type UnreadPacketsClient } from './unread-packets.ts'

const require = createRequire(import.meta.url)
const { createSerializer, createDeserializer } = require('minecraft-protocol') as {
  createSerializer(o: object): { createPacketBuffer(p: object): Buffer }
  createDeserializer(o: object): UnreadPacketsClient['deserializer']
}
const { createDecompressor } = require('minecraft-protocol/src/transforms/compression') as {
  createDecompressor(threshold: number, hideErrors: boolean): NonNullable<UnreadPacketsClient['decompressor']> & NodeJS.ReadWriteStream
}

/** A stand-in for minecraft-protocol's Client: `setSerializer` makes a fresh deserializer per state, as client.js does. */
function fakeClient(version: string): UnreadPacketsClient {
  return {
    version,
    deserializer: createDeserializer({ state: 'handshaking', isServer: false, version }),
    setSerializer(state: string) {
      this.deserializer = createDeserializer({ state, isServer: false, version })
    },
    // As client.js: the decompressor is made when the server turns compression on.
    setCompressionThreshold(threshold: number) {
      this.decompressor = createDecompressor(threshold, true)
    },
  }
}

/** What the client's decompressor pushes for each frame written to it. */
function decompress(client: UnreadPacketsClient, frames: Buffer[]): Buffer[] {
  const out: Buffer[] = []
  const decompressor = client.decompressor as unknown as NodeJS.ReadWriteStream
  decompressor.on('data', (b: Buffer) => out.push(b))
  for (const frame of frames) decompressor.write(frame)
  return out
}

const serverPacket = (version: string, state: string, name: string, params: object) =>
  createSerializer({ state, isServer: true, version }).createPacketBuffer({ name, params })

describe('the packets a light client does not read', () => {
  it("are found by name in each version's own packet table", () => {
    expect([...unreadPacketIds('1.20.4', 'configuration')]).toEqual([
      [5, 'registry_data'],
      [9, 'tags'],
    ])
    expect([...unreadPacketIds('1.20.4', 'play').values()]).toEqual(['login'])
    expect([...unreadPacketIds('1.8.8', 'play')]).toEqual([[1, 'login']])
    expect(unreadPacketIds('1.20.4', 'login').size).toBe(0)
  })

  it('keep their name and lose their fields; every other packet is parsed in full', () => {
    const client = fakeClient('1.20.4')
    skipUnreadPackets(client)
    client.setSerializer('configuration')
    const tags = serverPacket('1.20.4', 'configuration', 'tags', { tags: [{ tagType: 'minecraft:block', tags: [] }] })
    expect(client.deserializer.parsePacketBuffer(tags).data).toEqual({ name: 'tags', params: {} })
    const flags = serverPacket('1.20.4', 'configuration', 'feature_flags', { features: ['minecraft:vanilla'] })
    expect(client.deserializer.parsePacketBuffer(flags).data).toEqual({
      name: 'feature_flags',
      params: { features: ['minecraft:vanilla'] },
    })
    // The login state has nothing to skip: login success is read in full.
    client.setSerializer('login')
    const success = serverPacket('1.20.4', 'login', 'success', {
      uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5',
      username: 'Alice',
      properties: [],
    })
    expect(client.deserializer.parsePacketBuffer(success).data).toMatchObject({ name: 'success', params: { username: 'Alice' } })
  })
})

describe('compressed packets, inflated head first', () => {
  const compressedClient = () => {
    const client = fakeClient('1.20.4')
    skipUnreadPackets(client)
    client.setCompressionThreshold!(256)
    client.setSerializer('configuration')
    return client
  }

  it('an unread packet is inflated only as far as its id', () => {
    const client = compressedClient()
    const registry = versionData('1.20.4').registryPackets()[0]!
    const [head] = decompress(client, [compressedFrame(registry, 256)])
    expect(head!.length).toBeLessThan(registry.length / 4)
    expect(registry.subarray(0, head!.length)).toEqual(head)
    expect(client.deserializer.parsePacketBuffer(head!).data).toEqual({ name: 'registry_data', params: {} })
  })

  it('a big packet that is read is inflated whole and parsed in full', () => {
    const client = compressedClient()
    const data = randomBytes(6000)
    const payload = serverPacket('1.20.4', 'configuration', 'custom_payload', { channel: 'minecraft:brand', data })
    const [head] = decompress(client, [compressedFrame(payload, 256)])
    expect(head!.length).toBeLessThan(payload.length)
    expect(client.deserializer.parsePacketBuffer(head!).data).toEqual({
      name: 'custom_payload',
      params: { channel: 'minecraft:brand', data },
    })
  })

  it("is decided by the packet's own state: a head that reaches the next state's deserializer is read there", () => {
    // The decompressor runs ahead of state changes: a registry-sized packet of play (login's id
    // there is another) must be parsed in full even though configuration skips its id.
    const client = compressedClient()
    const registry = versionData('1.20.4').registryPackets()[0]!
    const [head] = decompress(client, [compressedFrame(registry, 256)])
    client.setSerializer('play')
    expect(() => client.deserializer.parsePacketBuffer(head!)).not.toThrow()
    expect(client.deserializer.parsePacketBuffer(head!).data.name).not.toBe('registry_data')
  })

  it('small packets take the stock path, inflated whole', () => {
    const client = compressedClient()
    const flags = serverPacket('1.20.4', 'configuration', 'feature_flags', { features: ['minecraft:vanilla', 'x'.repeat(300)] })
    expect(decompress(client, [compressedFrame(flags, 256)])).toEqual([flags])
  })
})
