/**
 * The seam between the local image's entrypoint and the embedded server: a ServerConfig in, a
 * started server out, with vanilla-style console lines for joins, leaves and kicks so a
 * container's log reads like a real server's.
 */
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from '../embedded-server.ts'
import type { ServerConfig } from '../types.ts'
import { enableProtocolSpeedups } from '../../protocol-speedups.ts'

export async function startEmbeddedFromConfig(config: ServerConfig, log: (line: string) => void): Promise<StartedEmbeddedServer> {
  // The local image's process is the harness's own: opt in to the process-wide memo there too.
  enableProtocolSpeedups()
  const started = await EmbeddedMinecraftServer.fromConfig(config).start()
  started.events.on('join', (p) => log(`${p.name}[/${p.ip}] logged in (uuid ${p.uuid})`))
  started.events.on('leave', (p) => log(`${p.name} left the game`))
  started.events.on('kick', (k) => log(`Disconnecting ${k.name ?? '<unknown>'} (${k.state}): ${k.text}`))
  return started
}
