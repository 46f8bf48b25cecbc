import { describe, expect, it } from 'vitest'
import { allowContainerEngineHost, isBotReachableHost } from '../../bot/loopback.ts'
import { HarnessInputError } from '../../errors.ts'
import {
  beyondLoopbackWarning,
  contextEndpoint,
  isRemoteEngine,
  publishPlan,
  unreachableMessage,
  unsupportedEngineProblem,
  type DockerEngine,
} from './engine-address.ts'

const socket: DockerEngine = { transport: 'socket', host: '127.0.0.1' }
const tcpLoopback: DockerEngine = { transport: 'tcp', host: 'localhost' }
const remote: DockerEngine = { transport: 'tcp', host: 'docker.build.internal' }

describe('publishPlan', () => {
  it('a local engine (socket, or tcp to loopback): ports on 127.0.0.1 only', () => {
    for (const engine of [socket, tcpLoopback, { transport: 'tcp', host: '127.0.0.1' } as const]) {
      expect(isRemoteEngine(engine)).toBe(false)
      expect(publishPlan(engine, {})).toEqual({ bindHost: '127.0.0.1', remote: false, beyondLoopback: false })
    }
  })

  it('a remote engine: ports on every interface of its host, which bots then connect to', () => {
    expect(isRemoteEngine(remote)).toBe(true)
    expect(publishPlan(remote, {})).toEqual({ bindHost: '0.0.0.0', remote: true, beyondLoopback: true })
    expect(publishPlan({ transport: 'tcp', host: '10.0.0.5' }, {})).toMatchObject({ bindHost: '0.0.0.0', remote: true })
  })

  it('MC_LOGIN_HARNESS_BIND_HOST names the bind address, on either engine', () => {
    expect(publishPlan(remote, { MC_LOGIN_HARNESS_BIND_HOST: '10.0.0.5' })).toEqual({
      bindHost: '10.0.0.5',
      remote: true,
      beyondLoopback: true,
    })
    expect(publishPlan(socket, { MC_LOGIN_HARNESS_BIND_HOST: '0.0.0.0' })).toEqual({
      bindHost: '0.0.0.0',
      remote: false,
      beyondLoopback: true,
    })
    expect(publishPlan(socket, { MC_LOGIN_HARNESS_BIND_HOST: ' 127.0.0.2 ' })).toEqual({
      bindHost: '127.0.0.2',
      remote: false,
      beyondLoopback: false,
    })
  })

  it('refuses a bind host that is not an address, and a loopback one with a remote engine (nothing reachable)', () => {
    expect(() => publishPlan(socket, { MC_LOGIN_HARNESS_BIND_HOST: 'my-host' })).toThrow(HarnessInputError)
    expect(() => publishPlan(socket, { MC_LOGIN_HARNESS_BIND_HOST: 'my-host' })).toThrow(
      'MC_LOGIN_HARNESS_BIND_HOST: "my-host" is not an IP address',
    )
    expect(() => publishPlan(remote, { MC_LOGIN_HARNESS_BIND_HOST: '127.0.0.1' })).toThrow(
      "MC_LOGIN_HARNESS_BIND_HOST=127.0.0.1 with the Docker engine at docker.build.internal (another machine): ports bound on that machine's loopback cannot be reached from this one. Unset MC_LOGIN_HARNESS_BIND_HOST",
    )
  })
})

describe('messages', () => {
  it('the warning says where ports are reachable and how to narrow it', () => {
    const text = beyondLoopbackWarning(publishPlan(remote, {}), remote)
    expect(text).toContain("published on every interface of the Docker engine's host docker.build.internal")
    expect(text).toContain('set MC_LOGIN_HARNESS_BIND_HOST')
  })

  it('an unreachable port names the address, the bind host and what to set', () => {
    const text = unreachableMessage(remote, publishPlan(remote, {}), 'docker.build.internal', 32768, 'ETIMEDOUT')
    expect(text).toBe(
      'a container started on the Docker engine at docker.build.internal, but its published port docker.build.internal:32768 (bound on 0.0.0.0) is not reachable from this machine (ETIMEDOUT): check that a firewall between allows it, that MC_LOGIN_HARNESS_BIND_HOST (now 0.0.0.0) is an address of that host this machine reaches, and that TESTCONTAINERS_HOST_OVERRIDE (if set) names that host as this machine reaches it',
    )
    expect(unreachableMessage(tcpLoopback, publishPlan(tcpLoopback, {}), '127.0.0.1', 1, 'ECONNREFUSED')).toContain(
      'an ssh tunnel to its socket',
    )
  })
})

describe('engines testcontainers would not reach as meant', () => {
  it('ssh: refused with the tunnel to set up instead', () => {
    expect(unsupportedEngineProblem('ssh://me@builder', undefined)).toContain('ssh -NL 127.0.0.1:2375:/var/run/docker.sock me@builder')
  })

  it('a Docker context elsewhere without DOCKER_HOST: say to set DOCKER_HOST to its endpoint', () => {
    const context = { name: 'builder', endpoint: contextEndpoint('builder', { Endpoints: { docker: { Host: 'tcp://10.0.0.5:2376' } } })! }
    expect(unsupportedEngineProblem(undefined, context)).toContain(
      'the Docker context "builder" points at tcp://10.0.0.5:2376, but testcontainers reads DOCKER_HOST, not Docker contexts',
    )
    // DOCKER_HOST wins over the context, as with the docker CLI; a local context is fine.
    expect(unsupportedEngineProblem('tcp://127.0.0.1:2375', context)).toBeUndefined()
    expect(
      unsupportedEngineProblem(undefined, { name: 'desktop', endpoint: 'unix:///home/me/.docker/desktop/docker.sock' }),
    ).toBeUndefined()
    expect(contextEndpoint('default', { Endpoints: { docker: { Host: 'tcp://x:1' } } })).toBeUndefined()
    expect(contextEndpoint('builder', {})).toBeUndefined()
  })
})

describe('where bots may connect', () => {
  it('loopback, and only the hosts of remote engines the harness published its own containers on', () => {
    expect(isBotReachableHost('127.0.0.1')).toBe(true)
    expect(isBotReachableHost('build-engine.test')).toBe(false)
    allowContainerEngineHost('build-engine.test')
    expect(isBotReachableHost('build-engine.test')).toBe(true)
    expect(isBotReachableHost('other.test')).toBe(false)
  })
})
