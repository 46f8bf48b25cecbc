import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../../errors.ts'
import { latestVersion } from '../../versions.ts'
import { formatJvmDdOpts, parseJvmDdOpts, parseLocalImageEnv } from './env-contract.ts'

describe('JVM_DD_OPTS', () => {
  it('formats name:value items that survive itzg\'s first-colon substitution', () => {
    const s = formatJvmDdOpts({ 'minecraft.api.session.host': 'http://session:8080', 'minecraft.api.env': 'custom' })
    expect(s).toBe('minecraft.api.session.host:http://session:8080 minecraft.api.env:custom')
    // What itzg's start-finalExec does: for dopt in $JVM_DD_OPTS; -D${dopt/:/=}
    const flags = s.split(/\s+/).map((d) => `-D${d.replace(':', '=')}`)
    expect(flags).toEqual(['-Dminecraft.api.session.host=http://session:8080', '-Dminecraft.api.env=custom'])
  })

  it('parses both spellings, separated by spaces or commas', () => {
    const m = parseJvmDdOpts('a.b=http://x:1,c.d:http://y:2  -De.f=g')
    expect(Object.fromEntries(m)).toEqual({ 'a.b': 'http://x:1', 'c.d': 'http://y:2', 'e.f': 'g' })
  })

  it('rejects an item without a name', () => {
    expect(() => parseJvmDdOpts('=oops')).toThrow(/name:value/)
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
    const off = parseLocalImageEnv({ ONLINE_MODE: 'FALSE', WHITELIST: 'Alice', ENABLE_WHITELIST: 'false' })
    expect(off.config.properties?.whiteList).toBe(false)
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
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'true', AUTH_GUARD: 'authme', JVM_DD_OPTS: 'minecraft.api.session.host:http://s:1' })).toThrow(/ONLINE_MODE=FALSE/)
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'false', MAX_PLAYERS: '-1' })).toThrow(/MAX_PLAYERS/)
    expect(() => parseLocalImageEnv({ ONLINE_MODE: 'false', AUTH_GUARD: 'authme', AUTH_GUARD_REGISTERED: '[1]' })).toThrow(/AUTH_GUARD_REGISTERED/)
  })
})
