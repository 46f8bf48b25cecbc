/**
 * The built-in suite on the embedded server's Paper profile (`run --platform paper`), on 1.20.4,
 * 1.21.4 and the newest version; and the same Paper server read with vanilla's texts only (what
 * the classifier knew before platforms), which fails it.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EmbeddedBackend } from '../harness/backends/embedded.ts'
import type { Backend } from '../harness/backends/backend.ts'
import { ResourceScope } from '../harness/resource-scope.ts'
import { loadScenarios } from '../harness/scenario/load.ts'
import { expandCases } from '../harness/scenario/matrix.ts'
import { runCases } from '../harness/scenario/runner.ts'
import type { StartedServer } from '../harness/server/types.ts'
import { latestVersion } from '../harness/versions.ts'
import { runCli } from './support/cli.ts'

const VERSIONS = ['1.20.4', '1.21.4', latestVersion()]

describe('the embedded Paper profile', () => {
  it(`passes the built-in suite on ${VERSIONS.join(', ')}`, async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'mclh-paper-')), 'report.json')
    // secure-profile's login checks exist on 1.19-1.19.2 only and declare no versionRange.
    const result = await runCli(
      [
        'run',
        '--platform',
        'paper',
        '--versions',
        VERSIONS.join(','),
        '--skip',
        '^secure-profile: \\(1\\.19',
        '--reporter',
        'json',
        '--out',
        out,
      ],
      {
        timeoutMs: 280_000,
      },
    )
    const report = JSON.parse(await readFile(out, 'utf8'))
    const failures = report.results.filter((r: { pass: boolean }) => !r.pass)
    expect(failures, 'failed rows').toEqual([])
    expect(result.code, result.stderr.slice(-2000)).toBe(0)
    const rows = report.results as Array<{ scenario: string; bot: string; version: string; outcome: string; message: string }>
    // Paper's own words where Paper has them.
    const stranger = rows.filter((r) => r.scenario === 'premium: whitelist keeps strangers out' && r.bot.startsWith('Mallory'))
    expect(stranger.map((r) => [r.version, r.outcome, r.message])).toEqual(
      VERSIONS.map((v) => [v, 'not_whitelisted', 'You are not whitelisted on this server!']),
    )
    expect(
      rows
        .filter((r) => r.outcome === 'throttled')
        .map((r) => r.version)
        .sort(),
    ).toEqual(['1.20.4', '1.21.4'])
  }, 300_000)

  it('run --platform refuses a platform without rules, saying what to use', async () => {
    const result = await runCli(['run', '--platform', 'spigot', '--list'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--platform: "spigot" has no rules in the harness yet (only vanilla and paper); use "paper"')
  })

  it("fails when the Paper server's kicks are read with vanilla's texts only", async () => {
    // The same Paper servers; only the platform the bots classify by is hidden, as before platforms existed.
    const embedded = new EmbeddedBackend()
    const vanillaEyes: Backend = {
      ...embedded,
      name: embedded.name,
      prepare: () => embedded.prepare(),
      leftoverAdvice: () => embedded.leftoverAdvice(),
      startSessionServer: (scope) => embedded.startSessionServer(scope),
      startProxy: (spec, scope) => embedded.startProxy(spec, scope),
      startServer: async (config, scope): Promise<StartedServer> => {
        const server = await embedded.startServer(config, scope)
        return Object.assign(Object.create(server) as StartedServer, { getPlatform: () => 'vanilla' as const })
      },
    }
    const scenarios = (await loadScenarios(['scenarios/premium.ts', 'scenarios/paper.ts'])).map((sc) => ({
      ...sc,
      server: { ...sc.server, platform: 'paper' as const },
    }))
    const cases = expandCases(scenarios, '1.21.4')
    const scope = new ResourceScope({ name: 'vanilla-only classifier' })
    try {
      const results = await runCases(cases, { backend: vanillaEyes, scope, concurrency: 4 })
      const failed = results.filter((r) => !r.pass).map((r) => `${r.scenario} / ${r.bot}: ${r.outcome}`)
      expect(failed.sort()).toEqual(
        [
          'premium: whitelist keeps strangers out / Mallory (premium): kicked',
          'paper: a second login from one address within the connection throttle is refused / Alex, 127.0.0.2 again at once: kicked',
          'paper: the whitelist refusal says "whitelisted" / Mallory (cracked): kicked',
        ].sort(),
      )
    } finally {
      await scope.dispose()
    }
  }, 120_000)
})
