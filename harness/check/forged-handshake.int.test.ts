/**
 * `check --dir` on a Paper folder behind a proxy: spigot.yml settings.bungeecord=true and an
 * operator in ops.json. The forged-handshake probe joins as the operator (the takeover) and the
 * warning names the fix; BungeeGuard-less legacy forwarding is the risk, Velocity's is not.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { diffChecks } from './diff.ts'
import { runCheck } from './run-check.ts'
import { loadServerFiles } from './server-files.ts'

const NOTCH = { uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5', name: 'Notch', level: 4, bypassesPlayerLimit: false }
let root: string

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mclh-proxy-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name)
  await mkdir(path.join(dir, 'config'), { recursive: true })
  await writeFile(path.join(dir, 'server.properties'), 'online-mode=false\nwhite-list=false\n')
  await writeFile(path.join(dir, 'ops.json'), JSON.stringify([NOTCH]))
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text)
  return dir
}

async function check(dir: string) {
  const files = await loadServerFiles({ dir })
  return runCheck({
    propertiesFile: files.properties,
    lists: files.lists,
    sources: files.sources,
    paperFiles: files.paper,
    version: '1.20.4',
    backend: new EmbeddedBackend(),
    only: ['forged-handshake'],
  })
}

it("bungeecord: true without BungeeGuard: a forged handshake takes the operator's UUID; Velocity modern forwarding refuses it", async () => {
  const legacy = await check(await folder('legacy', { 'spigot.yml': 'settings:\n  bungeecord: true\n' }))
  const row = legacy.probes.find((p) => p.probe === 'forged-handshake')!
  expect(row).toMatchObject({ outcome: 'success' })
  expect(row.who).toContain('Notch')
  const warning = legacy.warnings.find((w) => w.startsWith('A forged BungeeCord handshake joined as Notch'))
  expect(warning).toContain('BungeeGuard')
  expect(warning).toContain('firewall')

  const velocity = await check(
    await folder('velocity', { 'config/paper-global.yml': 'proxies:\n  velocity:\n    enabled: true\n    secret: abc\n' }),
  )
  expect(velocity.probes.find((p) => p.probe === 'forged-handshake')).toMatchObject({
    outcome: 'forwarding_refused',
    message: 'Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?',
  })
  expect(velocity.warnings.some((w) => w.startsWith('A forged BungeeCord handshake'))).toBe(false)

  // diff: moving from legacy to modern forwarding closes the bypass, and says so.
  const diff = diffChecks(legacy, velocity)
  expect(diff.changes.map((c) => [c.probe, c.before?.outcome, c.after?.outcome])).toEqual([
    ['forged-handshake', 'success', 'forwarding_refused'],
  ])
  expect(diff.warningsRemoved?.some((w) => w.startsWith('A forged BungeeCord handshake'))).toBe(true)
})
