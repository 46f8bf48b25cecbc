/**
 * The built-in proxy scenarios (scenarios/proxy.ts) on the embedded backend: every one passes,
 * the bypass included (it asserts the risk), each bot's outcome as the scenario expects it.
 */
import path from 'node:path'
import { expect, it } from 'vitest'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { ResourceScope } from '../resource-scope.ts'
import { builtinScenariosDir } from '../scenario/builtin.ts'
import { loadScenarioFile } from '../scenario/load.ts'
import { expandCases } from '../scenario/matrix.ts'
import { runCases } from '../scenario/runner.ts'

it('scenarios/proxy.ts passes on the embedded backend', async () => {
  const scenarios = await loadScenarioFile(path.join(builtinScenariosDir(), 'proxy.ts'))
  const cases = expandCases(scenarios)
  const scope = new ResourceScope({ name: 'proxy scenarios' })
  try {
    const results = await runCases(cases, { backend: new EmbeddedBackend(), scope, concurrency: 4 })
    const failed = results.filter((r) => !r.pass).map((r) => `${r.scenario} › ${r.bot} [${r.version}]: ${r.reason}`)
    expect(failed).toEqual([])
    expect(results.length).toBe(cases.reduce((n, c) => n + c.scenario.bots.length, 0))
    const bypass = results.find((r) => r.scenario.startsWith('proxy: the bypass: a forged handshake'))
    expect(bypass).toMatchObject({ outcome: 'success', pass: true })
  } finally {
    await scope.dispose()
  }
})
