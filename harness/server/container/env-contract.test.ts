import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../../errors.ts'
import { latestVersion } from '../../versions.ts'
import { buildContainerPlan } from './container-config.ts'
import { formatJvmDdOpts, mergeServerProperties, parseJvmDdOpts, parseLocalImageEnv, usesPlugins } from './env-contract.ts'

describe('JVM_DD_OPTS', () => {
  it("formats name:value items that survive itzg's first-colon substitution", () => {
    const s = formatJvmDdOpts({ 'minecraft.api.session.host': 'http://session:8080', 'minecraft.api.env': 'custom' })
    expect(s).toBe('minecraft.api.session.host:http://session:8080 minecraft.api.env:custom')
    // What itzg's start-finalExec does: for dopt in $JVM_DD_OPTS; -D${dopt/:/=}
    const flags = s.split(/\s+/).map((d) => `-D${d.replace(':', '=')}`)
    expect(flags).toEqual(['-Dminecraft.api.session.host=http://session:8080', '-Dminecraft.api.env=custom'])
  })

  it('parses like itzg: space separated, the first ":" becomes "=", Java splits at the first "="', () => {
    const m = parseJvmDdOpts('a.b:http://x:1  c.d=http://y:2\te.f flag.g:')
    // c.d=http://y:2 is mangled exactly as on itzg (its first ":" is the URL's): name:value is the safe spelling.
    expect(Object.fromEntries(m)).toEqual({ 'a.b': 'http://x:1', 'c.d': 'http=//y:2', 'e.f': '', 'flag.g': '' })
    // itzg replaces the first ":" anywhere: a=b:c -> -Da=b=c, which Java reads as a = "b=c".
    expect(parseJvmDdOpts('a=b:c').get('a')).toBe('b=c')
  })

  it('refuses what itzg would silently turn into a wrong property', () => {
    expect(() => parseJvmDdOpts('=oops')).toThrow(/name:value/)
    // itzg prefixes -D itself: -D-Dx=y
    expect(() => parseJvmDdOpts('-Dx=y')).toThrow(/adds -D itself.*x:y/)
    // commas are not separators on itzg: the second item would become part of the first value
    expect(() => parseJvmDdOpts('a.b:http://x:1,c.d:http://y:2')).toThrow(/spaces only/)
  })

  it('refuses a value itzg would split', () => {
    expect(() => formatJvmDdOpts({ a: 'x y' })).toThrow(HarnessInputError)
  })
})

