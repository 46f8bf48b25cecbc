import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { proxyConfigFiles, readProxyFiles, type ProxyFileSettings } from './proxy-files.ts'

const servers = [
  { name: 'lobby', address: 'backend-a1:25565' },
  { name: 'games', address: 'backend-b2:25565' },
]
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/networks')
const reader = (files: Record<string, string>) => (p: string) => files[p]

describe('proxy config files', () => {
  const cases: ProxyFileSettings[] = [
    { type: 'velocity', forwarding: 'modern', secret: 's3cret', online: true, servers, port: 25577, loginRatelimitMs: 3000 },
    { type: 'velocity', forwarding: 'bungeeguard', secret: 'tok', online: false, servers, port: 25577, loginRatelimitMs: 0 },
    { type: 'bungeecord', forwarding: 'legacy', online: true, servers, port: 25577 },
    { type: 'waterfall', forwarding: 'bungeeguard', secret: 'guard-token', online: true, servers, port: 25577 },
    { type: 'bungeecord', forwarding: 'none', online: false, servers: servers.slice(0, 1), port: 25577 },
  ]
  it.each(cases)('round-trips $type $forwarding: written then read gives the same settings', (settings) => {
    const files = proxyConfigFiles(settings)
    expect(readProxyFiles(settings.type, reader(files))).toEqual(settings)
  })

  it('writes the keys Velocity reads, with an empty forced-hosts table and a secret file in every mode', () => {
    const files = proxyConfigFiles({ type: 'velocity', forwarding: 'none', online: true, servers, port: 25577 })
    expect(files['velocity.toml']).toContain('player-info-forwarding-mode = "none"')
    expect(files['velocity.toml']).toContain('bind = "0.0.0.0:25577"')
    expect(files['velocity.toml']).toMatch(/\[forced-hosts\]/)
    expect(files['forwarding.secret']).toMatch(/^\S{8,}$/)
  })

  it('writes BungeeCord keys and BungeeGuard token.yml', () => {
    const files = proxyConfigFiles({ type: 'bungeecord', forwarding: 'bungeeguard', secret: 't0k', online: true, servers, port: 25577 })
    expect(files['config.yml']).toMatch(/^ip_forward: true$/m)
    expect(files['config.yml']).toMatch(/host: 0\.0\.0\.0:25577/)
    expect(files['plugins/BungeeGuard/token.yml']).toBe('token: t0k\n')
  })

  it('refuses what the stand-in does not play, naming the key', () => {
    const base = proxyConfigFiles({ type: 'velocity', forwarding: 'modern', secret: 's', online: true, servers, port: 25577 })
    const withKey = (extra: string) => reader({ ...base, 'velocity.toml': `${extra}\n${base['velocity.toml']}` })
    expect(() => readProxyFiles('velocity', withKey('haproxy = true'))).toThrow(/velocity.toml: haproxy is not a setting/)
    expect(() => readProxyFiles('velocity', withKey('kick-existing-players = true'))).toThrow(/kick-existing-players = true: the stand-in/)
    expect(() => readProxyFiles('velocity', reader({ 'velocity.toml': base['velocity.toml']! }))).toThrow(
      /The forwarding-secret-file does not exist/,
    )
    expect(() => readProxyFiles('velocity', reader({ ...base, 'forwarding.secret': '' }))).toThrow(/must not be empty/)
    // Velocity's VELOCITY_FORWARDING_SECRET replaces the file (VelocityConfiguration.read).
    const fromEnv = readProxyFiles('velocity', reader({ 'velocity.toml': base['velocity.toml']! }), {
      VELOCITY_FORWARDING_SECRET: 'from-env',
    })
    expect(fromEnv.secret).toBe('from-env')
    const noForced = base['velocity.toml']!.replace(/\[forced-hosts\]\n/, '')
    expect(() => readProxyFiles('velocity', reader({ ...base, 'velocity.toml': noForced }))).toThrow(/forced-hosts names hosts/)
    expect(() => readProxyFiles('bungeecord', reader({}))).toThrow(/config.yml: not in \/config or \/server/)
    // BungeeCord's connection throttle is not played by the embedded proxy: a file that sets it is refused.
    const bungee = proxyConfigFiles({ type: 'bungeecord', forwarding: 'legacy', online: true, servers, port: 25577 })
    expect(() => readProxyFiles('bungeecord', reader({ 'config.yml': `connection_throttle: 4000\n${bungee['config.yml']}` }))).toThrow(
      /config.yml: connection_throttle is not a setting the stand-in proxy knows/,
    )
    expect(() => readProxyFiles('bungeecord', reader({ 'config.yml': `reject_transfers: true\n${bungee['config.yml']}` }))).toThrow(
      /reject_transfers = true: the stand-in proxy plays only the default \(false\)/,
    )
  })
})

describe("a host's own proxy files, read for check", () => {
  const fixture = (network: string) => (p: string) => {
    const file = path.join(FIXTURES, network, 'proxy', p)
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined
  }

  it("Velocity's generated velocity.toml: read, with its forced hosts named as not played (the stand-in refuses them)", () => {
    const settings = readProxyFiles('velocity', fixture('velocity'), {}, 'check')
    expect(settings).toMatchObject({
      type: 'velocity',
      forwarding: 'modern',
      secret: 'nN3tw0rkS3cr3tF0rF1xtur3s',
      online: true,
      port: 25565,
    })
    expect(settings.servers).toEqual([{ name: 'lobby', address: '127.0.0.1:30066' }])
    expect(settings.notPlayed).toEqual([
      'velocity.toml forced-hosts (lobby.example.com, factions.example.com, minigames.example.com): the probes connect without a forced host name',
    ])
    expect(() => readProxyFiles('velocity', fixture('velocity'))).toThrow(/forced-hosts names hosts/)
  })

  it("BungeeCord's config.yml: its throttle and forced hosts named as not played; unknown keys still refused, in check's words", () => {
    const settings = readProxyFiles('bungeecord', fixture('bungeecord'), {}, 'check')
    expect(settings).toMatchObject({ type: 'bungeecord', forwarding: 'legacy', online: true, port: 25577 })
    expect(settings.notPlayed).toHaveLength(3)
    const read = fixture('bungeecord')
    const withUnknown = (p: string) => (p === 'config.yml' ? `haproxy: true\n${read(p)}` : read(p))
    expect(() => readProxyFiles('bungeecord', withUnknown, {}, 'check')).toThrow(
      /config.yml: haproxy is not a setting check knows; check a copy of the folder without the key/,
    )
  })
})
