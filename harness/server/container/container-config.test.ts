import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  AUTHLIB_INJECTOR_TARGET,
  authlibGeneration,
  buildContainerPlan,
  configFileTarget,
  containerVersion,
  itzgImageFor,
  javaOfItzgImage,
  platformOf,
  serverSeenUuid,
  type ContainerServerSpec,
} from './container-config.ts'
import { premiumUuid } from '../../session/accounts.ts'
import { latestVersion } from '../../versions.ts'
import { offlineUuid, toDashedUuid } from '../../uuid.ts'
import { parseJvmDdOpts, parseLocalImageEnv } from './env-contract.ts'
import { parseServerProperties } from '../../input/server-properties.ts'

const MOCK = 'http://session:8080'

function itzgPremium(version: string, extra: Partial<ContainerServerSpec> = {}) {
  return buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'premium', version, sessionServer: MOCK, ...extra })
}

/** What the JVM ends up with: itzg's expansion of JVM_DD_OPTS (-D${dopt/:/=}) plus JVM_OPTS. */
function jvmFlags(env: Record<string, string>): string[] {
  const dd = (env.JVM_DD_OPTS ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((d) => `-D${d.replace(':', '=')}`)
  return [...(env.JVM_OPTS ?? '').split(/\s+/).filter(Boolean), ...dd]
}

/** The property set each generation needs in full (authlib reads one host property per service, and which ones changed by generation). */
const REQUIRED: Record<string, string[]> = {
  'auth-account-session': ['minecraft.api.auth.host', 'minecraft.api.account.host', 'minecraft.api.session.host'],
  'session-services-profiles': ['minecraft.api.session.host', 'minecraft.api.services.host', 'minecraft.api.profiles.host'],
  'discovery-or-env': ['minecraft.api.env'],
}

describe('authlib redirect per generation (itzg)', () => {
  const cases: [string, string][] = [
    ['1.12.2', 'authlib-injector'],
    ['1.16.5', 'auth-account-session'],
    ['1.20.1', 'auth-account-session'],
    ['1.20.4', 'session-services-profiles'],
    ['1.21.4', 'session-services-profiles'],
    ['1.21.11', 'session-services-profiles'],
    ['26.1', 'session-services-profiles'],
    ['26.3', 'discovery-or-env'],
  ]
  for (const [version, generation] of cases) {
    it(`${version}: ${generation}`, () => {
      expect(authlibGeneration(version)).toBe(generation)
      const plan = itzgPremium(version, version === '1.12.2' ? { authlibInjectorJar: '/ci/authlib-injector.jar' } : {})
      expect(plan.env.ONLINE_MODE).toBe('TRUE')
      expect(plan.env.VERSION).toBe(version)
      const flags = jvmFlags(plan.env)
      if (generation === 'authlib-injector') {
        expect(flags).toContain(`-javaagent:${AUTHLIB_INJECTOR_TARGET}=${MOCK}`)
        expect(plan.files).toContainEqual({ source: '/ci/authlib-injector.jar', target: AUTHLIB_INJECTOR_TARGET })
      } else {
        expect(plan.env.JVM_OPTS).toBeUndefined()
        for (const name of REQUIRED[generation]!) {
          const value = name === 'minecraft.api.env' ? 'custom' : MOCK
          expect(flags).toContain(`-D${name}=${value}`)
        }
      }
      // Every generation's set is present whatever the version, so a wrong boundary cannot leak to Mojang.
      for (const set of Object.values(REQUIRED)) for (const name of set) expect(flags.some((f) => f.startsWith(`-D${name}=`))).toBe(true)
    })
  }

  it('refuses 1.15 and older without an authlib-injector jar, saying where to get one', () => {
    expect(() => itzgPremium('1.12.2')).toThrow(/authlib-injector/)
    expect(() => itzgPremium('1.8.8')).toThrow(/withAuthlibInjector/)
  })

  it('refuses premium without a session server', () => {
    expect(() => buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'premium', version: '1.20.4' })).toThrow(/withSessionServer/)
  })
})

