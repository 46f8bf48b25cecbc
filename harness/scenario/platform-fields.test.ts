import { describe, expect, it } from 'vitest'
import type { LoadedScenario } from './load.ts'
import { expandCases } from './matrix.ts'
import { scenarioSchema } from './schema.ts'

const base = { name: 'x', server: { auth: 'cracked' }, bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }] }

describe('scenario fields for platforms', () => {
  it('sourceAddress: IPv4 loopback only', () => {
    const bot = (sourceAddress: string) => ({ ...base, bots: [{ ...base.bots[0], sourceAddress }] })
    expect(scenarioSchema.safeParse(bot('127.0.0.2')).success).toBe(true)
    expect(scenarioSchema.safeParse(bot('10.0.0.2')).error?.issues[0]?.message).toMatch(
      /must be an IPv4 loopback address such as 127.0.0.2/,
    )
    expect(scenarioSchema.safeParse(bot('127.0.0.300')).error?.issues[0]?.message).toBe('each part of the address must be 0-255')
  })

  it('platformText is `true` or absent', () => {
    const withExpect = (expect: unknown) => ({ ...base, bots: [{ ...base.bots[0], expect }] })
    expect(scenarioSchema.safeParse(withExpect({ outcome: 'not_whitelisted', platformText: true })).success).toBe(true)
    expect(scenarioSchema.safeParse(withExpect({ outcome: 'not_whitelisted', platformText: false })).success).toBe(false)
  })

  it('versionRange leaves out versions (also from --versions) outside it', () => {
    const scenario = { ...scenarioSchema.parse({ ...base, versionRange: { until: '1.21.4' } }), file: 'x.ts' } as LoadedScenario
    expect(expandCases([scenario], '1.20.4,1.21.4,1.21.5,26.1').map((c) => c.version)).toEqual(['1.20.4', '1.21.4'])
    const from = { ...scenarioSchema.parse({ ...base, versionRange: { from: '1.21.5' } }), file: 'y.ts' } as LoadedScenario
    expect(expandCases([from], '1.20.4,1.21.5,26.1').map((c) => c.version)).toEqual(['1.21.5', '26.1'])
  })
})
