import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { planCheck, runCheck } from './run-check.ts'
import { loadServerFiles } from './server-files.ts'

/**
 * `check --dir` on a Paper server's folder: Paper's files make it a Paper server, the probes' servers
 * play Paper with the folder's real values (the throttle is not turned off as for a scenario), and
 * the rows say what Paper says.
 */
let root: string
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mclh-paper-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('check on a Paper folder', () => {
  it("reads bukkit.yml/spigot.yml/config/paper-global.yml and probes with Paper's rules and the folder's values", async () => {
    const dir = path.join(root, 'srv')
    await mkdir(path.join(dir, 'config'), { recursive: true })
    await writeFile(path.join(dir, 'server.properties'), 'online-mode=false\nwhite-list=true\n')
    await writeFile(path.join(dir, 'whitelist.json'), '[]')
    await writeFile(path.join(dir, 'bukkit.yml'), 'settings:\n  connection-throttle: 4000\n')
    await writeFile(path.join(dir, 'spigot.yml'), 'messages:\n  whitelist: "&cInvite only"\n')
    await writeFile(path.join(dir, 'config/paper-global.yml'), 'unsupported-settings:\n  perform-username-validation: true\n')
    const files = await loadServerFiles({ dir })
    expect(files.paper?.bukkit).toMatch(/connection-throttle: 4000/)
    expect(files.paper?.paperGlobal).toMatch(/perform-username-validation/)
    // The folder's own throttle goes to the probes' servers: no test set-up here (a scenario's would be -1).
    const { plans } = await planCheck({ propertiesFile: files.properties, lists: files.lists, paperFiles: files.paper })
    for (const plan of plans) {
      expect(plan.server).toMatchObject({ platform: 'paper', paperFiles: files.paper })
      expect(plan.server).not.toHaveProperty('connectionThrottleMs')
    }
    const backend = new EmbeddedBackend()
    const report = await runCheck({
      propertiesFile: files.properties,
      lists: files.lists,
      paperFiles: files.paper,
      version: '1.21.4',
      backend,
      only: ['cracked'],
    })
    const row = report.probes.find((p) => p.probe === 'cracked')
    expect(row).toMatchObject({ outcome: 'kicked', message: 'Invite only' })
  })

  it('names a broken Paper file before any probe starts', async () => {
    const dir = path.join(root, 'broken')
    await mkdir(dir, { recursive: true })
    await writeFile(path.join(dir, 'server.properties'), 'online-mode=false\n')
    await writeFile(path.join(dir, 'bukkit.yml'), 'settings:\n  connection-throttle: soon\n')
    await expect(loadServerFiles({ dir })).rejects.toThrow(/bukkit\.yml: settings\.connection-throttle is "soon"; expected a number/)
  })
})
