import { EmbeddedMinecraftServer } from '../server/embedded-server.ts'
import { readPaperFilesFrom } from '../server/paper/config-files.ts'
import { MockSessionServer } from '../session/mock-session-server.ts'
import { HarnessInputError } from '../errors.ts'
import type { ResourceScope } from '../resource-scope.ts'
import { IN_PROCESS_LEFTOVER_ADVICE, type Backend, type ProxyStart } from './backend.ts'
import { startProxy } from '../proxy/embedded-proxy.ts'

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
      throw new HarnessInputError(
        'server.container.plugins: the embedded server cannot load plugin jars; run this scenario with --backend container',
      )
    }
    // Paper's own files among the scenario's config files play here too (its throttle, messages, proxies).
    const paperFiles =
      config.platform === 'paper' && config.paperFiles === undefined ? readPaperFilesFrom(config.container?.configFiles ?? {}) : undefined
    return scope.use(await EmbeddedMinecraftServer.fromConfig(paperFiles ? { ...config, paperFiles } : config).start())
  }

  /** The embedded proxy in this process, in front of the backends' loopback ports. */
  async startProxy(spec: ProxyStart, scope: ResourceScope) {
    return scope.use(
      await startProxy({
        type: spec.type,
        forwarding: spec.forwarding,
        secret: spec.secret,
        online: spec.online,
        // The proxy runs in this process: it reaches the mock by its host-facing URL.
        sessionServer: spec.session.getUrl(),
        backends: spec.backends.map(({ name, server }) => ({ name, host: server.getHost(), port: server.getPort() })),
        version: spec.version,
        loginRatelimitMs: spec.loginRatelimitMs,
      }),
    )
  }
}
