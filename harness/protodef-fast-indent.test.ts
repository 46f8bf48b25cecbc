import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { fastIndent, installFastIndent } from './protodef-fast-indent.ts'

const require = createRequire(import.meta.url)

interface Compiler {
  indent(code: string, indent?: string): string
  addProtocol(protocol: unknown, path: string[]): void
  addTypes(types: unknown): void
  generate(): string
}
interface ProtoDefCompiler {
  readCompiler: Compiler
  writeCompiler: Compiler
  sizeOfCompiler: Compiler
  addTypes(types: unknown): void
  addProtocol(protocol: unknown, path: string[]): void
}
const protodef = require('protodef') as {
  Compiler: { ProtoDefCompiler: new () => ProtoDefCompiler; ReadCompiler: { prototype: Compiler } }
}
const base = Object.getPrototypeOf(protodef.Compiler.ReadCompiler.prototype) as Compiler
// protodef's own indent, kept before the speed-up replaces it (this file's module instance).
const stockIndent = base.indent

/**
 * The three generated sources of one protocol state, as minecraft-protocol compiles it
 * (src/transforms/serializer.js). protodef names anonymous fields at random (`_` and up to nine base-36
 * characters, also with `Size` after): each such name becomes its order of first appearance, so two compiles compare.
 */
function generated(state: string, direction: string): string[] {
  const compiler = new protodef.Compiler.ProtoDefCompiler()
  compiler.addTypes(require('minecraft-protocol/src/datatypes/compiler-minecraft'))
  compiler.addProtocol((require('minecraft-data')('1.20.4') as { protocol: unknown }).protocol, [state, direction])
  return [compiler.readCompiler.generate(), compiler.writeCompiler.generate(), compiler.sizeOfCompiler.generate()].map((code) => {
    const names = new Map<string, string>()
    return code.replace(/\b_[0-9a-z]{6,9}(?=Size\b|\b)/g, (name) => {
      if (!names.has(name)) names.set(name, `_anonymous${names.size}`)
      return names.get(name)!
    })
  })
}

describe("protodef's indent, in one pass", () => {
  it('returns what protodef returns, for any text and indent', () => {
    expect(stockIndent).not.toBe(fastIndent)
    for (const code of ['', 'a', 'a\nb', '\n', 'a\n', '\na', 'a\n\n\nb\n', '  x\n\ty\r\nz']) {
      expect(fastIndent(code)).toBe(stockIndent.call(base, code))
      expect(fastIndent(code, '\t\t')).toBe(stockIndent.call(base, code, '\t\t'))
    }
  })

  it('leaves the code generated for a whole protocol state the same, byte for byte', () => {
    const before = generated('play', 'toClient')
    expect(installFastIndent()).toBe(true)
    expect(base.indent).toBe(fastIndent)
    expect(generated('play', 'toClient')).toEqual(before)
    expect(before[0]!.length).toBeGreaterThan(100_000)
  })
})
