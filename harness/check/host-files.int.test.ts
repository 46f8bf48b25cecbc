import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { offlineUuid } from '../uuid.ts'
import { diffChecks } from './diff.ts'
import { castOf, mergeCasts, type ProbeCast, type ProbeId } from './probes.ts'
import { runCheck } from './run-check.ts'
import { loadServerFiles } from './server-files.ts'
import type { CheckReport } from './types.ts'

/**
 * The host's real files, end to end: a server folder on disk, read like `check --dir` reads it,
 * probes against real embedded servers and a real mock session server on loopback. Each case runs
 * only the probes it is about (the same probes `check` runs), before and after one change.
 */

const VERSION = '1.20.4'
const NOTCH = { uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5', name: 'Notch' }
const JEB = { uuid: '853c80ef-3c37-49fd-aa49-938b674adae6', name: 'jeb_' }
const BASE = {
  'online-mode': true,
  'white-list': true,
  'enforce-whitelist': false,
  'prevent-proxy-connections': false,
  'max-players': 20,
  'enforce-secure-profile': true,
}

let root: string
let backend: EmbeddedBackend
let n = 0

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mclh-host-'))
  backend = new EmbeddedBackend()
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

interface Folder {
  properties?: Partial<Record<keyof typeof BASE | 'accepts-transfers', boolean | number>>
  whitelist?: object[]
  ops?: object[]
  bannedPlayers?: object[]
  authme?: string
}

/** Writes a server folder as a host has it. */
async function folder(spec: Folder): Promise<string> {
  const dir = path.join(root, `srv${++n}`)
  await mkdir(dir, { recursive: true })
  const props = { ...BASE, ...spec.properties }
  await writeFile(
    path.join(dir, 'server.properties'),
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  )
  if (spec.whitelist) await writeFile(path.join(dir, 'whitelist.json'), JSON.stringify(spec.whitelist, null, 2))
  if (spec.ops) await writeFile(path.join(dir, 'ops.json'), JSON.stringify(spec.ops, null, 2))
  if (spec.bannedPlayers) await writeFile(path.join(dir, 'banned-players.json'), JSON.stringify(spec.bannedPlayers, null, 2))
  if (spec.authme) {
    await mkdir(path.join(dir, 'plugins', 'AuthMe'), { recursive: true })
    await writeFile(path.join(dir, 'plugins', 'AuthMe', 'config.yml'), spec.authme)
  }
  return dir
}

async function check(
  dir: string,
  only: ProbeId[],
  extra: { playersOnline?: number; cast?: ProbeCast; version?: string } = {},
): Promise<CheckReport> {
  const files = await loadServerFiles({ dir })
  return runCheck({
    propertiesFile: files.properties,
    lists: files.lists,
    authme: files.authme,
    sources: files.sources,
    version: VERSION,
    backend,
    only,
    ...extra,
  })
}

const outcome = (report: CheckReport, probe: ProbeId) => report.probes.find((p) => p.probe === probe)?.outcome

/** As `diff` does it: both sides follow the players of the lists before the change. */
async function beforeAfter(before: Folder, after: Folder, only: ProbeId[], extra: { playersOnline?: number; version?: string } = {}) {
  const [beforeDir, afterDir] = [await folder(before), await folder(after)]
  const cast = mergeCasts(
    castOf((await loadServerFiles({ dir: beforeDir })).lists),
    castOf((await loadServerFiles({ dir: afterDir })).lists),
  )
  const [b, a] = await Promise.all([check(beforeDir, only, { ...extra, cast }), check(afterDir, only, { ...extra, cast })])
  return { before: b, after: a, diff: diffChecks(b, a) }
}

describe('host files: enforce-secure-profile, before and after', () => {
  it('turning it off lets a player without a profile key chat (1.20.4); the launcher with a key is unaffected', async () => {
    const { before, after, diff } = await beforeAfter(
      { whitelist: [NOTCH] },
      { whitelist: [NOTCH], properties: { 'enforce-secure-profile': false } },
      ['premium', 'no-profile-key'],
    )
    expect(outcome(before, 'premium')).toBe('success')
    expect(outcome(after, 'premium')).toBe('success')
    expect(diff.changes.map((c) => [c.probe, c.before?.outcome, c.after?.outcome])).toEqual([['no-profile-key', 'chat_refused', 'success']])
    expect(diff.changes[0]!.before?.message).toBe('Chat disabled due to missing profile public key. Please try reconnecting.')
    expect(before.warnings.some((w) => w.startsWith('Players whose launcher sends no profile key'))).toBe(true)
    expect(after.warnings.some((w) => w.startsWith('Players whose launcher sends no profile key'))).toBe(false)
  })
})

describe('host files: accepts-transfers, before and after', () => {
  it('turning it on lets a player transferred by another server in (26.1); a direct login is unaffected', async () => {
    const { before, after, diff } = await beforeAfter(
      { whitelist: [NOTCH] },
      { whitelist: [NOTCH], properties: { 'accepts-transfers': true } },
      ['premium', 'transfer'],
      { version: '26.1' },
    )
    expect(outcome(before, 'premium')).toBe('success')
    expect(outcome(after, 'premium')).toBe('success')
    expect(diff.changes.map((c) => [c.probe, c.before?.outcome, c.after?.outcome])).toEqual([['transfer', 'transfer_refused', 'success']])
    expect(diff.changes[0]!.before).toMatchObject({
      key: 'multiplayer.disconnect.transfers_disabled',
      message: 'This server does not accept transfers',
    })
  })

  it('before 1.20.5 there is no transfer to probe: the probe is left out', async () => {
    const report = await check(await folder({ whitelist: [NOTCH] }), ['premium', 'transfer'])
    expect(report.probes.map((p) => p.probe)).toEqual(['premium'])
  })
})

describe('host files: whitelist and ops by UUID, before and after', () => {
  it('flipping online-mode with an online-UUID whitelist shows the whitelisted player locked out, named with the fix', async () => {
    const { before, after, diff } = await beforeAfter(
      { whitelist: [NOTCH, JEB] },
      { whitelist: [NOTCH, JEB], properties: { 'online-mode': false } },
      ['premium', 'whitelisted-offline', 'cracked'],
    )
    expect(outcome(before, 'premium')).toBe('success')
    expect(outcome(after, 'premium')).toBe('not_whitelisted')
    const change = diff.changes.find((c) => c.probe === 'premium')!
    expect(change.after?.message).toBe('You are not white-listed on this server!')
    expect(change.before?.who).toContain('Notch')
    // The offline arrival of the same player: refused as unverified before, as unlisted after.
    expect(outcome(before, 'whitelisted-offline')).toBe('unverified_username')
    expect(outcome(after, 'whitelisted-offline')).toBe('not_whitelisted')
    // No "anyone can join" under a whitelist; the mismatch is named player by player with the fix.
    expect(after.warnings.some((w) => w.startsWith('Anyone can join'))).toBe(false)
    const notch = diff.warningsAdded.find((w) => w.startsWith('whitelist.json: Notch'))
    expect(notch).toContain(`they join as ${offlineUuid('Notch')}`)
    expect(notch).toContain('"whitelist remove Notch" then "whitelist add Notch"')
    expect(diff.warningsAdded.some((w) => w.startsWith('whitelist.json: jeb_'))).toBe(true)
  })

  it('an offline-UUID whitelist on an offline server lets the cracked arrival in; the online player is not', async () => {
    const offlineList = [{ uuid: offlineUuid('Notch'), name: 'Notch' }]
    const { before, after } = await beforeAfter(
      { whitelist: offlineList, properties: { 'online-mode': false } },
      { whitelist: [NOTCH], properties: { 'online-mode': false } },
      ['whitelisted-offline'],
    )
    expect(outcome(before, 'whitelisted-offline')).toBe('success')
    expect(outcome(after, 'whitelisted-offline')).toBe('not_whitelisted')
    expect(before.warnings.filter((w) => w.startsWith('whitelist.json'))).toEqual([])
  })

  it('a whitelist edit changes a probe: taking the player off the list refuses them', async () => {
    const { diff } = await beforeAfter({ whitelist: [NOTCH, JEB] }, { whitelist: [JEB, { uuid: offlineUuid('Notch'), name: 'Notch' }] }, [
      'premium',
    ])
    expect(diff.changes.map((c) => [c.probe, c.before?.outcome, c.after?.outcome])).toEqual([['premium', 'success', 'not_whitelisted']])
    expect(diff.warningsAdded.find((w) => w.startsWith('whitelist.json: Notch is listed with the offline UUID'))).toContain(
      'with online-mode=true',
    )
  })

  it('an operator passes the whitelist by UUID; ops.json with the offline UUID does not', async () => {
    const { before, after } = await beforeAfter(
      { whitelist: [JEB], ops: [{ ...NOTCH, level: 4, bypassesPlayerLimit: false }] },
      { whitelist: [JEB], ops: [{ uuid: offlineUuid('Notch'), name: 'Notch', level: 4, bypassesPlayerLimit: false }] },
      ['op'],
    )
    expect(outcome(before, 'op')).toBe('success')
    expect(outcome(after, 'op')).toBe('not_whitelisted')
    expect(after.warnings.some((w) => w.startsWith('ops.json: Notch is listed with the offline UUID'))).toBe(true)
  })

  it('a ban holds by UUID with its reason and expiry, and an expired ban is gone', async () => {
    const ban = { ...JEB, created: '2026-01-01 00:00:00 +0000', source: 'Server', reason: 'Griefing spawn' }
    const { before, after } = await beforeAfter(
      { properties: { 'white-list': false }, bannedPlayers: [{ ...ban, expires: '2099-01-01 00:00:00 +0000' }] },
      { properties: { 'white-list': false }, bannedPlayers: [{ ...ban, expires: '2020-01-01 00:00:00 +0000' }] },
      ['banned'],
    )
    expect(outcome(before, 'banned')).toBe('banned')
    expect(before.probes[0]!.message).toBe(
      'You are banned from this server.\nReason: Griefing spawn\nYour ban will be removed on 2099-01-01 00:00:00 UTC',
    )
    expect(outcome(after, 'banned')).toBe('success')
    expect(after.warnings.some((w) => w.startsWith('A player on banned-players.json got in'))).toBe(true)
  })
})

describe('host files: the settings probes', () => {
  it('prevent-proxy-connections refuses a player whose launcher joined from another IP', async () => {
    const { before, after } = await beforeAfter(
      { whitelist: [NOTCH] },
      { whitelist: [NOTCH], properties: { 'prevent-proxy-connections': true } },
      ['proxy-ip-mismatch'],
    )
    expect(outcome(before, 'proxy-ip-mismatch')).toBe('success')
    expect(outcome(after, 'proxy-ip-mismatch')).toBe('unverified_username')
  })

  it('enforce-whitelist kicks a player taken off the list while online, on reload', async () => {
    const { before, after } = await beforeAfter({ whitelist: [NOTCH] }, { whitelist: [NOTCH], properties: { 'enforce-whitelist': true } }, [
      'whitelist-removed-online',
    ])
    expect(outcome(before, 'whitelist-removed-online')).toBe('success')
    expect(before.warnings).toContain('A player taken off the whitelist stays online until they leave (enforce-whitelist=false)')
    expect(outcome(after, 'whitelist-removed-online')).toBe('not_whitelisted')
    expect(after.probes[0]!.message).toBe('You are not white-listed on this server!')
  })

  it('max-players: with the current limit reached, one more gets in only after the limit is raised', async () => {
    const { before, after } = await beforeAfter(
      { properties: { 'max-players': 2 } },
      { properties: { 'max-players': 3 } },
      ['server-full'],
      { playersOnline: 2 },
    )
    expect(outcome(before, 'server-full')).toBe('server_full')
    expect(before.probes[0]!.message).toBe('The server is full!')
    expect(outcome(after, 'server-full')).toBe('success')
  })

  it('the AuthMe config.yml the host ships drives the guard: timeout 0 never kicks, kickNonRegistered refuses newcomers', async () => {
    const config = (timeout: number, kickNonRegistered: boolean) =>
      `# AuthMe\nsettings:\n  restrictions:\n    timeout: ${timeout}\n    kickNonRegistered: ${kickNonRegistered}\n    kickOnWrongPassword: true\n`
    const properties = { 'online-mode': false, 'white-list': false }
    const only: ProbeId[] = ['guard-idle', 'guard-register-login']
    // 3 s, not 1: AuthMe's first prompt comes 2 s after join, so a shorter timeout kicks before it.
    const [shipped, noTimeout, registeredOnly] = await Promise.all([
      check(await folder({ properties, authme: config(3, false) }), only),
      check(await folder({ properties, authme: config(0, false) }), only),
      check(await folder({ properties, authme: config(3, true) }), only),
    ])
    expect(outcome(shipped, 'guard-idle')).toBe('kicked')
    expect(shipped.probes.find((p) => p.probe === 'guard-idle')!.message).toMatch(/^Login timeout exceeded/)
    expect(outcome(shipped, 'guard-register-login')).toBe('success')
    // timeout: 0 - the idler is never kicked; the probe's look for a kick runs out.
    expect(outcome(noTimeout, 'guard-idle')).toBe('timeout')
    expect(noTimeout.warnings.some((w) => w.startsWith('The password plugin did not kick a player who never logged in'))).toBe(true)
    // kickNonRegistered: true - a newcomer cannot even get in to register.
    expect(outcome(registeredOnly, 'guard-register-login')).toBe('kicked')
  })
})
