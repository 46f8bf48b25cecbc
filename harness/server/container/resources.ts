/**
 * Every container and network the harness creates carries our labels and is registered in the
 * run's ResourceScope, so Ctrl-C removes it and cleanup.ts finds leftovers, with or without ryuk
 * (which cannot be pulled where no registry is reachable).
 */
import { randomBytes } from 'node:crypto'
import type Dockerode from 'dockerode'
import { StartedNetwork, StoppedNetwork, getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers'
import type { ResourceScope } from '../../resource-scope.ts'
import { connect } from 'node:net'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { allowContainerEngineHost } from '../../bot/loopback.ts'
import {
  beyondLoopbackWarning,
  contextEndpoint,
  publishPlan,
  unreachableMessage,
  type DockerEngine,
  type PublishPlan,
} from './engine-address.ts'

export const HARNESS_LABEL = 'mc-login-harness'
export const RUN_LABEL = 'mc-login-harness.run'

let runId: string | undefined

/** One id per process (or MC_LOGIN_HARNESS_RUN_ID): lets a cleanup target one run's leftovers. */
export function harnessRunId(): string {
  runId ??= process.env.MC_LOGIN_HARNESS_RUN_ID || `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
  return runId
}

export function harnessLabels(): Record<string, string> {
  return { [HARNESS_LABEL]: '1', [RUN_LABEL]: harnessRunId() }
}

/**
 * Whether testcontainers' ryuk reaper should watch our containers. The harness removes what it
 * creates itself (labels, its resource scope, cleanup.ts), so it does not need ryuk, which cannot be pulled
 * where no registry is reachable; an explicit TESTCONTAINERS_RYUK_DISABLED=false (users' CI) keeps
 * it as a second net for a SIGKILLed run. Passed to each container as `withAutoCleanup()` (and the
 * image is built without testcontainers' builder, which always starts ryuk): testcontainers reads
 * the variable only from process.env, and a library must not write the caller's environment.
 */
export function ryukWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TESTCONTAINERS_RYUK_DISABLED === 'false'
}

/**
 * The host bots on this machine reach a started container's mapped ports at. testcontainers
 * answers the bridge gateway (172.17.0.1) where the harness itself runs in a container (a
 * /.dockerenv exists) and talks to a local socket; bots only ever talk to loopback, and the mapped
 * ports are published on the host's loopback, so a local daemon means 127.0.0.1. A remote daemon
 * (DOCKER_HOST=tcp://...) or the user's TESTCONTAINERS_HOST_OVERRIDE keeps testcontainers' answer.
 */
export async function harnessHost(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const client = await getContainerRuntimeClient()
  if (env.TESTCONTAINERS_HOST_OVERRIDE !== undefined) return client.info.containerRuntime.host
  const modem = (dockerodeOf(client) as unknown as { modem?: { socketPath?: unknown } }).modem
  return typeof modem?.socketPath === 'string' && modem.socketPath !== '' ? '127.0.0.1' : client.info.containerRuntime.host
}

/** How testcontainers reaches the Docker engine: a local socket, or tcp to the host it reports. */
export async function dockerEngine(): Promise<DockerEngine> {
  const client = await getContainerRuntimeClient()
  const modem = (dockerodeOf(client) as unknown as { modem?: { socketPath?: unknown } }).modem
  if (typeof modem?.socketPath === 'string' && modem.socketPath !== '') return { transport: 'socket', host: '127.0.0.1' }
  return { transport: 'tcp', host: client.info.containerRuntime.host }
}

/**
 * The Docker CLI's current context when it is not the default one, with its engine endpoint
 * (DOCKER_CONTEXT, else currentContext of $DOCKER_CONFIG/config.json; the endpoint from
 * contexts/meta/<sha256 of the name>/meta.json, where the docker CLI keeps it). undefined when
 * there is none or it cannot be read (then testcontainers' own resolution stands).
 */
export async function dockerContextInUse(env: NodeJS.ProcessEnv = process.env): Promise<{ name: string; endpoint: string } | undefined> {
  const dir = env.DOCKER_CONFIG || path.join(os.homedir(), '.docker')
  const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as unknown
  try {
    const name = env.DOCKER_CONTEXT || ((await readJson(path.join(dir, 'config.json'))) as { currentContext?: string }).currentContext
    if (!name || name === 'default') return undefined
    const meta = await readJson(path.join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json'))
    const endpoint = contextEndpoint(name, meta)
    return endpoint ? { name, endpoint } : undefined
  } catch {
    return undefined
  }
}

let warnedBeyondLoopback = false

/**
 * The publish plan for this engine (engine-address.ts), with its side effects: the warning, once
 * per process, when ports are reachable beyond loopback; a remote engine's host added to where
 * bots may connect.
 */
export async function enginePublishPlan(env: NodeJS.ProcessEnv = process.env): Promise<{ engine: DockerEngine; plan: PublishPlan }> {
  const engine = await dockerEngine()
  const plan = publishPlan(engine, env)
  if (plan.remote) allowContainerEngineHost(engine.host)
  if (plan.beyondLoopback && !warnedBeyondLoopback) {
    warnedBeyondLoopback = true
    process.emitWarning(beyondLoopbackWarning(plan, engine), { code: 'MC_LOGIN_HARNESS_PORTS_BEYOND_LOOPBACK' })
  }
  return { engine, plan }
}

/**
 * Over tcp (an engine reached through DOCKER_HOST, maybe on another machine), a published port is
 * not necessarily reachable from here: one connect, bounded, turns a later bot timeout into an
 * error that says why and what to set. Over a local socket ports are on this machine's loopback.
 */
export async function assertPortReachable(
  engine: DockerEngine,
  plan: PublishPlan,
  host: string,
  port: number,
  timeoutMs = 5_000,
): Promise<void> {
  if (engine.transport === 'socket') return
  const cause = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host, port })
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs)
    function finish(problem: string | undefined) {
      clearTimeout(timer)
      socket.destroy()
      resolve(problem)
    }
    socket.once('connect', () => finish(undefined))
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message))
  })
  if (cause !== undefined) throw new Error(unreachableMessage(engine, plan, host, port, cause))
}

/** Makes a started container (our own object) answer harnessHost() from getHost(). */
export async function onHarnessHost<T extends { getHost(): string }>(started: T): Promise<T> {
  const host = await harnessHost()
  started.getHost = () => host
  return started
}

/**
 * testcontainers' client does not expose listing networks or removing by id; its container client
 * is backed by dockerode, which does.
 */
export function dockerodeOf(client: ContainerRuntimeClient): Dockerode {
  const dockerode = (client.container as unknown as { dockerode?: Dockerode }).dockerode
  if (!dockerode) throw new Error('testcontainers no longer exposes its dockerode client; update harness/server/container/resources.ts')
  return dockerode
}

const isGone = (error: unknown) => {
  const code = (error as { statusCode?: number }).statusCode
  return code === 404 || code === 409
}

export async function removeContainerById(id: string): Promise<void> {
  const dockerode = dockerodeOf(await getContainerRuntimeClient())
  try {
    await dockerode.getContainer(id).remove({ force: true, v: true })
  } catch (error) {
    if (!isGone(error)) throw error
  }
}

/**
 * A container from its creation until start() hands back a started handle: registered in the
 * builder's scope by id, so Ctrl-C removes it while testcontainers is still waiting for it. Removal
 * by id is idempotent (already gone is fine), so it may race the start's own cleanup.
 */
export class CreatedContainer {
  constructor(readonly id: string) {}

  stop(): Promise<void> {
    return removeContainerById(this.id)
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }

  /** How the resource scope names it should its removal fail. */
  getId(): string {
    return this.id
  }
}

/**
 * A labelled bridge network of this run. Its stop removes the network; should a container still be
 * attached (a create request that was in flight when Ctrl-C landed finishes after the sweep, or a
 * caller's own container on it), Docker refuses with 403: then what is attached is removed (only
 * our run's containers join our network) and the removal retried.
 */
export class HarnessNetwork extends StartedNetwork {
  constructor(
    private readonly runtime: ContainerRuntimeClient,
    name: string,
    network: Dockerode.Network,
  ) {
    super(runtime, name, network)
  }

  override async stop(): Promise<StoppedNetwork> {
    try {
      return await this.remove()
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 403) throw error
    }
    const dockerode = dockerodeOf(this.runtime)
    const attached = await dockerode.listContainers({ all: true, filters: JSON.stringify({ network: [this.getId()] }) })
    await Promise.all(
      attached.map(async (c) => {
        const container = dockerode.getContainer(c.Id)
        await Promise.all([
          container.wait({ condition: 'removed' }).catch(() => {}),
          container.remove({ force: true, v: true }).catch((e: unknown) => {
            if (!isGone(e)) throw e
          }),
        ])
      }),
    )
    return this.remove()
  }

  /** Removes the network; already gone counts (the run's label sweep, ContainerBackend's, removes it too). */
  private async remove(): Promise<StoppedNetwork> {
    try {
      return await super.stop()
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return new StoppedNetwork()
      throw error
    }
  }
}

/**
 * Creates a labelled bridge network (testcontainers' Network cannot take labels). With a scope it
 * is registered there: containers on it go in the same scope (or one under it) after it, so the
 * scope removes them first.
 */
export async function startHarnessNetwork(scope?: ResourceScope): Promise<HarnessNetwork> {
  const client = await getContainerRuntimeClient()
  const name = `mc-login-harness-${harnessRunId()}-${randomBytes(3).toString('hex')}`
  const network = await client.network.create({
    Name: name,
    CheckDuplicate: true,
    Driver: 'bridge',
    Internal: false,
    Attachable: false,
    Ingress: false,
    EnableIPv6: false,
    Labels: { 'org.testcontainers': 'true', ...harnessLabels() },
  })
  const started = new HarnessNetwork(client, name, network)
  scope?.use(started)
  return started
}
