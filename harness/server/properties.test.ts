import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { loadServerProperties, parseServerProperties, VANILLA_LOGIN_DEFAULTS } from './properties.ts'

const VANILLA_FILE = `#Minecraft server properties
#Sat Nov 28 12:00:00 UTC 2026
enable-jmx-monitoring=false
rcon.port=25575
level-seed=
gamemode=survival
enable-command-block=false
motd=A Minecraft Server
online-mode=false
white-list=true
enforce-whitelist=true
max-players=7
prevent-proxy-connections=true
enforce-secure-profile=false
accepts-transfers=true
server-port=25570
`

describe('parseServerProperties', () => {
  it('reads the login keys of a real file and ignores the other vanilla keys silently', () => {
    const { properties, warnings, explicit } = parseServerProperties(VANILLA_FILE, 'server.properties')
    expect(properties).toEqual({
      onlineMode: false,
      whiteList: true,
      enforceWhitelist: true,
      maxPlayers: 7,
      preventProxyConnections: true,
      enforceSecureProfile: false,
      acceptsTransfers: true,
      serverPort: 25570,
    })
    expect(warnings).toEqual([])
    expect(explicit).toContain('serverPort')
  })

  it('uses vanilla defaults for missing keys', () => {
    expect(parseServerProperties('motd=hi\n').properties).toEqual(VANILLA_LOGIN_DEFAULTS)
    expect(VANILLA_LOGIN_DEFAULTS.onlineMode).toBe(true)
    // DedicatedServerProperties 1.20.5+: accepts-transfers defaults to false.
    expect(VANILLA_LOGIN_DEFAULTS.acceptsTransfers).toBe(false)
  })

  it('accepts-transfers is a login key read like any vanilla boolean (a typo is refused, not read as false)', () => {
    expect(parseServerProperties('accepts-transfers=TRUE\n').properties.acceptsTransfers).toBe(true)
    expect(() => parseServerProperties('accepts-transfers=yes\n', 'a.properties')).toThrow(
      'a.properties:1: accepts-transfers=yes is not allowed; accepts-transfers takes true or false',
    )
  })

  it('reports unknown keys (with a suggestion for typos) and ignores them', () => {
    const { properties, warnings } = parseServerProperties('online_mode=false\nfancy-plugin=1\n', 'my.properties')
    expect(properties.onlineMode).toBe(true)
    expect(warnings).toEqual([
      'my.properties:1: unknown key "online_mode" ignored (did you mean "online-mode"?)',
      'my.properties:2: unknown key "fancy-plugin" ignored (not a vanilla server.properties key)',
    ])
  })

  it('follows java.util.Properties syntax (separators, spaces, comments, continuations)', () => {
    const { properties } = parseServerProperties('! comment\n  max-players : 12\nwhite-list true\nserver-port=25\\\n  566\n')
    expect(properties.maxPlayers).toBe(12)
    expect(properties.whiteList).toBe(true)
    expect(properties.serverPort).toBe(25566)
  })

  it.each([
    ['online-mode=yes', /server\.properties:2: online-mode=yes is not allowed; online-mode takes true or false/],
    ['max-players=-3', /server\.properties:2: max-players=-3 is not allowed; max-players takes a whole number from 0 to 2147483647/],
    ['server-port=70000', /server-port=70000 is not allowed; server-port takes a whole number from 0 to 65535/],
    ['white-list=', /white-list= is not allowed/],
  ])('rejects %s naming file, line, key and the allowed values', (line, message) => {
    expect(() => parseServerProperties(`motd=x\n${line}\n`, 'server.properties')).toThrow(HarnessInputError)
    expect(() => parseServerProperties(`motd=x\n${line}\n`, 'server.properties')).toThrow(message)
  })
})

describe('loadServerProperties', () => {
  it('reads a file and names it in errors', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-props-'))
    try {
      const file = path.join(dir, 'server.properties')
      await writeFile(file, VANILLA_FILE + 'max-players=lots\n')
      await expect(loadServerProperties(file)).rejects.toThrow(`${file}:17: max-players=lots is not allowed`)
      await expect(loadServerProperties(path.join(dir, 'missing.properties'))).rejects.toThrow(/no such file/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('server.properties: hostile files', () => {
  it('a binary file is refused at once, naming it, instead of thousands of warnings', () => {
    const binary =
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]).toString('utf8') + 'a=b\n'.repeat(8000)
    expect(() => parseServerProperties(binary, 'image.png')).toThrow(/image\.png: not a text file \(a NUL byte at character \d+\)/)
  })

  it('200,000 unknown keys: the first 50 listed with hints, then one line, and no per-key spelling work', () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `onlin-mode-${i}=true`).join('\n')
    const long = `${'x'.repeat(100_000)}=1`
    const { warnings } = parseServerProperties(`${long}\n${keys}\n`, 'big.properties')
    expect(warnings).toHaveLength(51)
    expect(warnings[0]).toMatch(/^big\.properties:1: unknown key "x{64}\.\.\." ignored \(not a vanilla/)
    expect(warnings.at(-1)).toBe('big.properties: 199951 more unknown keys ignored (only the first 50 are listed)')
  })
})
