import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'

const ONLINE = 'fixtures/properties/online.properties'
const OFFLINE = 'fixtures/properties/offline.properties'

// Bad input (exit 2) is checked in-process in test/cli-flags.test.ts. These start many servers
// each, side by side: in processes of their own, as a user runs them, so one test's load does not
// slow another's event loop into timeouts.
const harness = (args: string[], timeoutMs?: number) => runCli(args, { timeoutMs })

interface CheckJson {
  probes: { probe: string; outcome: string; key: string | null; message: string }[]
  warnings: string[]
}

const outcomes = (report: CheckJson) => Object.fromEntries(report.probes.map((p) => [p.probe, p.outcome]))

// Every case starts its own processes and servers; running them side by side keeps the file near
// the length of its slowest case (the hang probe waits authlib's 5 s).
describe.concurrent('check and diff commands', () => {
  it('check on an online-mode file: premium joins, cracked and impersonator are refused, outages show', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-check-'))
    const out = path.join(dir, 'check.json')
    const result = await harness(['check', '--properties', ONLINE, '--reporter', 'json', '--out', out])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(await readFile(out, 'utf8')) as CheckJson
    expect(Object.keys(report).sort()).toEqual(['probes', 'warnings'])
    for (const probe of report.probes) expect(Object.keys(probe).sort()).toEqual(['key', 'message', 'outcome', 'probe'])
    expect(outcomes(report)).toEqual({
      premium: 'success',
      'premium-session-503': 'auth_servers_unreachable',
      'premium-session-hang': 'auth_servers_down',
      'revoked-token': 'invalid_session',
      cracked: 'unverified_username',
      impersonator: 'unverified_username',
      'not-whitelisted': 'success',
      'proxy-ip-mismatch': 'success',
      // The crowd is max-players (20) strong: the 21st is refused.
      'server-full': 'server_full',
      // enforce-secure-profile defaults to true: a launcher without a key joins but cannot chat.
      'no-profile-key': 'chat_refused',
      // accepts-transfers defaults to false: a player another server transfers here is refused.
      transfer: 'transfer_refused',
    })
    const cracked = report.probes.find((p) => p.probe === 'cracked')!
    expect(cracked.key).toBe('multiplayer.disconnect.unverified_username')
    expect(cracked.message).toBe('Failed to verify username!')
    expect(report.warnings.some((w) => w.includes('Impersonating'))).toBe(false)
    // With --out and json, the table still prints for the person watching.
    expect(result.stdout).toMatch(/│ premium-session-hang /)
  })

  it('check on an offline file prints the rows and warns about impersonation in plain words', async () => {
    const result = await harness(['check', '--properties', OFFLINE])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/cracked player[\s\S]*Steve \(cracked launcher\)[\s\S]*success/)
    expect(result.stdout).toContain('warning: Anyone can join under any name (online-mode=false and no password plugin)')
    expect(result.stdout).toContain('warning: Impersonating "Notch" succeeded: use online-mode=true or a password plugin (AuthMe)')
  })

  it('check with --guard authme: the guard probes run and the impersonator is kicked', async () => {
    const result = await harness([
      'check',
      '--properties',
      OFFLINE,
      '--guard',
      'authme',
      // AuthMe prompts 2 s after join; 6 s leaves a loaded runner 4 s to answer before the kick.
      '--guard-timeout-ms',
      '6000',
      '--op-name',
      'jeb_',
      '--reporter',
      'json',
    ])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as CheckJson
    expect(outcomes(report)).toMatchObject({
      cracked: 'success',
      impersonator: 'kicked',
      'guard-register-login': 'success',
      'guard-idle': 'kicked',
    })
    expect(report.probes.find((p) => p.probe === 'impersonator')!.message).toBe('Wrong password!')
    expect(report.probes.find((p) => p.probe === 'guard-idle')!.message).toMatch(/^Login timeout exceeded/)
    expect(report.warnings).toEqual([])
  })

  it('check --dir reads the real whitelist.json by UUID: an online-UUID list on an offline server locks its players out', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-dir-'))
    await writeFile(path.join(dir, 'server.properties'), await readFile('fixtures/properties/offline-whitelist.properties', 'utf8'))
    await writeFile(path.join(dir, 'whitelist.json'), await readFile('fixtures/properties/whitelist.json', 'utf8'))
    const junit = path.join(dir, 'check.xml')
    const result = await harness(['check', '--dir', dir, '--reporter', 'junit', '--out', junit])
    expect(result.code, result.stderr).toBe(0)
    // The table still prints: Notch is refused on a cracked launcher, and nobody "can join under any name".
    expect(result.stdout).not.toContain('Anyone can join')
    expect(result.stdout).toContain('whitelist.json: Notch is listed with 069a79f4-44e9-4726-a5be-fca90e38aaf5')
    const xml = await readFile(junit, 'utf8')
    expect(xml).toMatch(
      /name="whitelisted-offline: whitelisted player on a cracked launcher"[^>]*>\s*<system-out>Notch \(cracked launcher: offline UUID [0-9a-f-]+\): not_whitelisted \(&quot;You are not white-listed on this server!&quot;\)/,
    )
    expect(xml).toContain('warning: whitelist.json: Notch is listed')
  })

  it('diff --before-dir/--after-dir: a whitelist edit shows as the refused player, in JUnit too', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'mclh-dirs-'))
    const [before, after] = [path.join(root, 'before'), path.join(root, 'after')]
    const properties = (await readFile(ONLINE, 'utf8')).replace('white-list=false', 'white-list=true')
    for (const [dir, list] of [
      [before, [{ uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5', name: 'Notch' }]],
      [after, []],
    ] as const) {
      await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }))
      await writeFile(path.join(dir, 'server.properties'), properties)
      await writeFile(path.join(dir, 'whitelist.json'), JSON.stringify(list))
    }
    const junit = path.join(root, 'diff.xml')
    const result = await harness(['diff', '--before-dir', before, '--after-dir', after, '--reporter', 'junit', '--out', junit])
    expect(result.code, result.stderr).toBe(1)
    expect(result.stdout).toContain('premium player: success -> not_whitelisted ("You are not white-listed on this server!")')
    const xml = await readFile(junit, 'utf8')
    expect(xml).toMatch(/<failure message="premium player: success -&gt; not_whitelisted/)
  })

  it('diff offline -> online lists the changed probes and exits 1', async () => {
    const result = await harness(['diff', '--before', OFFLINE, '--after', ONLINE])
    expect(result.code, result.stderr).toBe(1)
    expect(result.stdout).toContain('cracked player: success -> unverified_username ("Failed to verify username!")')
    expect(result.stdout).toContain('impersonator: success -> unverified_username ("Failed to verify username!")')
    expect(result.stdout).toContain('revoked launcher token: success -> invalid_session')
    // Unchanged probes are not listed.
    expect(result.stdout).not.toMatch(/^\S+\s+premium player: /m)
    // ...and the key-less launcher's chat, which an offline server never checks.
    expect(result.stdout).toContain('premium player whose launcher sends no profile key: (not run) -> chat_refused')
    expect(result.stdout).toContain('6 unaccepted changes')
  })

  it('diff exits 0 when every change is accepted, by --accept and by an expectations file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-diff-'))
    const expectations = path.join(dir, 'expect.json')
    await writeFile(
      expectations,
      JSON.stringify({
        accept: [
          'premium-session-503',
          'premium-session-hang',
          'revoked-token',
          'no-profile-key',
          { probe: 'impersonator', to: 'unverified_username', reason: 'going online' },
        ],
      }),
    )
    const result = await harness(['diff', '--before', OFFLINE, '--after', ONLINE, '--accept', 'cracked', '--expect', expectations])
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toContain('every change is accepted')
    expect(result.stdout).toContain('(--accept)')
    expect(result.stdout).toContain(`(${expectations}: going online)`)
  })

  it('diff of a file with itself finds nothing and exits 0', async () => {
    const result = await harness(['diff', '--before', OFFLINE, '--after', OFFLINE])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('no probe changed')
  })
})
