import { describe, expect, it } from 'vitest'
import { VANILLA_LOGIN_DEFAULTS } from '../server/properties.ts'
import { premiumUuid } from '../session/accounts.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'
import { castOf, mergeCasts, PROBE_IDS, planProbes, type ProbeSetup } from './probes.ts'

const setup = (over: Partial<ProbeSetup> = {}): ProbeSetup => ({
  propertiesFile: '/srv/mc/server.properties',
  properties: { ...VANILLA_LOGIN_DEFAULTS, onlineMode: over.onlineMode ?? true, whiteList: over.whiteList ?? false },
  onlineMode: true,
  whiteList: false,
  opName: 'Notch',
  whitelistNames: [],
  ...over,
})

const NOTCH = { uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5', name: 'Notch' }
const JEB = { uuid: '853c80ef-3c37-49fd-aa49-938b674adae6', name: 'jeb_' }

describe('planProbes', () => {
  it("hands every probe the file's settings, so its server is the host's", () => {
    const plans = planProbes(setup({ whiteList: true }))
    for (const plan of plans) expect(plan.server.properties).toMatchObject({ onlineMode: true, whiteList: true, maxPlayers: 20 })
  })

  it('without list files: the standard probes, premium auth, no list probes, and server-full at max-players', () => {
    const plans = planProbes(setup())
    expect(plans.map((p) => p.probe)).toEqual([
      'premium',
      'premium-session-503',
      'premium-session-hang',
      'no-profile-key',
      'revoked-token',
      'cracked',
      'impersonator',
      'not-whitelisted',
      'proxy-ip-mismatch',
      'transfer',
      'server-full',
    ])
    for (const plan of plans) expect(plan.server.auth).toBe('premium')
    expect(plans.find((p) => p.probe === 'server-full')!.crowd).toEqual({ count: 20, kind: 'premium', prefix: 'Online' })
  })

  it('breaks the whole session server for 503 and only hasJoined for the hang; revokes the token for revoked-token', () => {
    const plans = planProbes(setup())
    expect(plans.find((p) => p.probe === 'premium-session-503')!.faults).toEqual([{ route: '*', mode: 'status', status: 503 }])
    expect(plans.find((p) => p.probe === 'premium-session-hang')!.faults).toEqual([{ route: 'hasJoined', mode: 'hang' }])
    expect(plans.find((p) => p.probe === 'revoked-token')!.revoke).toEqual(['Alice'])
  })

  it('without list files the probe players are whitelisted by name, never the stranger', () => {
    const plans = planProbes(setup({ whiteList: true, whitelistNames: ['Mallory', 'jeb_'], opName: 'AdminBob' }))
    const whitelist = plans[0]!.server.whitelist!
    expect(whitelist).toEqual(expect.arrayContaining(['Mallory', 'jeb_', 'Alice', 'Steve', 'AdminBob']))
    const stranger = plans.find((p) => p.probe === 'not-whitelisted')!.bot.name
    expect(stranger).toBe('Mallory1')
    expect(whitelist).not.toContain(stranger)
    expect(plans.find((p) => p.probe === 'impersonator')!.bot).toMatchObject({ kind: 'impersonator', name: 'AdminBob' })
  })

  it("with list files: the players and UUIDs of the host's files, and nobody whitelisted by name", () => {
    const lists = {
      whitelist: [NOTCH, JEB],
      ops: [{ ...JEB, level: 4 }],
      bannedPlayers: [{ uuid: offlineUuid('Griefer'), name: 'Griefer' }],
    }
    const plans = planProbes(setup({ whiteList: true, lists }))
    expect(plans.map((p) => p.probe)).toEqual(
      PROBE_IDS.filter((id) => !id.startsWith('guard-') && id !== 'forged-handshake' && id !== 'backend-direct'),
    )
    // Not a Paper folder: no spigot.yml to forge a handshake against; no proxy to go around.
    const premium = plans.find((p) => p.probe === 'premium')!
    expect(premium.bot).toEqual({ kind: 'premium', name: 'Notch' })
    // The mock issues Notch's account with the UUID whitelist.json lists.
    expect(premium.accounts).toEqual([{ name: 'Notch', id: NOTCH.uuid }])
    expect(premium.server.whitelist).toBeUndefined()
    expect(premium.server.lists).toEqual(lists)
    expect(premium.note).toBe(`on whitelist.json, uuid ${NOTCH.uuid}`)
    expect(plans.find((p) => p.probe === 'whitelisted-offline')!.bot).toEqual({ kind: 'cracked', name: 'Notch' })
    expect(plans.find((p) => p.probe === 'op')!.accounts).toEqual([{ name: 'jeb_', id: JEB.uuid }])
    // The impersonator takes the operator's name.
    expect(plans.find((p) => p.probe === 'impersonator')!.bot.name).toBe('jeb_')
    // A listed offline UUID is no account's: the mock gives the premium player its own.
    expect(plans.find((p) => p.probe === 'banned')!.accounts).toEqual([{ name: 'Griefer' }])
    expect(plans.find((p) => p.probe === 'proxy-ip-mismatch')!.bot.localAddress).toBe('127.0.0.2')
    expect(plans.find((p) => p.probe === 'whitelist-removed-online')!.removeFromWhitelist).toEqual(NOTCH)
  })

  it('server-full puts its crowd and latecomer on the whitelist with the UUIDs of this mode', () => {
    const plan = planProbes(setup({ whiteList: true, lists: { whitelist: [NOTCH] }, playersOnline: 2 })).find(
      (p) => p.probe === 'server-full',
    )!
    expect(plan.crowd?.count).toBe(2)
    expect(plan.server.lists!.whitelist).toEqual([
      NOTCH,
      { name: 'Online1', uuid: toDashedUuid(premiumUuid('Online1')) },
      { name: 'Online2', uuid: toDashedUuid(premiumUuid('Online2')) },
      { name: 'Latecomer', uuid: toDashedUuid(premiumUuid('Latecomer')) },
    ])
    const offline = planProbes(setup({ onlineMode: false, whiteList: true, lists: {}, playersOnline: 1 })).find(
      (p) => p.probe === 'server-full',
    )!
    expect(offline.server.lists!.whitelist![0]).toEqual({ name: 'Online1', uuid: offlineUuid('Online1') })
  })

  it('does not plan server-full for a crowd over 50, nor the reload probe off the embedded backend', () => {
    const plans = planProbes(setup({ playersOnline: 51, lists: { whitelist: [NOTCH] }, backend: 'container' }))
    expect(plans.map((p) => p.probe)).not.toContain('server-full')
    expect(plans.map((p) => p.probe)).not.toContain('whitelist-removed-online')
  })

  it('diff follows the before side: a player taken off the list after is still the one tried', () => {
    const cast = mergeCasts(castOf({ whitelist: [NOTCH] }), castOf({ whitelist: [JEB], ops: [JEB] }))
    expect(cast).toEqual({ member: NOTCH, op: JEB, banned: undefined })
    const after = planProbes(setup({ whiteList: true, lists: { whitelist: [JEB] }, cast })).find((p) => p.probe === 'premium')!
    expect(after.bot.name).toBe('Notch')
    expect(after.note).toBe(`not on whitelist.json, uuid ${NOTCH.uuid}`)
  })

  it('notes that the whitelist is off instead of dropping the stranger probe', () => {
    const stranger = planProbes(setup()).find((p) => p.probe === 'not-whitelisted')!
    expect(stranger.note).toMatch(/whitelist off/)
    expect(stranger.server.whitelist).toBeUndefined()
  })

  it('with a guard on an offline file: guarded auth, the operator registered, the impersonator guessing, two guard probes', () => {
    const plans = planProbes(
      setup({
        onlineMode: false,
        guard: { kind: 'authme', timeoutMs: 3000, kickNonRegistered: true, antiBot: { delaySeconds: 60 }, maxRegPerIp: 1 },
      }),
    )
    expect(plans.map((p) => p.probe)).toEqual(expect.arrayContaining(['guard-register-login', 'guard-idle']))
    const server = plans[0]!.server
    expect(server.auth).toBe('guarded')
    expect(Object.keys(server.guard!.registered!)).toEqual(['Notch'])
    // The host's real AntiBot and per-address limit, not the harness's test set-up.
    expect(server.guard).toMatchObject({ timeoutMs: 3000, kickNonRegistered: true, antiBot: { delaySeconds: 60 }, maxRegPerIp: 1 })
    expect(plans.find((p) => p.probe === 'impersonator')!.bot.steps?.map((s) => s.do)).toEqual(['waitForChat', 'chat', 'expectKick'])
    const register = plans.find((p) => p.probe === 'guard-register-login')!.bot
    expect(register.kind).toBe('cracked')
    expect(register.steps).toContainEqual({ do: 'chat', text: '/register hunter22 hunter22' })
    expect(plans.find((p) => p.probe === 'guard-idle')!.bot.steps).toEqual([{ do: 'expectKick', timeoutMs: 8000 }])
  })

  it('an offline file without a guard is a cracked server', () => {
    expect(planProbes(setup({ onlineMode: false }))[0]!.server.auth).toBe('cracked')
  })
})

describe('the transfer probe (accepts-transfers)', () => {
  it('arrives with the TRANSFER intention, from 1.20.5 on, noting the default', () => {
    const off = planProbes(setup()).find((p) => p.probe === 'transfer')!
    expect(off.bot).toMatchObject({ kind: 'premium', transferred: true })
    expect(off.since).toBe('1.20.5')
    expect(off.note).toBe('accepts-transfers=false')
    const on = planProbes(setup({ properties: { ...VANILLA_LOGIN_DEFAULTS, acceptsTransfers: true } })).find((p) => p.probe === 'transfer')!
    expect(on.note).toBeUndefined()
    expect(on.server.properties.acceptsTransfers).toBe(true)
    const offline = planProbes(setup({ onlineMode: false })).find((p) => p.probe === 'transfer')!
    expect(offline.bot.kind).toBe('cracked')
  })
})

describe('planProbes behind a proxy (check --proxy-dir)', () => {
  const proxy = (online = true): ProbeSetup['proxy'] => ({
    dir: '/srv/proxy',
    settings: {
      type: 'velocity',
      forwarding: 'modern',
      secret: 's3cret',
      online,
      servers: [{ name: 'lobby', address: '127.0.0.1:30066' }],
      port: 25565,
      loginRatelimitMs: 3000,
    },
    serverName: 'lobby',
    files: ['velocity.toml', 'forwarding.secret'],
  })
  const paperBackend = { spigot: 'settings:\n  bungeecord: false\n' }

  it('sends every player through the proxy, except the probes that go around it; leaves out what the proxy decides', () => {
    const plans = planProbes(
      setup({ onlineMode: false, properties: { ...VANILLA_LOGIN_DEFAULTS, onlineMode: false }, paperFiles: paperBackend, proxy: proxy() }),
    )
    const around = plans.filter((p) => p.bot.via !== 'proxy').map((p) => p.probe)
    expect(around).toEqual(['forged-handshake', 'backend-direct'])
    expect(plans.map((p) => p.probe)).not.toContain('transfer')
    expect(plans.map((p) => p.probe)).not.toContain('proxy-ip-mismatch')
    for (const plan of plans.filter((p) => p.bot.via === 'proxy')) {
      expect(plan.proxy).toMatchObject({ type: 'velocity', forwarding: 'modern', secret: 's3cret', online: true, serverName: 'lobby' })
      expect(plan.who).toMatch(/, through Velocity$/)
    }
  })

  it("the proxy's online-mode decides who the players are; the server keeps its own (offline) mode", () => {
    const plans = planProbes(setup({ onlineMode: false, properties: { ...VANILLA_LOGIN_DEFAULTS, onlineMode: false }, proxy: proxy(true) }))
    const full = plans.find((p) => p.probe === 'server-full')!
    expect(full.crowd?.kind).toBe('premium')
    expect(full.server.auth).toBe('cracked')
    // The crowd comes from one address: Velocity's login-ratelimit is lifted for it, and the row says so.
    expect(full.proxy?.loginRatelimitMs).toBe(0)
    expect(full.note).toMatch(/login rate limit lifted/)
    for (const plan of plans) expect(plan.server.auth).toBe('cracked')
  })

  it('plans no proxy probe without a proxy', () => {
    const plans = planProbes(setup())
    expect(plans.some((p) => p.proxy || p.bot.via === 'proxy' || p.probe === 'backend-direct')).toBe(false)
  })
})
