import { EmbeddedMinecraftServer } from '../server/embedded-server.ts'
import { MockSessionServer } from '../session/mock-session-server.ts'
import { HarnessInputError } from '../errors.ts'
import type { ResourceScope } from '../resource-scope.ts'
import { IN_PROCESS_LEFTOVER_ADVICE, type Backend } from './backend.ts'

/** Everything in this process on loopback sockets: no Docker, starts in milliseconds. */
export class EmbeddedBackend implements Backend {
  readonly name = 'embedded' as const

  async prepare(): Promise<void> {}

  leftoverAdvice(): string {
    return IN_PROCESS_LEFTOVER_ADVICE
  }

  async startSessionServer(scope: ResourceScope) {
    return scope.use(await new MockSessionServer().start())
  }

  async startServer(config: Parameters<typeof EmbeddedMinecraftServer.fromConfig>[0], scope: ResourceScope) {
    // A plugin scenario run here would quietly test without the plugin.
    if (config.container?.plugins?.length) {
      throw new HarnessInputError('server.container.plugins: the embedded server cannot load plugin jars; run this scenario with --backend container')
    }
    return scope.use(await EmbeddedMinecraftServer.fromConfig(config).start())
  }
}