describe('secure profiles on real servers: the services host authlib reads for /publickeys is the mock', () => {
  // authlib builds its services URLs (/publickeys, /player/certificates) on minecraft.api.services.host;
  // every secure-profile version of the built-in scenarios gets it pointed at the mock.
  for (const version of ['1.19', '1.19.2', '1.19.4', '1.20.4', latestVersion()]) {
    it(`${version}: -Dminecraft.api.services.host=<mock>, no authlib-injector unless asked`, () => {
      const flags = jvmFlags(itzgPremium(version).env)
      expect(flags).toContain(`-Dminecraft.api.services.host=${MOCK}`)
      expect(flags).toContain(`-Dminecraft.api.session.host=${MOCK}`)
      expect(flags.some((f) => f.startsWith('-javaagent:'))).toBe(false)
    })
  }

  it('with withAuthlibInjector on a 1.19 server the agent points at the mock too (it answers /minecraftservices/publickeys)', () => {
    const plan = itzgPremium('1.19', { authlibInjectorJar: '/ci/authlib-injector.jar' })
    const flags = jvmFlags(plan.env)
    expect(flags).toContain(`-javaagent:${AUTHLIB_INJECTOR_TARGET}=${MOCK}`)
    expect(flags).toContain(`-Dminecraft.api.services.host=${MOCK}`)
  })

  it('the local image gets the same flags (the stand-in reads its mock from them)', () => {
    const plan = buildContainerPlan({ image: 'local', type: 'VANILLA', auth: 'premium', version: '1.19.4', sessionServer: MOCK })
    expect(parseJvmDdOpts(plan.env.JVM_DD_OPTS).get('minecraft.api.services.host')).toBe(MOCK)
  })
})

describe('itzg plan', () => {
  it('cracked Paper with a whitelist, plugins and throttle off', () => {
    const plan = buildContainerPlan({
      image: 'itzg',
      type: 'PAPER',
      auth: 'cracked',
      version: 'latest',
      whitelist: ['Alice', 'Bob'],
      properties: { maxPlayers: 3, enforceSecureProfile: false },
      plugins: ['https://example.invalid/Foo.jar', 'modrinth:luckperms', 'spiget:123', '/work/build/libs/my-plugin.jar'],
    })
    expect(plan.env).toMatchObject({
      EULA: 'TRUE',
      TYPE: 'PAPER',
      // The newest version the bots speak, never itzg's own LATEST.
      VERSION: latestVersion(),
      ONLINE_MODE: 'FALSE',
      // UUIDs the offline-mode server will see, never names (itzg would resolve names at Mojang).
      WHITELIST: `${offlineUuid('Alice')},${offlineUuid('Bob')}`,
      ENABLE_WHITELIST: 'TRUE',
      MEMORY: '1G',
      MAX_PLAYERS: '3',
      ENFORCE_SECURE_PROFILE: 'FALSE',
      PLUGINS: 'https://example.invalid/Foo.jar',
      MODRINTH_PROJECTS: 'luckperms',
      SPIGET_RESOURCES: '123',
    })
    expect(plan.env.JVM_DD_OPTS).toBeUndefined()
    expect(plan.files).toContainEqual({ source: '/work/build/libs/my-plugin.jar', target: '/plugins/my-plugin.jar' })
    // Into /data itself only as an archive owned by uid 1000 (plan.owned), never as a root-owned copy.
    expect(plan.owned).toContainEqual({ content: 'settings:\n  connection-throttle: -1\n', target: '/data/bukkit.yml' })
    expect([...plan.files, ...plan.contents].filter((f) => f.target.startsWith('/data/'))).toEqual([])
    expect(plan.containerPort).toBe(25565)
  })

  it('guarded needs the AuthMe jar and writes its config', () => {
    expect(() => buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'guarded', version: '1.20.4' })).toThrow(/AuthMe jar/)
    expect(() =>
      buildContainerPlan({ image: 'itzg', type: 'VANILLA', auth: 'guarded', version: '1.20.4', plugins: ['./AuthMe.jar'] }),
    ).toThrow(/TYPE VANILLA/)
    const plan = buildContainerPlan({
      image: 'itzg',
      type: 'PAPER',
      auth: 'guarded',
      version: '1.20.4',
      guard: { kind: 'authme', timeoutMs: 5000 },
      plugins: ['./libs/AuthMe-5.6.0.jar'],
    })
    // Through itzg's /plugins sync folder, so it lands in /data/plugins owned by uid 1000.
    const authme = plan.contents.find((c) => c.target === '/plugins/AuthMe/config.yml')
    expect(authme?.content).toContain('timeout: 5')
    expect(plan.env.ONLINE_MODE).toBe('FALSE')
  })

  it('rejects contradictions and odd plugin sources', () => {
    expect(() =>
      buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'cracked', version: '1.20.4', properties: { onlineMode: true } }),
    ).toThrow(/contradicts/)
    expect(() => buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'cracked', version: '1.20.4', plugins: ['foo'] })).toThrow(
      /neither/,
    )
    expect(() => buildContainerPlan({ image: 'itzg', type: 'VANILLA', auth: 'cracked', version: '1.20.4', plugins: ['x.jar'] })).toThrow(
      /loads no plugins/,
    )
    expect(() => buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'cracked', version: '1.20.4', whitelist: ['a b'] })).toThrow(
      /withWhitelist/,
    )
  })
})

