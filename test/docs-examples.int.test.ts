/**
 * The scenario files the docs show (docs/examples/scenarios/, checked against the docs by
 * test/docs-samples.test.ts) run and pass, as `run` would run them, on embedded servers.
 * The vitest examples in docs/examples/ are tests themselves (integration and Docker tiers).
 */
import path from 'node:path'
import { expect, test } from 'vitest'
import { EmbeddedBackend } from '../harness/backends/embedded.ts'
import { loadScenarios } from '../harness/scenario/load.ts'
import { expandCases } from '../harness/scenario/matrix.ts'
import { runCases } from '../harness/scenario/runner.ts'

const EXAMPLES = path.resolve(import.meta.dirname, '../docs/examples/scenarios')

test('the example scenarios in the docs pass on every version they name', async () => {
  const cases = expandCases(await loadScenarios([EXAMPLES]))
  const results = await runCases(cases, { backend: new EmbeddedBackend(), concurrency: 4 })
  expect(results.map((r) => [r.scenario, r.version, r.outcome, r.pass])).toEqual(
    expect.arrayContaining([
      ['premium: a cracked client is refused', expect.any(String), 'unverified_username', true],
      ['outage: hasJoined hangs until authlib gives up (5 s)', '1.8.8', 'auth_servers_down', true],
      ['proxy: a forwarding secret the backend does not share', expect.any(String), 'forwarding_refused', true],
    ]),
  )
  expect(results.filter((r) => !r.pass)).toEqual([])
  expect(results.length).toBe(4)
})
