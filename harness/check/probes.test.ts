import { describe, expect, it } from 'vitest'
import { VANILLA_LOGIN_DEFAULTS } from '../server/properties.ts'
import { PROBE_IDS, planProbes, type ProbeSetup } from './probes.ts'

const setup = (over: Partial<ProbeSetup> = {}): ProbeSetup => ({
  propertiesFile: '/srv/mc/server.properties',
  properties: { ...VANILLA_LOGIN_DEFAULTS, onlineMode: over.onlineMode ?? true, whiteList: over.whiteList ?? false },
  onlineMode: true,
  whiteList: false,
  opName: 'Notch',
  whitelistNames: [],
  ...over,
})

describe('planProbes', () => {
  it('hands every probe the file\'s settings, so its server is the host\'s', () => {
    const plans = planProbes(setup({ whiteList: true }))
    for (const plan of plans) expect(plan.scenario.fileProperties).toMatchObject({ onlineMode: true, whiteList: true, maxPlayers: 20 })
  })

  it('plans the seven standard probes without a guard, each a one-bot scenario on the file', () => {
    const plans = planProbes(setup())
    expect(plans.map((p) => p.probe)).toEqual(PROBE_IDS.filter((id) => !id.startsWith('guard-')))
    for (const plan of plans) {
      expect(plan.scenario.bots).toHaveLength(1)
      expect(plan.scenario.server.propertiesFile).toBe('/srv/mc/server.properties')
      expect(plan.scenario.server.auth).toBe('premium')
    }
  })

  it('breaks the whole session server for 503 and only hasJoined for the hang', () => {
    const plans = planProbes(setup())
    expect(plans.find((p) => p.probe === 'premium-session-503')!.scenario.session?.faults).toEqual([{ route: '*', mode: 'status', status: 503 }])
    expect(plans.find((p) => p.probe === 'premium-session-hang')!.scenario.session?.faults).toEqual([{ route: 'hasJoined', mode: 'hang' }])
  })

  it('whitelists the probe players and the host\'s names, but never the stranger', () => {
    const plans = planProbes(setup({ whiteList: true, whitelistNames: ['Mallory', 'jeb_'], opName: 'AdminBob' }))
    const whitelist = plans[0]!.scenario.server.whitelist!
    expect(whitelist).toEqual(expect.arrayContaining(['Mallory', 'jeb_', 'Alice', 'Steve', 'AdminBob']))
    const stranger = plans.find((p) => p.probe === 'not-whitelisted')!.scenario.bots[0]!.account.name
    expect(stranger).toBe('Mallory1')
    expect(whitelist).not.toContain(stranger)
    expect(plans.find((p) => p.probe === 'impersonator')!.scenario.bots[0]!.account).toEqual({ kind: 'impersonator', name: 'AdminBob' })
  })

  it('notes that the whitelist is off instead of dropping the stranger probe', () => {
    const stranger = planProbes(setup()).find((p) => p.probe === 'not-whitelisted')!
    expect(stranger.note).toMatch(/whitelist off/)
    expect(stranger.scenario.server.whitelist).toBeUndefined()
  })

  it('with a guard on an offline file: guarded auth, the operator registered, the impersonator guessing, two guard probes', () => {
    const plans = planProbes(setup({ onlineMode: false, guard: { kind: 'authme', timeoutMs: 3000 } }))
    expect(plans.map((p) => p.probe)).toEqual([...PROBE_IDS])
    const server = plans[0]!.scenario.server
    expect(server.auth).toBe('guarded')
    expect(Object.keys(server.guard!.registered!)).toEqual(['Notch'])
    expect(server.guard!.timeoutMs).toBe(3000)
    const impersonator = plans.find((p) => p.probe === 'impersonator')!.scenario.bots[0]!
    expect(impersonator.steps?.map((s) => s.do)).toEqual(['waitForChat', 'chat', 'expectKick'])
    const register = plans.find((p) => p.probe === 'guard-register-login')!.scenario.bots[0]!
    expect(register.account.kind).toBe('cracked')
    expect(register.steps).toContainEqual({ do: 'chat', text: '/register hunter22 hunter22' })
    const idle = plans.find((p) => p.probe === 'guard-idle')!.scenario.bots[0]!
    expect(idle.steps).toEqual([{ do: 'expectKick', timeoutMs: 8000 }])
  })

  it('an offline file without a guard is a cracked server', () => {
    expect(planProbes(setup({ onlineMode: false }))[0]!.scenario.server.auth).toBe('cracked')
  })
})
