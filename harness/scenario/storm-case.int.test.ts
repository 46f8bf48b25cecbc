import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { validateScenario } from './load.ts'
import { plannedRows, runCase } from './runner.ts'
import { Progress } from '../report/progress.ts'

const base = { name: 'storm case', server: { auth: 'cracked' as const, properties: { maxPlayers: 100 } } }

describe('a scenario with a storm', () => {
  it('needs no bots, but a scenario with neither bots nor a storm is refused', () => {
    const scenario = validateScenario({ ...base, storm: { n: 20 } }, 'inline', 'inline.ts')
    expect(scenario.bots).toEqual([])
    expect(scenario.storm).toEqual({ n: 20 })
    expect(() => validateScenario(base, 'inline', 'inline.ts')).toThrow(HarnessInputError)
    expect(() => validateScenario(base, 'inline', 'inline.ts')).toThrow(/give at least one bot \(or a storm\)/)
    expect(() => validateScenario({ ...base, storm: { n: 20, acount: 'premium' } }, 'inline', 'inline.ts')).toThrow(/acount/)
  })

  it('runs after the bots and reports one row with the histogram and the verdict', async () => {
    const scenario = validateScenario(
      {
        ...base,
        bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],
        storm: { n: 30, concurrency: 10, expect: { minLoginsPerSec: 1 } },
      },
      'inline',
      'inline.ts',
    )
    const c = { scenario, version: '1.20.4' }
    // Progress counts what the run reports, storm row included (it used to read [2/1]).
    let printed = ''
    const progress = new Progress(plannedRows(c), {
      isTTY: false,
      write: (text: string) => ((printed += text), true),
    } as unknown as NodeJS.WriteStream)
    const results = await runCase(c, new EmbeddedBackend(), (r) => progress.result(r))
    expect(results).toHaveLength(plannedRows(c))
    expect(printed.match(/^\[\d+\/\d+\]/gm)).toEqual(['[1/2]', '[2/2]'])
    expect(results.map((r) => r.bot)).toEqual(['Steve (cracked)', 'storm ×30 cracked (light)'])
    const storm = results[1]!
    expect(storm).toMatchObject({ outcome: 'success', pass: true, expected: 'success ×30, ≥ 1/s', reason: '' })
    expect(storm.message).toMatch(/^success 30; [\d.]+ logins\/s/)
  })

  it('fails the row when the server turns the storm away (1 slot, 10 bots at once)', async () => {
    const scenario = validateScenario(
      { ...base, server: { auth: 'cracked', properties: { maxPlayers: 1 } }, storm: { n: 10, concurrency: 10, client: 'bot' } },
      'inline',
      'inline.ts',
    )
    const results = await runCase({ scenario, version: '1.20.4' }, new EmbeddedBackend())
    expect(results).toHaveLength(plannedRows({ scenario, version: '1.20.4' }))
    const [row] = results
    expect(row!.pass).toBe(false)
    expect(row!.message).toMatch(/server_full \d+/)
    expect(row!.reason).toMatch(/did not end in success/)
  })
})
