/**
 * The built-in suite through real containers (`run --backend container`), as CI runs it: the
 * local image of the embedded server and the mock session server on a Docker network, bots on
 * this host. Under CI=true a missing Docker fails this test; elsewhere it is skipped with the reason.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { getContainerRuntimeClient } from 'testcontainers'
import { describe, expect, it } from 'vitest'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { dockerodeOf, RUN_LABEL } from '../harness/server/container/resources.ts'
import { killAllCli, runCli, spawnCli } from './support/cli.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[container suite skipped] ${docker.reason}`)

async function resourcesOfRun(runId: string) {
  const dockerode = dockerodeOf(await getContainerRuntimeClient())
  const filters = JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] })
  return { containers: await dockerode.listContainers({ all: true, filters }), networks: await dockerode.listNetworks({ filters }) }
}

describe.skipIf(skip)('run --backend container', () => {
  it('passes the built-in suite in all four configurations and leaves nothing behind', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const runId = `suite-${process.pid}-${Date.now()}`
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'mclh-')), 'report.json')
    const run = await runCli(['run', '--backend', 'container', '--reporter', 'json', '--out', out], {
      timeoutMs: 240_000,
      env: { MC_LOGIN_HARNESS_RUN_ID: runId },
    })
    const report = JSON.parse(await readFile(out, 'utf8'))
    const failures = report.results.filter((r: { pass: boolean }) => !r.pass)
    expect(failures, 'failed rows').toEqual([])
    expect(run.code, run.stderr).toBe(0)
    const files = new Set(report.results.map((r: { scenario: string }) => r.scenario.split(':')[0]))
    expect(files).toEqual(new Set(['premium', 'cracked', 'guarded', 'outage']))
    // Other test files may hold containers of their own right now, so look only for the run's label.
    const left = await resourcesOfRun(runId)
    expect(left.containers.map((c) => c.Names)).toEqual([])
    expect(left.networks.map((n) => n.Name)).toEqual([])
  }, 300_000)

  it('removes every container and network of the run on Ctrl-C mid-run', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const runId = `interrupted-${process.pid}-${Date.now()}`
    const run = spawnCli(['run', '--backend', 'container', '--concurrency', '4'], { MC_LOGIN_HARNESS_RUN_ID: runId })
    try {
      // The first finished bot means containers of this run exist and more are starting.
      await run.waitFor(/^\[1\/\d+\]/, 120_000, 'stderr')
      const during = await resourcesOfRun(runId)
      expect(during.containers.length).toBeGreaterThan(0)
      run.child.kill('SIGINT')
      expect(await run.exit(30_000)).toBe(130)
      const left = await resourcesOfRun(runId)
      expect(left.containers.map((c) => `${c.Names} ${c.State}`)).toEqual([])
      expect(left.networks.map((n) => n.Name)).toEqual([])
    } finally {
      killAllCli()
    }
  }, 180_000)
})
