/**
 * The proxy scenarios on the stand-in (`run scenarios/proxy.ts --backend container`): per case a
 * proxy container (the local image's `proxy` command, reading velocity.toml / config.yml from
 * /config as itzg/mc-proxy does), Paper backends reached by network alias, the mock, all on the
 * case's own labelled network; bots on this host through the proxy's published port, forged handshakes
 * to a backend's. Under CI=true a missing Docker fails this test; elsewhere it is skipped.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { listHarnessResources } from '../harness/server/container/cleanup.ts'
import { MinecraftProxyContainer } from '../harness/server/container/proxy-container.ts'
import { ensureLocalImage } from '../harness/server/container/local-image.ts'
import { killAllCli, runCli, spawnCli } from './support/cli.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[proxy container suite skipped] ${docker.reason}`)

async function expectNothingLeft(runId: string): Promise<void> {
  const left = await listHarnessResources({ runId })
  expect(left.containers.map((c) => `${c.Names} ${c.State}`)).toEqual([])
  expect(left.networks.map((n) => n.Name)).toEqual([])
}

/**
 * Polls the run's containers until `stop` resolves: which roles (server, session, proxy) ever ran,
 * and the networks each proxy container was on.
 */
function watchRoles(runId: string, stop: Promise<unknown>): Promise<{ roles: Set<string>; proxyNetworks: Set<string> }> {
  const roles = new Set<string>()
  const proxyNetworks = new Set<string>()
  let done = false
  void stop.finally(() => (done = true))
  return (async () => {
    while (!done) {
      const { containers } = await listHarnessResources({ runId })
      for (const c of containers) {
        const role = c.Labels['mc-login-harness.role'] ?? '?'
        roles.add(role)
        const networks = Object.keys(c.NetworkSettings?.Networks ?? {})
        if (role === 'proxy') proxyNetworks.add(networks.join(','))
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    return { roles, proxyNetworks }
  })()
}

describe.skipIf(skip)('proxy scenarios on the container backend (stand-in proxy)', () => {
  it('passes every proxy scenario through proxy containers and leaves nothing behind', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const runId = `proxy-${process.pid}-${Date.now()}`
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'mclh-')), 'report.json')
    const run = runCli(['run', 'scenarios/proxy.ts', '--backend', 'container', '--reporter', 'json', '--out', out], {
      // A hang guard: 14 rows, about 100 s at the default concurrency on a loaded machine.
      timeoutMs: 300_000,
      env: { MC_LOGIN_HARNESS_RUN_ID: runId, MC_LOGIN_HARNESS_PROXY_IMAGE: 'local' },
    })
    const { roles, proxyNetworks } = await watchRoles(runId, run)
    const result = await run
    const report = JSON.parse(await readFile(out, 'utf8'))
    expect(
      report.results.filter((r: { pass: boolean }) => !r.pass),
      'failed rows',
    ).toEqual([])
    expect(result.code, result.stderr.slice(-4000)).toBe(0)
    // Every scenario of the file ran (none left out), through a proxy container.
    expect(new Set(report.results.map((r: { scenario: string }) => r.scenario)).size).toBe(12)
    expect(result.stderr).not.toMatch(/left out/)
    expect(roles).toContain('proxy')
    // Each proxy on one network, its case's own, never the run's network shared by every case.
    const seen = [...proxyNetworks].filter(Boolean)
    expect(seen.length).toBeGreaterThan(0)
    for (const networks of seen) expect(networks.split(',')).toHaveLength(1)
    expect(new Set(seen).size).toBe(seen.length)
    await expectNothingLeft(runId)
  }, 360_000)

  it('removes the proxy containers with the rest on Ctrl-C mid-run', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const runId = `proxy-interrupted-${process.pid}-${Date.now()}`
    const run = spawnCli(['run', 'scenarios/proxy.ts', '--backend', 'container', '--concurrency', '2'], { MC_LOGIN_HARNESS_RUN_ID: runId })
    try {
      const deadline = Date.now() + 120_000
      while (!(await listHarnessResources({ runId })).containers.some((c) => c.Labels['mc-login-harness.role'] === 'proxy')) {
        if (Date.now() > deadline) throw new Error(`no proxy container of run ${runId} within 120 s; stderr: ${run.stderr()}`)
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
      run.child.kill('SIGINT')
      expect(await run.exit(30_000)).toBe(130)
      await expectNothingLeft(runId)
    } finally {
      killAllCli()
    }
  }, 180_000)

  it('the stand-in refuses a velocity.toml setting it does not play, naming it, instead of ignoring it', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    await ensureLocalImage()
    const proxy = new MinecraftProxyContainer('local')
      .withType('VELOCITY')
      .withForwarding('modern', 's3cret')
      .withOnlineMode(false)
      .withServers([{ name: 'lobby', address: 'nowhere:25565' }])
      .withStartupTimeout(20_000)
    // A host's own velocity.toml with a setting the embedded proxy does not play.
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-proxy-'))
    const own = path.join(dir, 'velocity.toml')
    await writeFile(
      own,
      'config-version = "2.7"\nbind = "0.0.0.0:25577"\nplayer-info-forwarding-mode = "modern"\n[servers]\nlobby = "nowhere:25565"\ntry = ["lobby"]\n[forced-hosts]\n[advanced]\nhaproxy-protocol = true\n',
    )
    proxy.withConfigFiles({ 'velocity.toml': own })
    await expect(proxy.start()).rejects.toThrow(
      /velocity\.toml: advanced\.haproxy-protocol = true: the stand-in proxy plays only the default \(false\)/,
    )
  }, 60_000)
})
