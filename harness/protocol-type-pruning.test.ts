import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import {
  installProtocolTypePruning,
  pruningSkipReason,
  PRUNING_TESTED_PROTODEF,
  reachableProtocolTypes,
  type ProtocolData,
} from './protocol-type-pruning.ts'

const require = createRequire(import.meta.url)

interface SubCompiler {
  types: Record<string, unknown>
  scopeStack: unknown[]
  compileType(type: unknown): string
}
interface Compiler {
  readCompiler: SubCompiler
  writeCompiler: SubCompiler
  sizeOfCompiler: SubCompiler
  addTypes(types: unknown): void
  addProtocol(protocol: ProtocolData, path: string[]): void
}
interface Protodef {
  Compiler: { ProtoDefCompiler: new () => Compiler }
}

const { ProtoDefCompiler } = (require('protodef') as Protodef).Compiler
const minecraftTypes = require('minecraft-protocol/src/datatypes/compiler-minecraft')
const minecraftData = require('minecraft-data') as (version: string) => { protocol: ProtocolData }

/** What minecraft-protocol's createProtocol sets up (src/transforms/serializer.js), stock or pruned. */
function compilerFor(protocol: ProtocolData, path: string[], pruned: boolean): Compiler {
  const compiler = new ProtoDefCompiler()
  compiler.addTypes(minecraftTypes)
  if (pruned) compiler.addProtocol({ types: reachableProtocolTypes(protocol, path) }, [])
  else compiler.addProtocol(protocol, path)
  return compiler
}

/**
 * Each non-native type's generated code, per direction of code (read, write, sizeOf), as protodef's
 * generate() makes it, but each from a fresh scope: generate() compiles all types in one scope
 * stack, so a local variable's name (`name`, `name1`) depends on the types compiled before it. That
 * renaming is consistent inside each function and changes nothing it does; compiling each type in
 * a fresh scope takes it out of the comparison. Anonymous fields get random names
 * (`_` + Math.random() in protodef's compiler-structures.js), numbered here in order of appearance.
 */
function generatedCode(compiler: Compiler): Map<string, string> {
  const code = new Map<string, string>()
  for (const [kind, sub] of Object.entries({
    read: compiler.readCompiler,
    write: compiler.writeCompiler,
    sizeOf: compiler.sizeOfCompiler,
  })) {
    for (const [name, json] of Object.entries(sub.types)) {
      if (json === 'native') continue
      sub.scopeStack = [{}]
      code.set(`${kind} ${name}`, withAnonymousNamesNumbered(sub.compileType(json)))
    }
  }
  return code
}

function withAnonymousNamesNumbered(code: string): string {
  const names = new Map<string, string>()
  return code.replace(/\b_[0-9a-z]{6,10}?(?=Size\b|\b)/g, (name) => names.get(name) ?? names.set(name, `_anon${names.size}`).get(name)!)
}

const STATES = ['handshaking', 'status', 'login', 'configuration', 'play']

describe('protocol type pruning', () => {
  for (const version of ['1.8.8', '1.19.4', '1.20.4', '26.1']) {
    it(`${version}: every state and direction keeps the code of each type its packets reach, and only drops unreached ones`, () => {
      const protocol = minecraftData(version).protocol
      let dropped = 0
      for (const state of STATES.filter((s) => protocol[s] !== undefined)) {
        for (const direction of ['toClient', 'toServer']) {
          const stock = generatedCode(compilerFor(protocol, [state, direction], false))
          const pruned = generatedCode(compilerFor(protocol, [state, direction], true))
          const where = `${version} ${state} ${direction}`
          expect(pruned.has('read packet'), where).toBe(true)
          // The same code for each kept type: reading and writing a packet goes through the same functions.
          for (const [key, code] of pruned) expect(code, `${where}: ${key}`).toBe(stock.get(key))
          // Nothing kept calls a type that was dropped.
          for (const [key, code] of pruned) {
            const [kind] = key.split(' ')
            for (const [, called] of code.matchAll(/ctx\.(\w+)/g)) {
              if (stock.has(`${kind} ${called}`)) expect(pruned.has(`${kind} ${called}`), `${where}: ${key} calls ${called}`).toBe(true)
            }
          }
          dropped += stock.size - pruned.size
        }
      }
      // It prunes something: the handshake does not carry the game's item and particle types.
      expect(dropped).toBeGreaterThan(0)
    })
  }

  it('merges the levels as protodef does: a definition replaces "native", otherwise the first one wins', () => {
    const protocol: ProtocolData = {
      types: { varint: 'native', shared: ['container', [{ name: 'x', type: 'varint' }]], unused: ['container', []], late: 'native' },
      play: {
        toClient: {
          types: {
            shared: ['container', []],
            late: ['container', [{ name: 'y', type: 'shared' }]],
            packet: ['container', [{ name: 'body', type: 'late' }]],
          },
        },
      },
    }
    expect(reachableProtocolTypes(protocol, ['play', 'toClient'])).toEqual({
      varint: 'native',
      shared: ['container', [{ name: 'x', type: 'varint' }]],
      late: ['container', [{ name: 'y', type: 'shared' }]],
      packet: ['container', [{ name: 'body', type: 'late' }]],
    })
  })

  it('installProtocolTypePruning() (opt-in) makes minecraft-protocol read and write packets as before', () => {
    expect(installProtocolTypePruning()).toBe(true)
    expect(installProtocolTypePruning()).toBe(true)
    const { createSerializer, createDeserializer } = require('minecraft-protocol') as {
      createSerializer(o: object): { createPacketBuffer(p: object): Buffer }
      createDeserializer(o: object): { parsePacketBuffer(b: Buffer): { data: { name: string; params: unknown } } }
    }
    const roundTrip = (state: string, name: string, params: object) => {
      const written = createSerializer({ state, isServer: false, version: '1.20.4' }).createPacketBuffer({ name, params })
      return createDeserializer({ state, isServer: true, version: '1.20.4' }).parsePacketBuffer(written).data
    }
    const handshake = { protocolVersion: 765, serverHost: 'localhost', serverPort: 25565, nextState: 2 }
    expect(roundTrip('handshaking', 'set_protocol', handshake)).toEqual({ name: 'set_protocol', params: handshake })
    const loginStart = { username: 'Alice', playerUUID: '069a79f4-44e9-4726-a5be-fca90e38aaf5' }
    expect(roundTrip('login', 'login_start', loginStart)).toEqual({ name: 'login_start', params: loginStart })
    const chat = { message: 'hello', timestamp: 1n, salt: 2n, offset: 0, acknowledged: Buffer.alloc(3) }
    expect(roundTrip('play', 'chat_message', chat).params).toMatchObject({ message: 'hello', offset: 0 })
  })

  it('is guarded by the tested protodef release: the installed one, and no other', () => {
    expect((require('protodef/package.json') as { version: string }).version).toBe(PRUNING_TESTED_PROTODEF)
    expect(pruningSkipReason(PRUNING_TESTED_PROTODEF)).toBeUndefined()
    expect(pruningSkipReason('1.20.0')).toMatch(/1\.20\.0 is not the tested 1\.19\.0/)
  })
})
