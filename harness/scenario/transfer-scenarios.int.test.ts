import { describe, expect, it } from 'vitest'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { latestVersion } from '../versions.ts'
import { loadScenarioFile } from './load.ts'
import { expandCases } from './matrix.ts'
import { runCases } from './runner.ts'

describe('built-in scenarios/transfer.ts on the embedded server', () => {
  it('passes on 1.20.6, 1.21.8 and the newest version', async () => {
    const cases = expandCases(await loadScenarioFile('scenarios/transfer.ts'))
    expect(new Set(cases.map((c) => c.version))).toEqual(new Set(['1.20.6', '1.21.8', latestVersion()]))
    const results = await runCases(cases, { backend: new EmbeddedBackend(), concurrency: 2 })
    const failed = results
      .filter((r) => !r.pass)
      .map((r) => `${r.scenario} @ ${r.version}: ${r.outcome} ${JSON.stringify(r.message)} (${r.reason ?? ''})`)
    expect(failed).toEqual([])
    expect(results.length).toBe(cases.reduce((n, c) => n + c.scenario.bots.length, 0))
  }, 240_000)

  it('refuses the scenarios on a version before 1.20.5 with an input error', async () => {
    const scenarios = await loadScenarioFile('scenarios/transfer.ts')
    // versionRange leaves older versions out; without it the matrix says what is wrong and how to fix it.
    const unranged = scenarios.map((s) => ({ ...s, versionRange: undefined }))
    expect(() => expandCases(unranged, '1.20.4')).toThrow(
      /a transfer step needs 1\.20\.5 or newer .* would run on 1\.20\.4; give the scenario versionRange/,
    )
  })
})
