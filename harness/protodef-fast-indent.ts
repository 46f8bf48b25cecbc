import { createRequire } from 'node:module'
import { debuglog } from 'node:util'
import { PRUNING_TESTED_PROTODEF } from './protocol-type-pruning.ts'
import { installedVersion } from './installed-version.ts'

const require = createRequire(import.meta.url)
const debug = debuglog('mc-login-harness')

/**
 * protodef's compiler indents every piece of the code it generates, nested pieces again at each
 * level, by splitting the text into lines, prefixing each and joining them again: a third of the
 * time a protocol takes to compile (about 200 ms of a cold built-in suite). The same text in one
 * native pass: `indent` before the first line and after every newline, as the split/map/join does.
 */
export function fastIndent(code: string, indent = '  '): string {
  return indent + code.replaceAll('\n', `\n${indent}`)
}

interface CompilerClass {
  prototype: { indent(code: string, indent?: string): string }
}

let installed: 'yes' | 'skipped' | undefined

/**
 * Opt-in (enableProtocolSpeedups): replaces the compilers' `indent` with fastIndent, which returns
 * the same string, so the generated code, and everything it does, stays the same. Only with the
 * protodef release it was written against, whose base compiler holds `indent`.
 */
export function installFastIndent(): boolean {
  if (installed) return installed === 'yes'
  const version = installedVersion('protodef')
  if (version !== PRUNING_TESTED_PROTODEF) {
    debug(`protodef ${version} is not the tested ${PRUNING_TESTED_PROTODEF}: its compiler's indent is left as it is`)
    installed = 'skipped'
    return false
  }
  const { ReadCompiler } = (require('protodef') as { Compiler: { ReadCompiler: CompilerClass } }).Compiler
  // The read, write and size-of compilers share one base class, which defines indent.
  const base = Object.getPrototypeOf(ReadCompiler.prototype) as CompilerClass['prototype']
  base.indent = fastIndent
  installed = 'yes'
  return true
}
