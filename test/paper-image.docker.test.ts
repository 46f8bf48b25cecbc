/**
 * The stand-in image's Paper profile (TYPE=PAPER: the embedded server plays Paper, reading
 * bukkit.yml/spigot.yml/paper-global.yml from /data), bots reaching it through a published port,
 * so the server sees Docker's gateway as every bot's address, as real Paper in a container does:
 * - the built-in suite passes on 1.20.4, 1.21.4 and the newest version, with the harness's test
 *   set-up (connection-throttle -1) merged into a user's own bukkit.yml;
 * - without the test set-up (the user's production throttle), the same suite fails.
 * The image is the one MC_LOGIN_HARNESS_LOCAL_IMAGE names (built when stale), else the shared tag.
 * Under CI=true a missing Docker fails this test; elsewhere it is skipped with the reason.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBackend } from '../harness/backends/create-backend.ts'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { ResourceScope } from '../harness/resource-scope.ts'
import { loadScenarios } from '../harness/scenario/load.ts'
import { expandCases } from '../harness/scenario/matrix.ts'
import { runCases } from '../harness/scenario/runner.ts'
import { latestVersion } from '../harness/versions.ts'
import { runCli } from './support/cli.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[paper image suite skipped] ${docker.reason}`)

const VERSIONS = ['1.20.4', '1.21.4', latestVersion()]
const PRODUCTION_BUKKIT = "# a host's own bukkit.yml\nsettings:\n  allow-end: false\n  connection-throttle: 4000\n"

describe.skipIf(skip)('the stand-in image as Paper (--type PAPER)', () => {
  it(`passes the built-in suite on ${VERSIONS.join(', ')} with a user's bukkit.yml merged`, async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-paper-image-'))
    const bukkit = path.join(dir, 'bukkit.yml')
    await writeFile(bukkit, PRODUCTION_BUKKIT)
    const out = path.join(dir, 'report.json')
    const run = await runCli(
      [
        'run',
        '--backend',
        'container',
        '--type',
        'PAPER',
        '--config-file',
        `bukkit.yml=${bukkit}`,
        '--versions',
        VERSIONS.join(','),
        // secure-profile's login checks exist on 1.19-1.19.2 only and declare no versionRange.
        '--skip',
        '^secure-profile: \\(1\\.19',
        '--reuse',
        '--concurrency',
        '2',
        '--reporter',
        'json',
        '--out',
        out,
      ],
      { timeoutMs: 1_100_000 },
    )
    const report = JSON.parse(await readFile(out, 'utf8'))
    const failures = report.results.filter((r: { pass: boolean }) => !r.pass)
    expect(failures, 'failed rows').toEqual([])
    expect(run.code, run.stderr.slice(-3000)).toBe(0)
    const rows = report.results as Array<{ scenario: string; bot: string; version: string; outcome: string; message: string }>
    const stranger = rows.filter((r) => r.scenario === 'premium: whitelist keeps strangers out' && r.bot.startsWith('Mallory'))
    expect(stranger.map((r) => r.message)).toEqual(VERSIONS.map(() => 'You are not whitelisted on this server!'))
    expect(
      rows
        .filter((r) => r.outcome === 'throttled')
        .map((r) => r.version)
        .sort(),
    ).toEqual(['1.20.4', '1.21.4'])
  }, 1_200_000)

  it("fails without the harness's test set-up: the production throttle refuses the second bot from the gateway", async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const backend = await createBackend('container', { type: 'PAPER' })
    const scope = new ResourceScope({ name: 'paper without test set-up' })
    try {
      await backend.prepare(scope)
      const [whitelist] = (await loadScenarios(['scenarios/premium.ts'])).filter((s) => s.name === 'premium: whitelist keeps strangers out')
      // What a user's bukkit.yml replacing the harness's would do. Paper's default is 4000 ms; 30 s
      // here, so a loaded machine cannot stretch Alice's login past the window.
      const production = { ...whitelist!, server: { ...whitelist!.server, connectionThrottleMs: 30_000 } }
      const results = await runCases(expandCases([production], '1.21.4'), { backend, scope })
      expect(results.map((r) => [r.bot, r.outcome, r.message])).toEqual([
        ['Alice (premium)', 'success', 'Joined'],
        ['Mallory (premium)', 'throttled', 'Connection throttled! Please wait before reconnecting.'],
      ])
    } finally {
      await scope.dispose()
    }
  }, 300_000)
})
