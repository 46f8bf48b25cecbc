import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { newNmpServer, NmpServer } from './nmp.ts'

type Fields = Record<string, unknown> & { serializer: { createPacketBuffer(packet: unknown): Buffer } }

describe("minecraft-protocol's Server without its play serializer compiled up front", () => {
  it("has the constructor's fields, and the serializer at its first read writes what the constructor's does", () => {
    const eager = new NmpServer('1.20.4', undefined, true) as unknown as Fields
    const lazy = newNmpServer('1.20.4', undefined, true) as unknown as Fields
    expect(lazy).toBeInstanceOf(NmpServer)
    expect(lazy).toBeInstanceOf(EventEmitter)
    // Every field the tested release's constructor sets (a new one there fails here), with the same values.
    expect(Object.keys(lazy).sort()).toEqual(Object.keys(eager).sort())
    for (const key of Object.keys(eager).filter((k) => k !== 'serializer' && !k.startsWith('_'))) expect(lazy[key], key).toEqual(eager[key])
    const packet = { name: 'keep_alive', params: { keepAliveId: 42n } }
    expect(lazy.serializer.createPacketBuffer(packet)).toEqual(eager.serializer.createPacketBuffer(packet))
    // An emitter as before: the embedded server listens on it.
    let heard = false
    ;(lazy as unknown as EventEmitter).once('x', () => (heard = true)).emit('x')
    expect(heard).toBe(true)
  })
})
