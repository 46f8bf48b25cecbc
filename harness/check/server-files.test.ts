import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { offlineUuid } from '../uuid.ts'
import { guardRulesOf, HOST_AUTHME_DEFAULTS, loadAuthMeConfig, loadListFile, loadServerFiles, parseWhitelistNames } from './server-files.ts'
import { findUuidMismatches, mismatchWarning } from './uuid-mismatch.ts'

async function file(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mclh-files-'))
  const f = path.join(dir, name)
  await writeFile(f, content)
  return f
}

describe("a server's files", () => {
  it('reads a vanilla whitelist.json with its UUIDs', async () => {
    expect(await loadListFile('whitelist', 'fixtures/properties/whitelist.json')).toEqual([
      { uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5', name: 'Notch' },
      { uuid: '853c80ef-3c37-49fd-aa49-938b674adae6', name: 'jeb_' },
    ])
  })

  it('names the file, entry and field of a bad entry, and shows the format', async () => {
    const f = await file(
      'whitelist.json',
      '[{"uuid": "069a79f4-44e9-4726-a5be-fca90e38aaf5", "name": "Notch"}, {"uuid": "nope", "name": "jeb_"}]',
    )
    await expect(loadListFile('whitelist', f)).rejects.toThrow(
      `${f} entry 2 › uuid: a UUID: 32 hex digits, dashes optional; whitelist.json looks like`,
    )
    const ban = await file(
      'banned-players.json',
      '[{"uuid": "069a79f4-44e9-4726-a5be-fca90e38aaf5", "name": "Notch", "expires": "next week"}]',
    )
    await expect(loadListFile('bannedPlayers', ban)).rejects.toThrow(
      `${ban} entry 1 › expires: a date like "2030-01-31 12:00:00 +0000" or "forever"`,
    )
  })

  it('says when a file is missing or not JSON; an empty file is an empty list', async () => {
    await expect(loadListFile('ops', '/nonexistent/ops.json')).rejects.toThrow(
      '/nonexistent/ops.json: cannot read the ops.json file (ENOENT)',
    )
    await expect(loadListFile('whitelist', await file('whitelist.json', 'Notch\n'))).rejects.toThrow('not valid JSON')
    expect(await loadListFile('ops', await file('ops.json', ''))).toEqual([])
  })

  it('reads a server folder: absent lists are empty, a per-file flag wins, AuthMe config found in plugins/', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-dir-'))
    await writeFile(path.join(dir, 'server.properties'), 'online-mode=true\n')
    await writeFile(
      path.join(dir, 'ops.json'),
      '[{"uuid": "069a79f4-44e9-4726-a5be-fca90e38aaf5", "name": "Notch", "level": 4, "bypassesPlayerLimit": true}]',
    )
    await mkdir(path.join(dir, 'plugins', 'AuthMe'), { recursive: true })
    await writeFile(path.join(dir, 'plugins', 'AuthMe', 'config.yml'), 'settings:\n  restrictions:\n    timeout: 45\n')
    const files = await loadServerFiles({ dir, whitelist: 'fixtures/properties/whitelist.json' })
    expect(files.properties).toBe(path.join(dir, 'server.properties'))
    expect(files.lists!.ops![0]).toMatchObject({ name: 'Notch', bypassesPlayerLimit: true })
    expect(files.lists!.whitelist).toHaveLength(2)
    expect(files.lists!.bannedPlayers).toBeUndefined()
    expect(files.sources.whitelist).toBe('fixtures/properties/whitelist.json')
    expect(files.authme).toEqual({ ...HOST_AUTHME_DEFAULTS, timeoutSeconds: 45 })
    // Without any list file the lists are unknown (not empty).
    expect((await loadServerFiles({ properties: 'fixtures/properties/online.properties' })).lists).toBeUndefined()
    await expect(loadServerFiles({ dir: '/nonexistent/srv' }, '--before-')).rejects.toThrow('--before-dir /nonexistent/srv: no such folder')
  })

  it("reads AuthMe's keys and rejects a wrong type, naming the key", async () => {
    const ok = await file(
      'config.yml',
      'settings:\n  restrictions:\n    timeout: 0\n    kickNonRegistered: true\n    kickOnWrongPassword: false\n',
    )
    expect(await loadAuthMeConfig(ok)).toEqual({
      ...HOST_AUTHME_DEFAULTS,
      timeoutSeconds: 0,
      kickNonRegistered: true,
      kickOnWrongPassword: false,
    })
    // The host's real AntiBot and per-address limits: AuthMe's defaults when left out, its values when set.
    expect(HOST_AUTHME_DEFAULTS).toMatchObject({ antiBot: true, antiBotDelaySeconds: 60, maxRegPerIp: 1, forceSingleSession: true })
    const hardened = await file(
      'config.yml',
      'settings:\n  restrictions:\n    maxRegPerIp: 3\n    ForceSingleSession: false\nProtection:\n  enableAntiBot: false\n  antiBotSensibility: 20\n',
    )
    const read = await loadAuthMeConfig(hardened)
    expect(read).toMatchObject({ maxRegPerIp: 3, forceSingleSession: false, antiBot: false, antiBotSensibility: 20 })
    expect(guardRulesOf(read)).toMatchObject({ maxRegPerIp: 3, forceSingleSession: false, antiBot: false })
    expect(guardRulesOf(HOST_AUTHME_DEFAULTS)).toMatchObject({
      maxRegPerIp: 1,
      antiBot: { delaySeconds: 60, intervalSeconds: 5, sensibility: 10, durationMinutes: 10 },
    })
    await expect(loadAuthMeConfig(await file('config.yml', 'settings:\n  restrictions:\n    maxRegPerIp: -1\n'))).rejects.toThrow(
      'settings.restrictions.maxRegPerIp is -1; AuthMe takes a whole number (0 = no limit) up to 1000',
    )
    const bad = await file('config.yml', 'settings:\n  restrictions:\n    timeout: soon\n')
    await expect(loadAuthMeConfig(bad)).rejects.toThrow(
      `${bad}: settings.restrictions.timeout is "soon"; AuthMe takes whole seconds (0 = never kick)`,
    )
    await expect(loadAuthMeConfig(await file('config.yml', 'settings: [\n'))).rejects.toThrow('not valid YAML')
  })

  it('parses --whitelist-names and rejects a bad name', () => {
    expect(parseWhitelistNames('Alice, jeb_,')).toEqual(['Alice', 'jeb_'])
    expect(() => parseWhitelistNames('Alice,Bob Smith')).toThrow('--whitelist-names: "Bob Smith" is not a Minecraft name')
  })
})

describe('UUID mismatches', () => {
  const online = { uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5', name: 'Notch' }
  const offline = { uuid: offlineUuid('Notch'), name: 'Notch' }

  it('flags offline UUIDs on an online server and any other UUID on an offline one, per file', () => {
    expect(findUuidMismatches({ whitelist: [online, offline] }, true).map((m) => [m.file, m.listed])).toEqual([
      ['whitelist.json', offline.uuid],
    ])
    expect(findUuidMismatches({ whitelist: [online, offline], bannedPlayers: [online] }, false).map((m) => m.file)).toEqual([
      'whitelist.json',
      'banned-players.json',
    ])
    expect(findUuidMismatches(undefined, true)).toEqual([])
  })

  it('says who, what happens and what to run', () => {
    const [ban] = findUuidMismatches({ bannedPlayers: [online] }, false)
    expect(mismatchWarning(ban!)).toBe(
      `banned-players.json: Notch is listed with ${online.uuid}, but with online-mode=false they join as ${offline.uuid} (the offline UUID of "Notch") and are NOT banned: the ban names a UUID they do not have. Fix: with online-mode=false run "pardon Notch" then "ban Notch", or set that entry's "uuid" to "${offline.uuid}"`,
    )
  })
})
