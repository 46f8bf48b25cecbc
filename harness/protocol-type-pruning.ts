import { createRequire } from 'node:module'
import { debuglog } from 'node:util'
import { installedVersion } from './installed-version.ts'

const require = createRequire(import.meta.url)
const debug = debuglog('mc-login-harness')

/** The protodef release the pruning was written against and tested with (package.json pins it). */
export const PRUNING_TESTED_PROTODEF = '1.19.0'

/** protodef's JSON protocol: `types` at the top and under each level of a path (state, direction). */
export interface ProtocolData {
  types?: Record<string, unknown>
  [level: string]: unknown
}

/**
 * The types protodef's compiler would compile for `path` (e.g. ['play', 'toClient']), less those
 * nothing on that path can reach. minecraft-protocol compiles one protocol per state and direction
 * (`createProtocol` in src/transforms/serializer.js), and protodef's `addProtocol` puts every
 * top-level type of the version into each of them (`recursiveAddTypes` in src/compiler.js, 1.19.0):
 * a handshake's two packets compiled with every item, particle and NBT type of the game. About half
 * of the generated code, and of the time spent generating and evaluating it, was types no packet of
 * that state uses.
 *
 * Merged as protodef merges the levels (its `addTypesToCompile`: a `"native"` entry gives way to a
 * definition, otherwise the first definition wins); the roots are the path's own types (`packet`
 * and each `packet_*`), and a type is reachable when its name appears anywhere in the JSON of a
 * reachable type (a field's type, a switch's case, an array's count type, or a field named like a
 * type: over-counting only compiles a type too many). `"native"` entries are kept: they compile to
 * a reference and may be used by the compiler's own types.
 */
export function reachableProtocolTypes(protocol: ProtocolData, path: readonly string[]): Record<string, unknown> {
  const layers: Record<string, unknown>[] = []
  let level: unknown = protocol
  for (let i = 0; level !== undefined && level !== null; i++) {
    const types = (level as ProtocolData).types
    if (types) layers.push(types)
    level = i < path.length ? (level as ProtocolData)[path[i]!] : undefined
  }
  const merged = new Map<string, unknown>()
  for (const layer of layers)
    for (const [name, json] of Object.entries(layer)) if (!merged.has(name) || merged.get(name) === 'native') merged.set(name, json)
  // Without levels below the top, every type is a root (the caller asked for the whole table).
  const roots = layers.length > 1 ? layers.slice(1).flatMap((layer) => Object.keys(layer)) : [...merged.keys()]
  const reachable = new Set<string>()
  const pending = [...roots]
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (merged.has(value) && !reachable.has(value)) pending.push(value)
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item)
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        visit(key)
        visit(item)
      }
    }
  }
  while (pending.length > 0) {
    const name = pending.pop()!
    if (reachable.has(name) || !merged.has(name)) continue
    reachable.add(name)
    visit(merged.get(name))
  }
  const kept: Record<string, unknown> = {}
  for (const [name, json] of merged) if (json === 'native' || reachable.has(name)) kept[name] = json
  return kept
}

interface ProtoDefCompilerClass {
  prototype: { addProtocol(this: unknown, protocol: ProtocolData, path: string[]): void }
}

let installed: 'yes' | 'skipped' | undefined

/** Why the pruning stays out with this protodef release, or undefined for the tested one. */
export function pruningSkipReason(version: string): string | undefined {
  if (version === PRUNING_TESTED_PROTODEF) return undefined
  return `protodef ${version} is not the tested ${PRUNING_TESTED_PROTODEF}: its compiler is left as it is (every type compiled per state)`
}

/**
 * Opt-in, process-wide (or worker-thread-wide): protodef's `ProtoDefCompiler#addProtocol` adds
 * only the types reachable from the path (reachableProtocolTypes), so minecraft-protocol compiles
 * each state's packets without the rest of the game's types. The compiled `packet` type reads and
 * writes the same bytes (protocol-type-pruning.test.ts compares them with the stock compiler's on
 * every state of several versions). minecraft-protocol already compiles each state, direction and
 * version once per process (its `protocols` cache); this makes each of those compiles smaller.
 *
 * Only processes and threads the harness owns call it (through enableProtocolSpeedups()). Guarded
 * by version: with another protodef than the tested one it does nothing (a
 * `NODE_DEBUG=mc-login-harness` note says so). Returns whether the pruning is in place.
 */
export function installProtocolTypePruning(): boolean {
  if (installed) return installed === 'yes'
  const version = installedVersion('protodef')
  const skip = pruningSkipReason(version)
  if (skip) {
    debug(skip)
    installed = 'skipped'
    return false
  }
  const { ProtoDefCompiler } = (require('protodef') as { Compiler: { ProtoDefCompiler: ProtoDefCompilerClass } }).Compiler
  const addProtocol = ProtoDefCompiler.prototype.addProtocol
  ProtoDefCompiler.prototype.addProtocol = function (this: unknown, protocol: ProtocolData, path: string[]) {
    addProtocol.call(this, { types: reachableProtocolTypes(protocol, path) }, [])
  }
  installed = 'yes'
  return true
}
