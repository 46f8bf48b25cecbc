import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { skipUnreadPackets, unreadPacketIds, type UnreadPacketsClient } from './unread-packets.ts'

const require = createRequire(import.meta.url)
const { createSerializer, createDeserializer } = require('minecraft-protocol') as {
  createSerializer(o: object): { createPacketBuffer(p: object): Buffer }
  createDeserializer(o: object): UnreadPacketsClient['deserializer']
}

/** A stand-in for minecraft-protocol's Client: `setSerializer` makes a fresh deserializer per state, as client.js does. */
function fakeClient(version: string): UnreadPacketsClient {
  return {
    version,
    deserializer: createDeserializer({ state: 'handshaking', isServer: false, version }),
    setSerializer(state: string) {
      this.deserializer = createDeserializer({ state, isServer: false, version })
    },
  }
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