describe('local image plan round-trips through the env contract', () => {
  it('premium', () => {
    const plan = buildContainerPlan({
      image: 'local',
      type: 'PAPER',
      auth: 'premium',
      version: '1.20.4',
      sessionServer: MOCK,
      whitelist: ['Alice'],
    })
    expect(parseJvmDdOpts(plan.env.JVM_DD_OPTS).get('minecraft.api.session.host')).toBe(MOCK)
    const { config, requestedType } = parseLocalImageEnv(plan.env)
    expect(requestedType).toBe('PAPER')
    // Alice as the mock's premium UUID: the id the server gets from hasJoined.
    expect(config).toMatchObject({
      auth: 'premium',
      version: '1.20.4',
      sessionServer: MOCK,
      lists: { whitelist: [{ uuid: toDashedUuid(premiumUuid('Alice')) }] },
    })
  })

  it('1.8.8 premium needs no agent on the local image', () => {
    const plan = buildContainerPlan({ image: 'local', type: 'VANILLA', auth: 'premium', version: '1.8.8', sessionServer: MOCK })
    expect(plan.env.JVM_OPTS).toBeUndefined()
    expect(parseLocalImageEnv(plan.env).config.sessionServer).toBe(MOCK)
  })

  it('guarded', () => {
    const plan = buildContainerPlan({
      image: 'local',
      type: 'PAPER',
      auth: 'guarded',
      version: '1.8.8',
      guard: { kind: 'authme', timeoutMs: 4000, registered: { Bob: 'hunter2' } },
      plugins: ['./AuthMe.jar'],
    })
    expect(parseLocalImageEnv(plan.env).config).toMatchObject({ auth: 'guarded', guard: { kind: 'authme', timeoutMs: 4000 } })
    // Registered through the game once the server is up, as on itzg; the image is not told.
    expect(parseLocalImageEnv(plan.env).config.guard?.registered).toBeUndefined()
    expect(plan.registerInGame).toEqual({ Bob: 'hunter2' })
    // Behind kickNonRegistered nobody unregistered gets in to /register: only there the stand-in seeds them.
    const seeded = buildContainerPlan({
      image: 'local',
      type: 'PAPER',
      auth: 'guarded',
      version: '1.8.8',
      guard: { kind: 'authme', kickNonRegistered: true, registered: { Bob: 'hunter2' } },
    })
    expect(seeded.registerInGame).toBeUndefined()
    expect(parseLocalImageEnv(seeded.env).config.guard?.registered).toEqual({ Bob: 'hunter2' })
    // Local jars go through /plugins like on itzg; downloads cannot happen on the local image.
    expect(
      buildContainerPlan({ image: 'local', type: 'PAPER', auth: 'cracked', version: '1.8.8', plugins: ['./Other.jar'] }).files,
    ).toEqual([{ source: './Other.jar', target: '/plugins/Other.jar' }])
    expect(() =>
      buildContainerPlan({ image: 'local', type: 'PAPER', auth: 'cracked', version: '1.8.8', plugins: ['modrinth:luckperms'] }),
    ).toThrow(/downloads nothing/)
  })
})

