import { createRequire } from 'node:module'
import { debuglog } from 'node:util'
import { PRUNING_TESTED_PROTODEF } from './protocol-type-pruning.ts'
import { installedVersion } from './installed-version.ts'

const require = createRequire(import.meta.url)
const debug = debuglog('mc-login-harness')

type TypeFunctions = unknown[]

interface ProtoDefInstance {
  types: Record<string, TypeFunctions | undefined>
  validator: unknown
}

interface ProtoDefClass {
  prototype: { addType(this: ProtoDefInstance, name: string, functions: unknown, validate?: boolean): void }
}

/**
 * protodef's `isFieldInfo` (src/protodef.js, 1.19.0): a type given as another type's name, as
 * `[name, args]`, or as `{ type }`. Only such types are built by `extendType`; the rest are stored
 * as given.
 */
function isFieldInfo(functions: unknown): functions is string | [string, unknown] | { type: string } {
  return (
    typeof functions === 'string' ||
    (Array.isArray(functions) && typeof functions[0] === 'string') ||
    (typeof functions === 'object' && functions !== null && 'type' in functions && Boolean((functions as { type: unknown }).type))
  )
}

let installed: 'yes' | 'skipped' | undefined

/**
 * Opt-in, process-wide (or worker-thread-wide): protodef's interpreter (`ProtoDef#addType`) reuses
 * the read/write/size functions it built for the same base type and the same type arguments.
 *
 * Why: minecraft-protocol's plugin-channel support (src/client/pluginChannels.js, 1.68.0) builds a
 * new interpreter for every client and adds all of the version's types to it; building each
 * `[type, args]` type (`extendType`: JSON of the arguments, a walk for `$` references, three
 * closures) was a storm client's largest cost once the registries were no longer parsed, about
 * 0.5 ms per login. What `extendType` returns depends only on the base type's functions and the
 * arguments' JSON (its closures call the base with the interpreter they are called on, never the
 * one that built them), so the memo is keyed by exactly those: the same arguments under another
 * object, or changed arguments under the same object, are still told apart. protodef-type-memo.test.ts
 * checks that interpreters built with and without it read and write the same bytes.
 *
 * An interpreter with validation on (`new ProtoDef(true)`) goes the stock way: protodef also
 * records each type in its validator. Guarded like the compiler pruning: only with the tested
 * protodef release (protocol-type-pruning.ts), otherwise a `NODE_DEBUG=mc-login-harness` note.
 */
export function installProtodefTypeMemo(): boolean {
  if (installed) return installed === 'yes'
  const version = installedVersion('protodef')
  if (version !== PRUNING_TESTED_PROTODEF) {
    debug(`protodef ${version} is not the tested ${PRUNING_TESTED_PROTODEF}: its interpreter is left as it is (every type built anew)`)
    installed = 'skipped'
    return false
  }
  const protodef = require('protodef') as {
    ProtoDef: ProtoDefClass
    utils: { getFieldInfo(f: unknown): { type: string; typeArgs?: unknown } }
  }
  const { getFieldInfo } = protodef.utils
  const addType = protodef.ProtoDef.prototype.addType
  const built = new WeakMap<TypeFunctions, Map<string, TypeFunctions>>()
  protodef.ProtoDef.prototype.addType = function (this: ProtoDefInstance, name, functions, validate = true) {
    if (this.validator || functions === 'native' || !isFieldInfo(functions)) return addType.call(this, name, functions, validate)
    const { type, typeArgs } = getFieldInfo(functions)
    const base = this.types[type]
    if (!typeArgs || base === undefined) return addType.call(this, name, functions, validate)
    const key = JSON.stringify(typeArgs)
    let byArgs = built.get(base)
    if (!byArgs) built.set(base, (byArgs = new Map()))
    const known = byArgs.get(key)
    if (known) {
      this.types[name] = known
      return
    }
    addType.call(this, name, functions, validate)
    const made = this.types[name]
    if (made) byArgs.set(key, made)
  }
  installed = 'yes'
  return true
}
