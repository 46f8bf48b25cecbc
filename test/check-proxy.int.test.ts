/**
 * `check --proxy-dir` and `diff` on a host's network, from the files a host has: a Velocity and a
 * BungeeCord proxy folder (fixtures/networks/, written as the proxies generate them) in front of a
 * Paper backend folder. The probes log in through the embedded proxy the proxy folder describes to
 * the embedded Paper server the backend folder describes, with the mock as session server; a
 * broken copy of each network shows the mistake it has, with the fix in plain words.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runMain } from './support/in-process-cli.ts'

const NETWORKS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/networks')
const VERSION = '1.21.4'

interface Report {
  probes: Array<{ probe: string; outcome: string; message: string }>
  warnings: string[]
}

let root: string
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mclh-network-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A copy of a fixture network, changed by `edit` (relative path -> new text from the old). */
async function network(name: 'velocity' | 'bungeecord', edit: Record<string, (text: string) => string> = {}): Promise<string> {
  const dir = path.join(root, `${name}-${Math.random().toString(36).slice(2, 8)}`)
  await cp(path.join(NETWORKS, name), dir, { recursive: true })
  for (const [file, change] of Object.entries(edit)) {
    const at = path.join(dir, file)
    await mkdir(path.dirname(at), { recursive: true })
    await writeFile(at, change(await readFile(at, 'utf8').catch(() => '')))
  }
  return dir
}

async function check(dir: string, probes: string): Promise<Report> {
  const out = path.join(dir, 'report.json')
  // --only keeps each case to the probes it is about (the full set is the same code path).
  const run = await runMain([
    'check',
    '--dir',
    path.join(dir, 'lobby'),
    '--proxy-dir',
    path.join(dir, 'proxy'),
    '--version',
    VERSION,
    '--only',
    probes,
    '--reporter',
    'json',
    '--out',
    out,
  ])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(await readFile(out, 'utf8')) as Report
}

const row = (report: Report, probe: string) => report.probes.find((p) => p.probe === probe)

describe('check --proxy-dir: a Velocity network (modern forwarding, Paper backend)', () => {
  it('players come through the proxy with their premium UUIDs; a client around the proxy and a forged handshake are refused', async () => {
    const report = await check(await network('velocity'), 'premium,cracked,op,backend-direct,forged-handshake')
    expect(row(report, 'premium')).toMatchObject({ outcome: 'success' })
    // The operator is on ops.json by premium UUID: forwarded, it matches (no offline-UUID mismatch warning).
    expect(row(report, 'op')).toMatchObject({ outcome: 'success' })
    expect(row(report, 'cracked')).toMatchObject({ outcome: 'unverified_username' })
    expect(row(report, 'backend-direct')).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'This server requires you to connect with Velocity.',
    })
    expect(row(report, 'forged-handshake')?.outcome).toBe('forwarding_refused')
    expect(report.warnings.filter((w) => !w.startsWith('Players with cracked launchers') && !w.startsWith('Not probed'))).toEqual([])
    expect(report.warnings).toContain(
      'Not probed: velocity.toml forced-hosts (lobby.example.com, factions.example.com, minigames.example.com): the probes connect without a forced host name',
    )
  })

  it("a forwarding.secret that is not the backend's: everyone is refused, and the warning says which file to fix", async () => {
    const dir = await network('velocity', { 'proxy/forwarding.secret': () => 'a-new-secret' })
    const report = await check(dir, 'premium')
    expect(row(report, 'premium')).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'Unable to connect to lobby: Unable to verify player details',
    })
    expect(report.warnings.find((w) => w.startsWith('A premium player is refused'))).toMatch(
      /put the content of the proxy's forwarding.secret in the backend's config\/paper-global.yml proxies.velocity.secret/,
    )
  })

  it('forwarding off on both sides: players get in, but with offline UUIDs, and anyone gets in around the proxy', async () => {
    const dir = await network('velocity', {
      'proxy/velocity.toml': (t) => t.replace('player-info-forwarding-mode = "modern"', 'player-info-forwarding-mode = "none"'),
      'lobby/config/paper-global.yml': (t) => t.replace('enabled: true', 'enabled: false'),
    })
    const report = await check(dir, 'premium,backend-direct')
    expect(row(report, 'premium')?.outcome).toBe('success')
    expect(report.warnings.find((w) => w.startsWith('Behind the proxy'))).toMatch(/offline UUID .* player-info-forwarding-mode = "none"/)
    expect(row(report, 'backend-direct')?.outcome).toBe('success')
    expect(report.warnings.find((w) => w.startsWith('A cracked client that connects straight to the backend'))).toMatch(/firewall/)
  })
})

describe('check --proxy-dir and diff: a BungeeCord network (legacy forwarding)', () => {
  it("without BungeeGuard the forged handshake takes the operator's UUID; diff shows BungeeGuard closing it", async () => {
    const before = await network('bungeecord')
    const report = await check(before, 'premium,forged-handshake,backend-direct')
    expect(row(report, 'premium')?.outcome).toBe('success')
    expect(row(report, 'forged-handshake')?.outcome).toBe('success')
    expect(report.warnings.find((w) => w.startsWith('A forged BungeeCord handshake joined as Notch'))).toMatch(/BungeeGuard/)
    expect(row(report, 'backend-direct')).toMatchObject({
      outcome: 'forwarding_refused',
      message: 'If you wish to use IP forwarding, please enable it in your BungeeCord config as well!',
    })

    // The fix: BungeeGuard on both sides, with the same token.
    const after = await network('bungeecord', {
      'proxy/plugins/BungeeGuard/token.yml': () => 'token: g7Vx2mQp9LkR4tZa\n',
      'lobby/plugins/BungeeGuard/config.yml': () => 'allowed-tokens:\n  - g7Vx2mQp9LkR4tZa\n',
    })
    const out = path.join(root, 'diff.json')
    const diff = await runMain([
      'diff',
      '--before-dir',
      path.join(before, 'lobby'),
      '--before-proxy-dir',
      path.join(before, 'proxy'),
      '--after-dir',
      path.join(after, 'lobby'),
      '--after-proxy-dir',
      path.join(after, 'proxy'),
      '--version',
      VERSION,
      '--only',
      'premium,forged-handshake',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    // A change nobody accepted: exit 1, the forged handshake now refused, premium players unaffected.
    expect(diff.code, diff.stderr).toBe(1)
    const changes = (
      JSON.parse(await readFile(out, 'utf8')) as { changes: Array<{ probe: string; after?: { outcome: string; message: string } }> }
    ).changes
    expect(changes.map((c) => c.probe)).toEqual(['forged-handshake'])
    expect(changes[0]!.after).toMatchObject({ outcome: 'forwarding_refused', message: 'Unable to authenticate.' })
  })

  it('a proxy folder check cannot read is refused before anything starts, naming the file and key', async () => {
    const dir = await network('bungeecord', { 'proxy/config.yml': (t) => `haproxy: true\n${t}` })
    const run = await runMain(['check', '--dir', path.join(dir, 'lobby'), '--proxy-dir', path.join(dir, 'proxy')])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--proxy-dir .*proxy: config.yml: haproxy is not a setting check knows/)
    const empty = await runMain(['check', '--dir', path.join(dir, 'lobby'), '--proxy-dir', path.join(dir, 'lobby')])
    expect(empty.code).toBe(2)
    expect(empty.stderr).toMatch(/neither velocity.toml \(Velocity\) nor config.yml \(BungeeCord, Waterfall\) is in it/)
  })
})
