/**
 * Every type a user meets through the package is one they can name: walks the package's entries
 * with the TypeScript compiler and, for every exported class, function, interface and type, the
 * types its public members take and return (recursively). A named type declared under harness/
 * that is reached that way but exported from no entry is a failure: a user could receive it (say
 * `withPlugin(plugin: ServerPlugin)`) but never write its name in their own code.
 * (Integration tier only because type-checking the whole library takes a while; it starts nothing.)
 */
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
/** The package's `exports` (package.json), by the subpath a user imports. */
const ENTRIES: Record<string, string> = {
  'mc-login-harness': 'harness/index.ts',
  'mc-login-harness/vitest': 'harness/vitest/index.ts',
  'mc-login-harness/vitest/container': 'harness/vitest/container.ts',
  'mc-login-harness/container': 'harness/server/container/index.ts',
}

function load(): { checker: ts.TypeChecker; program: ts.Program } {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root)
  const program = ts.createProgram(
    Object.values(ENTRIES).map((f) => path.join(root, f)),
    { ...parsed.options, noEmit: true },
  )
  return { program, checker: program.getTypeChecker() }
}

function isOurs(declaration: ts.Declaration): boolean {
  const file = declaration.getSourceFile().fileName
  return file.startsWith(path.join(root, 'harness') + path.sep)
}

function isPublicMember(declaration: ts.Declaration): boolean {
  const flags = ts.getCombinedModifierFlags(declaration)
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false
  const name = ts.getNameOfDeclaration(declaration)
  return !(name && ts.isPrivateIdentifier(name))
}

/** Named harness types reachable from the entries' exports that no entry exports, with where each was met. */
function unexportedPublicTypes(): Map<string, string> {
  const { program, checker } = load()
  const exported = new Set<ts.Symbol>()
  const roots: Array<{ symbol: ts.Symbol; via: string }> = []
  for (const [subpath, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(path.join(root, file))!
    const moduleSymbol = checker.getSymbolAtLocation(source)!
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      exported.add(target)
      roots.push({ symbol: target, via: `${subpath} › ${symbol.name}` })
    }
  }

  const missing = new Map<string, string>()
  const seenTypes = new Set<ts.Type>()
  const seenSymbols = new Set<ts.Symbol>()

  const named = (symbol: ts.Symbol | undefined, via: string): boolean => {
    // A named type of ours: it must be exported; then its own members are public too.
    const declaration = symbol?.declarations?.[0]
    if (!symbol || !declaration || !isOurs(declaration)) return false
    const isNamedType = symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Enum)
    if (!isNamedType) return false
    if (!exported.has(symbol) && !missing.has(symbol.name))
      missing.set(symbol.name, `${via} [${path.relative(root, declaration.getSourceFile().fileName)}]`)
    visitSymbol(symbol, via, false)
    return true
  }

  const visitType = (type: ts.Type, via: string, depth: number): void => {
    if (depth > 12 || seenTypes.has(type)) return
    seenTypes.add(type)
    if (type.aliasSymbol && named(type.aliasSymbol, via)) {
      for (const argument of type.aliasTypeArguments ?? []) visitType(argument, via, depth + 1)
      return
    }
    if (type.isUnionOrIntersection()) {
      for (const part of type.types) visitType(part, via, depth + 1)
      return
    }
    if (type.getFlags() & ts.TypeFlags.Object) {
      const object = type as ts.ObjectType
      if (object.objectFlags & ts.ObjectFlags.Reference) {
        for (const argument of checker.getTypeArguments(object as ts.TypeReference)) visitType(argument, via, depth + 1)
      }
      const symbol = type.getSymbol()
      if (symbol && named(symbol, via)) return
      // Anonymous object types, functions: their members and signatures.
      if (symbol?.declarations?.some((d) => !isOurs(d))) return
      for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) visitSignature(signature, via, depth + 1)
      for (const property of type.getProperties()) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0]
        if (!declaration || !isOurs(declaration) || !isPublicMember(declaration)) continue
        visitType(checker.getTypeOfSymbol(property), `${via}.${property.name}`, depth + 1)
      }
    }
  }

  const visitSignature = (signature: ts.Signature, via: string, depth: number): void => {
    for (const parameter of signature.getParameters()) visitType(checker.getTypeOfSymbol(parameter), `${via}(${parameter.name})`, depth + 1)
    visitType(signature.getReturnType(), `${via}()`, depth + 1)
  }

  /** `root`: exported by an entry (users call its constructor and statics); else only reached (users hold an instance). */
  function visitSymbol(symbol: ts.Symbol, via: string, root: boolean): void {
    if (seenSymbols.has(symbol)) return
    seenSymbols.add(symbol)
    if (symbol.flags & ts.SymbolFlags.Class) {
      const staticType = checker.getTypeOfSymbol(symbol)
      const statics = root ? staticType.getProperties() : []
      if (root) for (const signature of staticType.getConstructSignatures()) visitSignature(signature, `${via} constructor`, 0)
      for (const property of statics) {
        const declaration = property.valueDeclaration
        if (declaration && isOurs(declaration) && isPublicMember(declaration))
          visitType(checker.getTypeOfSymbol(property), `${via}.${property.name}`, 0)
      }
      const instance = checker.getDeclaredTypeOfSymbol(symbol)
      for (const property of instance.getProperties()) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0]
        if (!declaration || !isOurs(declaration) || !isPublicMember(declaration)) continue
        visitType(checker.getTypeOfSymbol(property), `${via}#${property.name}`, 0)
      }
      return
    }
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      const declared = checker.getDeclaredTypeOfSymbol(symbol)
      seenTypes.delete(declared)
      // An alias's own name is checked by `named`; here its shape.
      const shape = declared
      if (shape.isUnionOrIntersection()) {
        for (const part of shape.types) visitType(part, via, 1)
      }
      for (const property of shape.getProperties()) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0]
        if (!declaration || !isOurs(declaration) || !isPublicMember(declaration)) continue
        visitType(checker.getTypeOfSymbol(property), `${via}.${property.name}`, 0)
      }
      for (const signature of shape.getCallSignatures()) visitSignature(signature, via, 0)
      return
    }
    if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) {
      visitType(checker.getTypeOfSymbol(symbol), via, 0)
    }
  }

  for (const { symbol, via } of roots) visitSymbol(symbol, via, true)
  return missing
}

describe('public surface', () => {
  it('exports every named type that a public class, function or type takes or returns', () => {
    const missing = unexportedPublicTypes()
    expect(Object.fromEntries(missing), 'types users receive but cannot import (name: where it is met)').toEqual({})
  }, 180_000)
})
