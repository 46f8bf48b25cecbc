/**
 * The container path through an engine reached over tcp (DOCKER_HOST=tcp://...), as with a Docker
 * engine on another machine: here the running dockerd, reached through a small TCP-to-unix-socket
 * forwarder on loopback that this test starts and stops (the unix socket others use is left as
 * it is). What only a real remote engine can show (ports bound on every interface of another
 * host) is covered by the address logic's unit tests (engine-address.test.ts).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { once } from 'node:events'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { listHarnessResources } from '../harness/server/container/cleanup.ts'
import { runCli } from './support/cli.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[remote docker skipped] ${docker.reason}`)

const SOCKET = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice('unix://'.length) : '/var/run/docker.sock'
const GREP = '^(cracked: a cracked client joins|premium: a premium account joins)$'

let forwarder: Server
let port: number
const open = new Set<Socket>()

beforeAll(async () => {
  if (skip) return
  // 127.0.0.1 only: nothing beyond this machine reaches the engine through it.
  forwarder = createServer((client) => {
    const engine = createConnection(SOCKET)
    for (const s of [client, engine]) {
      open.add(s)
      s.on('close', () => open.delete(s))
      s.on('error', () => {
        client.destroy()
        engine.destroy()
      })
    }
    client.pipe(engine).pipe(client)
  })
  forwarder.listen(0, '127.0.0.1')
  await once(forwarder, 'listening')
  port = (forwarder.address() as { port: number }).port
})

afterAll(async () => {
  if (!forwarder) return
  for (const s of open) s.destroy()
  await new Promise<void>((resolve, reject) => forwarder.close((error) => (error ? reject(error) : resolve())))
})

async function expectNothingLeft(runId: string): Promise<void> {
  const left = await listHarnessResources({ runId })
  expect(left.containers.map((c) => c.Names)).toEqual([])
  expect(left.networks.map((n) => n.Name)).toEqual([])
}

describe.skipIf(skip)('run --backend container with DOCKER_HOST=tcp://127.0.0.1:<port>', () => {
  it('runs scenarios through the engine reached over tcp, connecting where testcontainers reports, and leaves nothing behind', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const runId = `tcp-engine-${process.pid}-${Date.now()}`
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'mclh-tcp-')), 'report.json')
    const run = await runCli(['run', '--builtin', '--backend', 'container', '--grep', GREP, '--reporter', 'json', '--out', out], {
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, MC_LOGIN_HARNESS_RUN_ID: runId },
      timeoutMs: 240_000,
    })
    expect(run.code, run.stderr.slice(-3000)).toBe(0)
    const report = JSON.parse(await readFile(out, 'utf8')) as { results: Array<{ scenario: string; pass: boolean }> }
    expect(report.results.map((r) => [r.scenario, r.pass])).toEqual([
      ['cracked: a cracked client joins', true],
      ['premium: a premium account joins', true],
    ])
    // A loopback engine: nothing was published beyond loopback, so no warning.
    expect(run.stderr).not.toContain('MC_LOGIN_HARNESS_PORTS_BEYOND_LOOPBACK')
    await expectNothingLeft(runId)
  }, 300_000)

  it('a published port this machine cannot reach fails the case with what to set, not a bot timeout', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const runId = `tcp-unreachable-${process.pid}-${Date.now()}`
    // testcontainers reports 127.0.0.3 (loopback, but not where the ports are bound): as an engine
    // host the harness cannot reach.
    const run = await runCli(
      ['run', '--builtin', '--backend', 'container', '--grep', '^cracked: a cracked client joins$', '--reporter', 'json'],
      {
        env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.3', MC_LOGIN_HARNESS_RUN_ID: runId },
        timeoutMs: 240_000,
      },
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/is not reachable from this machine \(ECONNREFUSED\)/)
    expect(run.stdout).toContain('(bound on 127.0.0.1)')
    await expectNothingLeft(runId)
  }, 300_000)
})
