import { EmbeddedMinecraftServer } from '../../server/embedded-server.ts'
import { MockSessionServer } from '../../session/mock-session-server.ts'
import type { Backend } from './backend.ts'

/** Everything in this process on loopback sockets: no Docker, starts in milliseconds. */
export class EmbeddedBackend implements Backend {
  readonly name = 'embedded' as const

  async prepare(): Promise<void> {}

  async startSessionServer() {
    return new MockSessionServer().start()
  }

  async startServer(config: Parameters<typeof EmbeddedMinecraftServer.fromConfig>[0]) {
    return EmbeddedMinecraftServer.fromConfig(config).start()
  }

  async dispose(): Promise<void> {}
}