describe('parseLocalImageEnv', () => {
  it('reads a premium 1.20.4 Paper request', () => {
    const { requestedType, config } = parseLocalImageEnv({
      TYPE: 'paper',
      VERSION: '1.20.4',
      ONLINE_MODE: 'TRUE',
      JVM_DD_OPTS: 'minecraft.api.session.host:http://session:8080/ minecraft.api.env:custom',
      ENFORCE_SECURE_PROFILE: 'false',
      PREVENT_PROXY_CONNECTIONS: 'true',
      MAX_PLAYERS: '5',
    })
    expect(requestedType).toBe('PAPER')
    expect(config).toMatchObject({
      auth: 'premium',
      version: '1.20.4',
      host: '0.0.0.0',
      port: 25565,
      sessionServer: 'http://session:8080',
      properties: { onlineMode: true, enforceSecureProfile: false, preventProxyConnections: true, maxPlayers: 5 },
    })
  })

  it('maps LATEST and defaults', () => {
    const { requestedType, config } = parseLocalImageEnv({ ONLINE_MODE: 'false' })
    expect(requestedType).toBe('VANILLA')
    expect(config.version).toBe(latestVersion())
    expect(config.auth).toBe('cracked')
    expect(config.sessionServer).toBeUndefined()
  })

  it('turns the whitelist on when names are given', () => {
    const { config } = parseLocalImageEnv({ ONLINE_MODE: 'FALSE', WHITELIST: 'Alice, Bob\nCarol' })
    expect(config.whitelist).toEqual(['Alice', 'Bob', 'Carol'])
    expect(config.properties?.whiteList).toBe(true)
    const off = parseLocalImageEnv({ ONLINE_MODE: 'FALSE', ENABLE_WHITELIST: 'false' })
    expect(off.config.properties?.whiteList).toBe(false)
  })

  it('WHITELIST or ENABLE_WHITELIST=TRUE forces white-list and enforce-whitelist on (itzg start-setupServerProperties)', () => {
    for (const env of [
      { ONLINE_MODE: 'FALSE', WHITELIST: 'Alice', ENABLE_WHITELIST: 'false', ENFORCE_WHITELIST: 'false' },
      { ONLINE_MODE: 'FALSE', ENABLE_WHITELIST: 'true', ENFORCE_WHITELIST: 'false' },
      { ONLINE_MODE: 'FALSE', WHITELIST: 'Alice', CUSTOM_SERVER_PROPERTIES: 'white-list=false\nenforce-whitelist=false' },
    ]) {
      const { config, serverProperties } = parseLocalImageEnv(env)
      expect(config.properties, JSON.stringify(env)).toMatchObject({ whiteList: true, enforceWhitelist: true })
      expect(serverProperties.get('white-list')).toBe('true')
      expect(serverProperties.get('enforce-whitelist')).toBe('true')
    }
  })

  it('WHITELIST UUIDs go to whitelist.json entries; bare names on an online-mode server are refused', () => {
    const uuid = '0f3a9b2c-1111-3222-8333-444455556666'
    const { config } = parseLocalImageEnv({ ONLINE_MODE: 'TRUE', JVM_DD_OPTS: 'minecraft.api.session.host:http://s:1', WHITELIST: uuid })
    expect(config.lists?.whitelist).toEqual([{ uuid, name: '' }])
    expect(config.whitelist).toBeUndefined()
    expect(() =>
      parseLocalImageEnv({ ONLINE_MODE: 'TRUE', JVM_DD_OPTS: 'minecraft.api.session.host:http://s:1', WHITELIST: 'Alice' }),
    ).toThrow(/WHITELIST: Alice is a name.*resolves names at Mojang.*UUIDs/)
  })

  it('CUSTOM_SERVER_PROPERTIES: newline separated key=value, applied after the named variables', () => {
    const { config, serverProperties } = parseLocalImageEnv({
      ONLINE_MODE: 'FALSE',
      MAX_PLAYERS: '5',
      CUSTOM_SERVER_PROPERTIES: 'motd=Hello world\n\nmax-players=7\nprevent-proxy-connections=true',
    })
    expect(config.properties).toMatchObject({ maxPlayers: 7, preventProxyConnections: true })
    expect(Object.fromEntries(serverProperties)).toMatchObject({ motd: 'Hello world', 'max-players': '7', 'online-mode': 'false' })
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'FALSE', CUSTOM_SERVER_PROPERTIES: 'motd' })).toThrow(
      /CUSTOM_SERVER_PROPERTIES: line 1 "motd" is not key=value/,
    )
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'FALSE', CUSTOM_SERVER_PROPERTIES: 'online-mode=true' })).toThrow(
      /contradicts ONLINE_MODE/,
    )
  })

  it('MEMORY is accepted as a heap size; EULA must be TRUE when given', () => {
    expect(parseLocalImageEnv({ ONLINE_MODE: 'FALSE', MEMORY: '1G' }).memory).toBe('1G')
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'FALSE', MEMORY: 'lots' })).toThrow(/MEMORY: "lots" is not a JVM heap size/)
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'FALSE', EULA: 'FALSE' })).toThrow(/EULA=TRUE/)
  })

  it('reads the guarded configuration', () => {
    const { config } = parseLocalImageEnv({
      ONLINE_MODE: 'FALSE',
      AUTH_GUARD: 'authme',
      AUTH_GUARD_TIMEOUT_MS: '5000',
      AUTH_GUARD_REGISTERED: '{"Alice":"pw"}',
      SERVER_PORT: '25570',
    })
    expect(config.auth).toBe('guarded')
    expect(config.guard).toEqual({ kind: 'authme', timeoutMs: 5000, registered: { Alice: 'pw' } })
    expect(config.port).toBe(25570)
  })

  it('says which variable is wrong and how to fix it', () => {
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'TRUE' })).toThrow(/minecraft\.api\.session\.host/)
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'maybe' })).toThrow(/ONLINE_MODE.*TRUE or FALSE/)
    expect(() => parseLocalImageEnv({ TYPE: 'NOPE', ONLINE_MODE: 'false' })).toThrow(/TYPE: unknown server type/)
    expect(() => parseLocalImageEnv({ VERSION: '0.1', ONLINE_MODE: 'false' })).toThrow(/VERSION/)
    expect(() =>
      parseLocalImageEnv({ ONLINE_MODE: 'true', AUTH_GUARD: 'authme', JVM_DD_OPTS: 'minecraft.api.session.host:http://s:1' }),
    ).toThrow(/ONLINE_MODE=FALSE/)
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'false', MAX_PLAYERS: '-1' })).toThrow(/MAX_PLAYERS/)
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'false', AUTH_GUARD: 'authme', AUTH_GUARD_REGISTERED: '[1]' })).toThrow(
      /AUTH_GUARD_REGISTERED/,
    )
  })
})

describe('server.properties and plugin types', () => {
  it('merges values in place and appends new keys, keeping other lines (itzg set-properties)', () => {
    const text = '#Minecraft server properties\nmotd=old\nonline-mode=true\nlevel-name=world\n'
    expect(
      mergeServerProperties(
        text,
        new Map([
          ['online-mode', 'false'],
          ['white-list', 'true'],
        ]),
      ),
    ).toBe('#Minecraft server properties\nmotd=old\nonline-mode=false\nlevel-name=world\nwhite-list=true\n')
  })

  it("loads plugins for itzg's FAMILY=SPIGOT and HYBRID types only (scripts/start-utils usesPlugins)", () => {
    expect(['PAPER', 'SPIGOT', 'BUKKIT', 'PURPUR', 'FOLIA', 'PUFFERFISH', 'LEAF', 'CANYON'].every((t) => usesPlugins(t as never))).toBe(
      true,
    )
    expect(['MAGMA', 'MOHIST', 'ARCLIGHT', 'KETTING'].every((t) => usesPlugins(t as never))).toBe(true)
    expect(['VANILLA', 'FABRIC', 'QUILT', 'FORGE', 'NEOFORGE', 'SPONGEVANILLA', 'LIMBO'].some((t) => usesPlugins(t as never))).toBe(false)
  })

  it("the container plan asks the same rule: a mod loader's TYPE gets no Bukkit plugin, on itzg or the local image", () => {
    for (const type of ['FABRIC', 'QUILT', 'FORGE', 'NEOFORGE'] as const) {
      expect(() =>
        buildContainerPlan({ image: 'itzg', type, auth: 'cracked', version: '1.20.4', plugins: ['https://example.invalid/Plugin.jar'] }),
      ).toThrow(`withPlugins: TYPE ${type} loads no plugins`)
      expect(() =>
        buildContainerPlan({
          image: 'local',
          type,
          auth: 'cracked',
          version: '1.20.4',
          plugins: [import.meta.filename.replace(/\.ts$/, '.jar')],
        }),
      ).toThrow(`withPlugins: TYPE ${type} loads no plugins`)
    }
  })
})