describe('feeding itzg', () => {
  it('picks the Java tag per version', () => {
    expect(itzgImageFor('1.8.8')).toBe('itzg/minecraft-server:java8')
    expect(itzgImageFor('1.16.5')).toBe('itzg/minecraft-server:java8')
    expect(itzgImageFor('1.17')).toBe('itzg/minecraft-server:java17')
    expect(itzgImageFor('1.20.4')).toBe('itzg/minecraft-server:java17')
    expect(itzgImageFor('1.20.5')).toBe('itzg/minecraft-server:java21')
    expect(itzgImageFor('1.21.11')).toBe('itzg/minecraft-server:java21')
    expect(itzgImageFor('26.1')).toBe('itzg/minecraft-server:latest')
    expect(itzgImageFor('latest')).toBe('itzg/minecraft-server:latest')
    expect(containerVersion('latest')).toBe(latestVersion())
    expect(containerVersion('1.20.4')).toBe('1.20.4')
    // itzg/docker-minecraft-server's build.yml: latest is the java25 variant.
    expect(['java8', 'java17', 'java21', 'latest'].map((t) => javaOfItzgImage(`itzg/minecraft-server:${t}`))).toEqual([8, 17, 21, 25])
    expect(javaOfItzgImage('itzg/minecraft-server:java21-alpine')).toBe(21)
    expect(javaOfItzgImage('my/own-image:1')).toBeUndefined()
  })

  it('sends whitelist UUIDs the server will see, and UUIDs as given', () => {
    expect(serverSeenUuid('Alice', true)).toBe(toDashedUuid(premiumUuid('Alice')))
    expect(serverSeenUuid('Alice', false)).toBe(offlineUuid('Alice'))
    const uuid = '0f3a9b2c11113222833344445555666a'
    const plan = buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'cracked', version: '1.20.4', whitelist: [uuid] })
    expect(plan.env.WHITELIST).toBe(toDashedUuid(uuid))
  })

  it('server.properties through env: other keys of a file become CUSTOM_SERVER_PROPERTIES', () => {
    const custom = parseServerProperties('#x\nonline-mode=false\nmotd=Hi there\nview-distance=4\n').others
    expect(custom).toEqual({ motd: 'Hi there', 'view-distance': '4' })
    const plan = buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'cracked', version: '1.20.4', customProperties: custom })
    expect(plan.env.CUSTOM_SERVER_PROPERTIES).toBe('motd=Hi there\nview-distance=4')
    expect(parseLocalImageEnv(plan.env).serverProperties.get('motd')).toBe('Hi there')
  })

  it('accepts-transfers goes through CUSTOM_SERVER_PROPERTIES, and the local image reads it back', () => {
    const plan = buildContainerPlan({
      image: 'itzg',
      type: 'VANILLA',
      auth: 'cracked',
      version: '1.20.6',
      properties: { acceptsTransfers: true },
    })
    expect(plan.env.CUSTOM_SERVER_PROPERTIES).toBe('accepts-transfers=true')
    expect(parseLocalImageEnv(plan.env).config.properties?.acceptsTransfers).toBe(true)
  })

  it('config files go through /config and /plugins, top-level files into /data owned by 1000', () => {
    expect(configFileTarget('AuthMe/config.yml')).toEqual({ target: '/plugins/AuthMe/config.yml', owned: false })
    expect(configFileTarget('plugins/AuthMe/config.yml')).toEqual({ target: '/plugins/AuthMe/config.yml', owned: false })
    expect(configFileTarget('config/paper-global.yml')).toEqual({ target: '/config/paper-global.yml', owned: false })
    expect(configFileTarget('spigot.yml')).toEqual({ target: '/data/spigot.yml', owned: true })
    expect(() => configFileTarget('server.properties')).toThrow(/through env/)
    expect(() => configFileTarget('../etc/passwd')).toThrow(/relative path/)
    const plan = buildContainerPlan({
      image: 'itzg',
      type: 'VANILLA',
      auth: 'cracked',
      version: '1.20.4',
      configFiles: { 'spigot.yml': './s.yml', 'AuthMe/config.yml': './a.yml' },
    })
    expect(plan.owned).toEqual([{ source: './s.yml', target: '/data/spigot.yml' }])
    expect(plan.files).toContainEqual({ source: './a.yml', target: '/plugins/AuthMe/config.yml' })
  })
})

describe("the harness's test set-up for Paper", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-bukkit-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const userBukkit = path.join(dir, 'bukkit.yml')
  fs.writeFileSync(
    userBukkit,
    '# my production settings\nsettings:\n  allow-end: false\n  connection-throttle: 4000\n  shutdown-message: Bye\n',
  )

  for (const image of ['itzg', 'local'] as const) {
    it(`${image}: merges connection-throttle -1 into the user's own bukkit.yml, keeping every other key`, () => {
      const plan = buildContainerPlan({
        image,
        type: 'PAPER',
        auth: 'cracked',
        version: '1.21.4',
        configFiles: { 'bukkit.yml': userBukkit },
      })
      const bukkit = plan.owned.filter((f) => f.target === '/data/bukkit.yml')
      expect(bukkit).toHaveLength(1)
      expect(bukkit[0]!.content).toBe(
        '# my production settings\nsettings:\n  allow-end: false\n  connection-throttle: -1\n  shutdown-message: Bye\n',
      )
    })
  }

  it('keeps the throttle a scenario tests', () => {
    const plan = buildContainerPlan({
      image: 'local',
      type: 'PAPER',
      auth: 'cracked',
      version: '1.21.4',
      connectionThrottleMs: 4000,
      configFiles: { 'bukkit.yml': userBukkit },
    })
    expect(plan.owned.find((f) => f.target === '/data/bukkit.yml')?.content).toMatch(/^ {2}connection-throttle: 4000$/m)
  })

  it('names an unreadable bukkit.yml', () => {
    expect(() =>
      buildContainerPlan({
        image: 'itzg',
        type: 'PAPER',
        auth: 'cracked',
        version: '1.21.4',
        configFiles: { 'bukkit.yml': path.join(dir, 'missing.yml') },
      }),
    ).toThrow(/withConfigFiles: "bukkit.yml": cannot read .*missing\.yml/)
  })

  it('TYPE PAPER plays paper; a platform that contradicts TYPE is refused', () => {
    expect(platformOf({ type: 'PAPER' })).toBe('paper')
    expect(platformOf({ type: 'VANILLA' })).toBe('vanilla')
    expect(() => buildContainerPlan({ image: 'local', type: 'VANILLA', platform: 'paper', auth: 'cracked', version: '1.21.4' })).toThrow(
      /Paper's rules need TYPE PAPER/,
    )
    expect(() => buildContainerPlan({ image: 'local', type: 'PAPER', platform: 'vanilla', auth: 'cracked', version: '1.21.4' })).toThrow(
      /sends Paper's texts/,
    )
  })
})

