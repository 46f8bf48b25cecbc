import { installMinecraftDataMemo } from './minecraft-data-memo.ts'
import { installProtocolTypePruning } from './protocol-type-pruning.ts'
import { installProtodefTypeMemo } from './protodef-type-memo.ts'
import { installFastIndent } from './protodef-fast-indent.ts'
import { installLazyVersionFiles } from './minecraft-data-lazy.ts'

/**
 * Opt-in and process-wide (or worker-thread-wide): makes minecraft-protocol's inline
 * `require('minecraft-data')(version)` lookups a map lookup (minecraft-data-memo.ts), and its
 * per-state protocol compiles skip the types no packet of that state reaches
 * (protocol-type-pruning.ts: about half the compile time), and protodef's interpreter reuses the
 * types it built before (protodef-type-memo.ts: minecraft-protocol builds one interpreter per
 * client for plugin channels), and its compiler indents the code it generates in one pass
 * (protodef-fast-indent.ts: the same code, a third less compile time), and a version's data files
 * that no login reads are read at first use (minecraft-data-lazy.ts). Changes no byte on the wire and no
 * result. Called by the CLI (cli/main.ts) and storm worker threads, which are the harness's own;
 * never on import or use of the library. A consumer may call it for its own process. Each part does
 * nothing with a dependency release other than the tested one; returns whether all are in place.
 *
 * The other speedup, a frame splitter without an exception per socket read, needs no global patch:
 * the embedded server's connections and the harness's bots each get their own bounded splitter
 * (server/frame-splitter.ts), and other clients keep the stock one.
 */
export function enableProtocolSpeedups(): boolean {
  const memo = installMinecraftDataMemo()
  const pruning = installProtocolTypePruning()
  const typeMemo = installProtodefTypeMemo()
  const indent = installFastIndent()
  const lazyFiles = installLazyVersionFiles()
  return memo && pruning && typeMemo && indent && lazyFiles
}
