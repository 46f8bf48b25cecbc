import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { buildContainerPlan } from './container-config.ts'
import { buildProxyPlan, realProxyProblem, type ProxyContainerSpec } from './proxy-container.ts'
import { parseProxyEnv } from './proxy-entry.ts'
import { readBungeeGuardConfig, readPaperFiles } from '../paper/config-files.ts'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-plan-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const paper = { type: 'PAPER' as const, platform: 'paper' as const, auth: 'cracked' as const, version: '1.20.4' }
const contentAt = (plan: ReturnType<typeof buildContainerPlan>, target: string) =>
  [...plan.contents, ...plan.owned].find((f) => f.target === target)?.content

describe('a backend behind a proxy: its own files', () => {
  it('writes spigot.yml settings.bungeecord, paper-global.yml proxies.velocity and BungeeGuard allowed-tokens, read back by the Paper readers', () => {
    const plan = buildContainerPlan({
      ...paper,
      image: 'local',
      forwarding: {
        bungeecord: true,
        velocity: { enabled: true, secret: 's3cret', onlineMode: true },
        bungeeGuard: { allowedTokens: ['tok'] },
      },
    })
    const settings = readPaperFiles({
      spigot: contentAt(plan, '/data/spigot.yml'),
      paperGlobal: contentAt(plan, '/config/paper-global.yml'),
    })
    expect(settings).toMatchObject({ bungeecord: true, velocityEnabled: true, velocitySecret: 's3cret', velocityOnlineMode: true })
    expect(readBungeeGuardConfig(contentAt(plan, '/plugins/BungeeGuard/config.yml')!)).toEqual(['tok'])
  })

  it("merges into the user's own spigot.yml and paper-global.yml instead of copying them over", () => {
    const spigot = path.join(tmp, 'spigot.yml')
    fs.writeFileSync(spigot, 'messages:\n  whitelist: Members only\nsettings:\n  bungeecord: false\n')
    const global = path.join(tmp, 'paper-global.yml')
    fs.writeFileSync(global, 'proxies:\n  velocity:\n    enabled: false\n    secret: old\nmisc:\n  max-joins-per-tick: 5\n')
    const plan = buildContainerPlan({
      ...paper,
      image: 'itzg',
      configFiles: { 'spigot.yml': spigot, 'config/paper-global.yml': global },
      forwarding: { bungeecord: true, velocity: { enabled: true, secret: 'new' } },
    })
    expect(parseYaml(contentAt(plan, '/data/spigot.yml')!)).toEqual({
      messages: { whitelist: 'Members only' },
      settings: { bungeecord: true },
    })
    expect(parseYaml(contentAt(plan, '/config/paper-global.yml')!)).toEqual({
      proxies: { velocity: { enabled: true, secret: 'new' } },
      misc: { 'max-joins-per-tick': 5 },
    })
    expect([...plan.files, ...plan.owned].map((f) => f.target)).not.toContain('/config/paper-global.yml')
    expect(plan.owned.filter((f) => f.target === '/data/spigot.yml')).toHaveLength(1)
  })

  it('refuses forwarding on a vanilla server and BungeeGuard on itzg without its jar', () => {
    expect(() =>
      buildContainerPlan({ type: 'VANILLA', auth: 'cracked', version: '1.20.4', image: 'local', forwarding: { bungeecord: true } }),
    ).toThrow(/withForwarding: proxy forwarding is Spigot's and Paper's/)
    expect(() =>
      buildContainerPlan({ ...paper, image: 'itzg', forwarding: { bungeecord: true, bungeeGuard: { allowedTokens: ['t'] } } }),
    ).toThrow(/needs the BungeeGuard plugin jar/)
  })
})

describe('the proxy container plan (itzg/mc-proxy contract)', () => {
  const base: ProxyContainerSpec = {
    image: 'itzg',
    type: 'velocity',
    forwarding: 'modern',
    secret: 's3cret',
    online: true,
    servers: [{ name: 'lobby', address: 'server-abc:25565' }],
    sessionServer: 'http://session-1:8080/',
  }

  it('Velocity: TYPE, its files in /config, and -Dmojang.sessionserver with the whole hasJoined URL in JVM_OPTS', () => {
    const plan = buildProxyPlan(base)
    expect(plan.env).toEqual({ TYPE: 'VELOCITY', JVM_OPTS: '-Dmojang.sessionserver=http://session-1:8080/session/minecraft/hasJoined' })
    expect(plan.contents.map((c) => c.target).sort()).toEqual(['/config/forwarding.secret', '/config/velocity.toml'])
    expect(plan.command).toBeUndefined()
  })

  it('the stand-in reads the same env: Velocity from JVM_OPTS, BungeeCord from its own variable', () => {
    const velocity = buildProxyPlan({ ...base, image: 'local', version: '1.20.4' })
    expect(velocity.command).toEqual(['proxy'])
    expect(parseProxyEnv(velocity.env)).toEqual({ type: 'velocity', sessionServer: 'http://session-1:8080', version: '1.20.4' })
    const bungee = buildProxyPlan({ ...base, image: 'local', type: 'bungeecord', forwarding: 'legacy' })
    expect(parseProxyEnv(bungee.env)).toEqual({ type: 'bungeecord', sessionServer: 'http://session-1:8080', version: 'latest' })
  })

  it('real BungeeCord in online mode cannot use the mock: refused on itzg, said by realProxyProblem', () => {
    expect(realProxyProblem({ type: 'bungeecord', online: true })).toMatch(/asks Mojang's session server, hard-coded/)
    expect(realProxyProblem({ type: 'velocity', online: true })).toBeUndefined()
    expect(realProxyProblem({ type: 'waterfall', online: false })).toBeUndefined()
    expect(() => buildProxyPlan({ ...base, type: 'bungeecord', forwarding: 'legacy' })).toThrow(/hard-coded/)
  })

  it("refuses an unknown TYPE with itzg's words, and a Velocity session server that is not a hasJoined URL", () => {
    expect(() => parseProxyEnv({ TYPE: 'SPONGE' })).toThrow("ERROR: Invalid type: 'SPONGE'")
    expect(parseProxyEnv({}).type).toBe('bungeecord')
    expect(() => parseProxyEnv({ TYPE: 'VELOCITY', JVM_OPTS: '-Dmojang.sessionserver=http://mock:8080' })).toThrow(/whole hasJoined URL/)
  })
})
