import { describe, expect, it } from 'vitest'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { loadScenarioFile } from './load.ts'
import { expandCases } from './matrix.ts'
import { runCases } from './runner.ts'

describe('built-in scenarios/secure-profile.ts on the embedded server', () => {
  it('passes on 1.19, 1.19.2, 1.19.4, 1.20.4 and the newest version', async () => {
    const cases = expandCases(await loadScenarioFile('scenarios/secure-profile.ts'))
    const versions = new Set(cases.map((c) => c.version))
    expect(versions.size).toBe(5)
    const results = await runCases(cases, { backend: new EmbeddedBackend(), concurrency: 2 })
    const failed = results
      .filter((r) => !r.pass)
      .map((r) => `${r.scenario} @ ${r.version}: ${r.outcome} ${JSON.stringify(r.message)} (${r.reason ?? ''})`)
    expect(failed).toEqual([])
    expect(results.length).toBe(cases.reduce((n, c) => n + c.scenario.bots.length, 0))
  }, 240_000)
})
