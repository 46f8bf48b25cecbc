import type { Backend, StartedProxyHandle } from '../backends/backend.ts'
import type { ForgedHandshake, ScenarioProxy } from '../input/proxy.ts'
import type { ResourceScope } from '../resource-scope.ts'
import type { ServerConfig, StartedServer } from '../server/types.ts'
import type { SessionServerControl } from '../session/types.ts'
import { encodeLegacyForwardingHost, withBungeeGuardToken } from './forwarding/index.ts'

/**
 * A scenario's proxy topology: the scenario's server (named `serverName`, default "lobby") and
 * the proxy's further backends, started on the case's backend, and the proxy in front of them in
 * that try order, started by the same backend (embedded: in this process; container: a proxy
 * container on a network of the case's own, reaching the backends by alias). Everything is owned by the
 * case's scope.
 */
export interface ProxyTopology {
  proxy: StartedProxyHandle
  /** By name, the scenario's server first. */
  backends: Map<string, StartedServer>
}

export interface TopologyInput {
  proxy: ScenarioProxy
  version: string
  backend: Backend
  scope: ResourceScope
  session: SessionServerControl
  /** The scenario's server, already started. */
  server: StartedServer
  /** A further backend's config from its scenario block, pointed at the mock's server-facing URL. */
  backendConfig(block: NonNullable<ScenarioProxy['backends']>[number]['server'], sessionServerUrl: string): ServerConfig
}

export async function startProxyTopology(input: TopologyInput): Promise<ProxyTopology> {
  const backends = new Map<string, StartedServer>([[input.proxy.serverName ?? 'lobby', input.server]])
  for (const extra of input.proxy.backends ?? []) {
    backends.set(
      extra.name,
      await input.backend.startServer(input.backendConfig(extra.server, input.session.getServerFacingUrl()), input.scope),
    )
  }
  const proxy = await input.backend.startProxy(
    {
      type: input.proxy.type,
      forwarding: input.proxy.forwarding,
      secret: input.proxy.secret,
      online: input.proxy.online ?? true,
      loginRatelimitMs: input.proxy.loginRatelimitMs,
      version: input.version,
      backends: [...backends].map(([name, server]) => ({ name, server })),
      session: input.session,
    },
    input.scope,
  )
  return { proxy, backends }
}

/** Where one bot connects and what its handshake says. */
export interface BotRoute {
  target: { getHost(): string; getPort(): number }
  handshakeHost?: string
}

/**
 * Through the proxy by default; `via: 'backend'` (or a forged handshake) straight to the named
 * backend, the forged handshake written as BungeeCord writes one (legacy-bungee.ts).
 */
export function routeBot(
  bot: { via?: 'proxy' | 'backend'; backend?: string; forgedHandshake?: ForgedHandshake },
  server: StartedServer,
  topology: ProxyTopology | undefined,
): BotRoute {
  const direct = bot.via === 'backend' || bot.forgedHandshake !== undefined || !topology
  const target = !direct ? topology!.proxy : topology && bot.backend ? topology.backends.get(bot.backend)! : server
  if (!bot.forgedHandshake) return { target }
  const forged = bot.forgedHandshake
  const properties = forged.bungeeGuardToken ? withBungeeGuardToken([], forged.bungeeGuardToken) : []
  return {
    target,
    handshakeHost: encodeLegacyForwardingHost({
      host: target.getHost(),
      ip: forged.ip ?? '127.0.0.1',
      profile: { uuid: forged.uuid, properties },
      style: 'bungeecord',
    }),
  }
}