describe('pre-registered guard players on itzg', () => {
  const spec = (guard: object) => ({
    image: 'itzg' as const,
    type: 'PAPER' as const,
    auth: 'guarded' as const,
    version: '1.20.4',
    plugins: ['./libs/AuthMe-5.6.0.jar'],
    guard: { kind: 'authme' as const, ...guard },
  })

  it("are registered through the game after start, and AuthMe allows more than one registration from the bots' address", () => {
    const plan = buildContainerPlan(spec({ registered: { Steve: 'hunter22', Alice: 'correct-horse' } }))
    expect(plan.registerInGame).toEqual({ Steve: 'hunter22', Alice: 'correct-horse' })
    const config = plan.contents.find((c) => c.target === '/plugins/AuthMe/config.yml')
    expect(config?.content).toMatch(/^ {4}maxRegPerIp: 0$/m)
    expect(buildContainerPlan(spec({})).registerInGame).toBeUndefined()
  })

  it("AuthMe's config turns AntiBot off and allows any number of registrations per address, unless the scenario tests them", () => {
    const yml = (guard: object) => buildContainerPlan(spec(guard)).contents.find((c) => c.target === '/plugins/AuthMe/config.yml')!.content
    const testSetUp = yml({})
    expect(testSetUp).toMatch(/^Protection:\n {2}enableAntiBot: false$/m)
    expect(testSetUp).toMatch(/^ {4}maxRegPerIp: 0$/m)
    expect(testSetUp).toMatch(/^ {4}ForceSingleSession: true$/m)
    const tested = yml({ antiBot: { delaySeconds: 0 }, maxRegPerIp: 1, maxJoinPerIp: 2 })
    expect(tested).toMatch(
      /^ {2}enableAntiBot: true\n {2}antiBotInterval: 5\n {2}antiBotSensibility: 10\n {2}antiBotDuration: 10\n {2}antiBotDelay: 0$/m,
    )
    expect(tested).toMatch(/^ {4}maxRegPerIp: 1$/m)
    expect(tested).toMatch(/^ {4}maxJoinPerIp: 2$/m)
  })

  it("reach the stand-in image's guard through env, and back as the same options", () => {
    const guard = {
      kind: 'authme' as const,
      antiBot: { delaySeconds: 0, sensibility: 3 },
      maxRegPerIp: 1,
      maxLoginPerIp: 2,
      maxJoinPerIp: 3,
      forceSingleSession: false,
    }
    const plan = buildContainerPlan({ image: 'local', type: 'PAPER', auth: 'guarded', version: '1.20.4', guard })
    expect(plan.env).toMatchObject({
      AUTH_GUARD_ANTIBOT: '{"delaySeconds":0,"sensibility":3}',
      AUTH_GUARD_MAX_REG_PER_IP: '1',
      AUTH_GUARD_FORCE_SINGLE_SESSION: 'FALSE',
    })
    expect(parseLocalImageEnv(plan.env).config.guard).toEqual(guard)
    const on = buildContainerPlan({
      image: 'local',
      type: 'PAPER',
      auth: 'guarded',
      version: '1.20.4',
      guard: { kind: 'authme', antiBot: true },
    })
    expect(parseLocalImageEnv(on.env).config.guard).toEqual({ kind: 'authme', antiBot: true })
  })

  it('with kickNonRegistered are refused at the call, saying why and what to do instead', () => {
    expect(() => buildContainerPlan(spec({ kickNonRegistered: true, registered: { Steve: 'hunter22' } }))).toThrow(
      /pre-registered players \(Steve\) are registered through the game with \/register, and kickNonRegistered: true keeps an unregistered player out .*set kickNonRegistered: false/,
    )
  })
})
