import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { installProtodefTypeMemo } from './protodef-type-memo.ts'

const require = createRequire(import.meta.url)

interface Interpreter {
  types: Record<string, unknown[]>
  addTypes(types: unknown): void
  addType(name: string, functions: unknown): void
  createPacketBuffer(type: string, value: unknown): Buffer
  parsePacketBuffer(type: string, buffer: Buffer): { data: unknown }
}
const { ProtoDef } = require('protodef') as { ProtoDef: new (validation: boolean) => Interpreter }
const nbt = require('prismarine-nbt') as { addTypesToInterpreter(kind: string, proto: Interpreter): void }
const minecraftTypes = require('minecraft-protocol/src/datatypes/minecraft') as unknown

/** An interpreter as minecraft-protocol's plugin channels build one per client (src/client/pluginChannels.js). */
function pluginChannelInterpreter(validation: boolean): Interpreter {
  const proto = new ProtoDef(validation)
  nbt.addTypesToInterpreter('big', proto)
  proto.addTypes((require('minecraft-data')('1.20.4') as { protocol: { types: unknown } }).protocol.types)
  proto.addTypes(minecraftTypes)
  return proto
}

describe('protodef type memo', () => {
  it('is in place with the tested protodef release', () => {
    expect(installProtodefTypeMemo()).toBe(true)
    expect(installProtodefTypeMemo()).toBe(true)
  })

  it("a second interpreter reuses the first one's built types, and reads and writes what the stock path does", () => {
    installProtodefTypeMemo()
    // With validation on, protodef's own addType runs (the memo leaves validating interpreters alone).
    const stock = pluginChannelInterpreter(true)
    const first = pluginChannelInterpreter(false)
    const second = pluginChannelInterpreter(false)
    expect(Object.keys(second.types).sort()).toEqual(Object.keys(stock.types).sort())
    expect(second.types.string).toBe(first.types.string)
    expect(second.types.position).toBe(first.types.position)
    const values: Record<string, unknown> = {
      string: 'hello',
      position: { x: 12, y: -3, z: 40000 },
      vec3f: { x: 1.5, y: -2, z: 0 },
      tags: [{ tagName: 'minecraft:logs', entries: [1, 2, 3] }],
    }
    for (const [type, value] of Object.entries(values)) {
      const bytes = stock.createPacketBuffer(type, value)
      expect(second.createPacketBuffer(type, value), type).toEqual(bytes)
      expect(second.parsePacketBuffer(type, bytes).data, type).toEqual(stock.parsePacketBuffer(type, bytes).data)
    }
  })

  it('tells types apart by their arguments, not by the object holding them', () => {
    installProtodefTypeMemo()
    const proto = new ProtoDef(false)
    const args = { countType: 'varint' }
    proto.addType('long_prefix', ['pstring', args])
    args.countType = 'u8'
    proto.addType('short_prefix', ['pstring', args])
    proto.addType('short_prefix_again', ['pstring', { countType: 'u8' }])
    // 200 characters: a varint length takes two bytes, a u8 one.
    const text = 'x'.repeat(200)
    expect(proto.createPacketBuffer('long_prefix', text)).toHaveLength(202)
    expect(proto.createPacketBuffer('short_prefix', text)).toHaveLength(201)
    expect(proto.types.short_prefix_again).toBe(proto.types.short_prefix)
  })
})
