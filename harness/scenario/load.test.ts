import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { loadScenarios, validateScenario } from './load.ts'
import { expandCases, filterCases } from './matrix.ts'
import { builtinScenariosDir, packageRoot } from './builtin.ts'
import path from 'node:path'
import { latestVersion, supportedVersions } from '../versions.ts'

const valid = {
  name: 'ok',
  server: { auth: 'cracked' },
  bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],
}

describe('scenario loading', () => {
  it('loads the built-in suite with unique names', async () => {
    const scenarios = await loadScenarios(['scenarios'])
    expect(scenarios.length).toBeGreaterThanOrEqual(15)
    expect(new Set(scenarios.map((s) => s.file))).toEqual(
      new Set([
        'scenarios/authme.ts',
        'scenarios/cracked.ts',
        'scenarios/guarded.ts',
        'scenarios/outage.ts',
        'scenarios/paper.ts',
        'scenarios/premium.ts',
        'scenarios/proxy.ts',
        'scenarios/secure-profile.ts',
        'scenarios/transfer.ts',
      ]),
    )
  })

  it('names the file, the field and the fix for a misspelt field', async () => {
    const error = await loadScenarios(['test/fixtures/scenarios/misspelt.ts']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HarnessInputError)
    const message = (error as Error).message
    expect(message).toContain('test/fixtures/scenarios/misspelt.ts')
    expect(message).toContain('unknown field "expcet" (did you mean "expect"?)')
    expect(message).toContain('bots[0].expect: is required but missing')
  })

  it('lists the allowed values for a bad enum value', () => {
    const bad = { ...valid, server: { auth: 'premum' } }
    expect(() => validateScenario(bad, 'x.ts', 'x.ts')).toThrow(
      /server\.auth: "premum" is not allowed; allowed: "premium", "cracked", "guarded"/,
    )
  })

  it('rejects a bad outcome code with the full list', () => {
    const bad = { ...valid, bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'joined' }] }
    expect(() => validateScenario(bad, 'x.ts', 'x.ts')).toThrow(/"joined" is not allowed; allowed: "success", "invalid_session"/)
  })

  it('rejects names Minecraft would not accept', () => {
    const bad = { ...valid, bots: [{ account: { kind: 'cracked', name: 'has space' }, expect: 'success' }] }
    expect(() => validateScenario(bad, 'x.ts', 'x.ts')).toThrow(/account\.name/)
  })

  it('refuses a bot session server off this machine', () => {
    const bad = {
      ...valid,
      bots: [{ account: { kind: 'premium', name: 'Alice' }, sessionServer: 'https://sessionserver.mojang.com', expect: 'success' }],
    }
    expect(() => validateScenario(bad, 'x.ts', 'x.ts')).toThrow(/bots\[0\]\.sessionServer: must be a loopback URL/)
  })

  it('reports a missing path clearly', async () => {
    await expect(loadScenarios(['no/such/dir'])).rejects.toThrow(/no\/such\/dir: no such file or folder/)
  })
})

describe('version matrix', () => {
  const scenario = { ...validateScenario(valid, 'x.ts', 'x.ts') }

  it('defaults to latest', () => {
    expect(expandCases([scenario]).map((c) => c.version)).toEqual([latestVersion()])
  })

  it('expands all and lists', () => {
    expect(expandCases([scenario], 'all').map((c) => c.version)).toEqual(supportedVersions())
    expect(expandCases([scenario], '1.8.8, latest').map((c) => c.version)).toEqual(['1.8.8', latestVersion()])
  })

  it('rejects an unknown version, naming the supported ones', () => {
    expect(() => expandCases([scenario], '1.99')).toThrow(/--versions: "1.99" is not a supported version. Use "latest" or one of: 1.8.8/)
  })

  it('filters by --grep', () => {
    const other = { ...scenario, name: 'premium thing' }
    expect(filterCases(expandCases([scenario, other]), 'premium').map((c) => c.scenario.name)).toEqual(['premium thing'])
  })

  it('--grep and --skip look at scenario names only, never bot names or files', () => {
    const premium = { ...scenario, name: 'premium: joins', file: 'scenarios/guarded.ts' }
    const cases = expandCases([scenario, premium])
    // The bot of both is "Steve"; the file of one says guarded.
    expect(filterCases(cases, 'steve')).toEqual([])
    expect(filterCases(cases, 'guarded')).toEqual([])
    expect(filterCases(cases, '^(?!premium)').map((c) => c.scenario.name)).toEqual(['ok'])
    expect(filterCases(cases, undefined, ['^PREMIUM']).map((c) => c.scenario.name)).toEqual(['ok'])
    expect(filterCases(cases, 'o', ['^ok$', 'joins'])).toEqual([])
  })

  it('finds the packaged built-in scenarios from the sources and from dist/', () => {
    const root = path.resolve(import.meta.dirname, '../..')
    expect(packageRoot(path.join(root, 'dist/cli/commands'))).toBe(root)
    expect(packageRoot(path.join(root, 'harness/cli/commands'))).toBe(root)
    expect(builtinScenariosDir()).toBe(path.join(root, 'scenarios'))
  })
})
