import { installFastSplitter } from './fast-splitter.ts'
import { installMinecraftDataMemo } from './minecraft-data-memo.ts'

/**
 * The process-wide fixes to minecraft-protocol's per-connection costs that change no byte on the
 * wire and no result: memoised minecraft-data lookups and a frame splitter without an exception
 * per socket read. Called by everything that opens connections (embedded server, bots, storm
 * threads); idempotent.
 */
export function installProtocolSpeedups(): void {
  installMinecraftDataMemo()
  installFastSplitter()
}
