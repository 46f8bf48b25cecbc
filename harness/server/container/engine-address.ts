/**
 * Where a container's published ports are bound and where the harness connects to them, for a
 * Docker engine on this machine or on another one. Pure: the caller says how testcontainers
 * reaches the engine (a local socket, or tcp to a host) and passes the environment.
 *
 * - Local engine (a unix socket or named pipe, or tcp to a loopback address): ports bound on
 *   127.0.0.1, nothing published beyond this machine; MC_LOGIN_HARNESS_BIND_HOST may widen it.
 * - Remote engine (tcp to any other host): a port bound on the engine's loopback is unreachable
 *   from here, so ports are bound on every interface of the engine's host (0.0.0.0), or on the
 *   address MC_LOGIN_HARNESS_BIND_HOST names, and the harness connects to the host testcontainers
 *   reports (`getHost()`: DOCKER_HOST's host, or TESTCONTAINERS_HOST_OVERRIDE). A loopback bind
 *   host with a remote engine is refused: nothing would be reachable.
 */
import { isIP } from 'node:net'
import { isLoopbackHost } from '../../bot/loopback.ts'
import { HarnessInputError } from '../../errors.ts'

export interface DockerEngine {
  /** How testcontainers reaches it: a local socket (unix or npipe), or tcp to `host`. */
  transport: 'socket' | 'tcp'
  /** The engine's host as testcontainers reports it (its getHost()); 127.0.0.1 over a socket. */
  host: string
}

export interface PublishPlan {
  /** HostIp of every published port. */
  bindHost: string
  /** The engine is on another machine: bots connect to its host, not to loopback. */
  remote: boolean
  /** Ports are reachable from other machines than the one they are published on. */
  beyondLoopback: boolean
}

const WILDCARD = '0.0.0.0'

export function isRemoteEngine(engine: DockerEngine): boolean {
  return engine.transport !== 'socket' && !isLoopbackHost(engine.host)
}

export function publishPlan(engine: DockerEngine, env: NodeJS.ProcessEnv = process.env): PublishPlan {
  const remote = isRemoteEngine(engine)
  const named = env.MC_LOGIN_HARNESS_BIND_HOST?.trim()
  if (named) {
    if (isIP(named) === 0)
      throw new HarnessInputError(
        `MC_LOGIN_HARNESS_BIND_HOST: "${named}" is not an IP address; give an address of the Docker engine's host, e.g. 127.0.0.1 (local engine) or 0.0.0.0 (every interface)`,
      )
    if (remote && isLoopbackHost(named)) {
      throw new HarnessInputError(
        `MC_LOGIN_HARNESS_BIND_HOST=${named} with the Docker engine at ${engine.host} (another machine): ports bound on that machine's loopback cannot be reached from this one. Unset MC_LOGIN_HARNESS_BIND_HOST (ports are then bound on every interface of ${engine.host}), or set it to an address of ${engine.host} that this machine reaches`,
      )
    }
    return { bindHost: named, remote, beyondLoopback: !isLoopbackHost(named) }
  }
  return remote ? { bindHost: WILDCARD, remote, beyondLoopback: true } : { bindHost: '127.0.0.1', remote, beyondLoopback: false }
}

/** Said once per process when ports are published beyond loopback. */
export function beyondLoopbackWarning(plan: PublishPlan, engine: DockerEngine): string {
  const where = plan.remote ? `the Docker engine's host ${engine.host}` : 'this machine'
  const on = plan.bindHost === WILDCARD ? 'every interface' : plan.bindHost
  return (
    `mc-login-harness: container ports are published on ${on} of ${where}, so other machines on its network can reach the test servers and the mock session server's ` +
    `session port (its admin port needs a token) while they run. Run on a private network, or set MC_LOGIN_HARNESS_BIND_HOST to the one address the harness reaches ${plan.remote ? engine.host : 'the engine'} at.`
  )
}

/** The error for a container started on an engine whose published port this machine cannot reach. */
export function unreachableMessage(engine: DockerEngine, plan: PublishPlan, host: string, port: number, cause: string): string {
  const engineText = engine.transport === 'socket' ? 'the local Docker engine' : `the Docker engine at ${engine.host}`
  const fix = plan.remote
    ? `check that a firewall between allows it, that MC_LOGIN_HARNESS_BIND_HOST (now ${plan.bindHost}) is an address of that host this machine reaches, and that TESTCONTAINERS_HOST_OVERRIDE (if set) names that host as this machine reaches it`
    : `if the engine is in fact on another machine (an ssh tunnel to its socket), set MC_LOGIN_HARNESS_BIND_HOST to an address of that machine (or 0.0.0.0) and TESTCONTAINERS_HOST_OVERRIDE to the address this machine reaches it at`
  return `a container started on ${engineText}, but its published port ${host}:${port} (bound on ${plan.bindHost}) is not reachable from this machine (${cause}): ${fix}`
}

/**
 * The Docker engine endpoint of the current Docker context, when it is not the default one: the
 * docker CLI's `currentContext` (or DOCKER_CONTEXT) and that context's `Endpoints.docker.Host`
 * (from ~/.docker/contexts/meta/<sha256 of the name>/meta.json). undefined for the default context.
 */
export function contextEndpoint(contextName: string | undefined, meta: unknown): string | undefined {
  if (!contextName || contextName === 'default') return undefined
  const host = (meta as { Endpoints?: { docker?: { Host?: unknown } } } | undefined)?.Endpoints?.docker?.Host
  return typeof host === 'string' && host !== '' ? host : undefined
}

/**
 * Why testcontainers (which reads DOCKER_HOST and ~/.testcontainers.properties, never Docker
 * contexts, and speaks no ssh) would not reach the engine the user means, or undefined when it will.
 */
export function unsupportedEngineProblem(
  dockerHost: string | undefined,
  context: { name: string; endpoint: string } | undefined,
): string | undefined {
  if (dockerHost?.startsWith('ssh://')) {
    return `DOCKER_HOST=${dockerHost}: the harness reaches Docker through testcontainers, which cannot talk to an engine over ssh. Forward the engine's socket to a loopback port (ssh -NL 127.0.0.1:2375:/var/run/docker.sock ${dockerHost.slice('ssh://'.length)}) and set DOCKER_HOST=tcp://127.0.0.1:2375, with MC_LOGIN_HARNESS_BIND_HOST=0.0.0.0 and TESTCONTAINERS_HOST_OVERRIDE=<the engine host's address> so the bots reach its ports`
  }
  if (dockerHost === undefined && context && !context.endpoint.startsWith('unix://') && !context.endpoint.startsWith('npipe://')) {
    return `the Docker context "${context.name}" points at ${context.endpoint}, but testcontainers reads DOCKER_HOST, not Docker contexts, and would use the local engine: set DOCKER_HOST=${context.endpoint} (docker context inspect ${context.name} shows it), or switch to the default context`
  }
  return undefined
}
