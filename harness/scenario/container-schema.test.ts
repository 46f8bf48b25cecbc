import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { writePluginJar } from '../server/container/testing/plugin-jar-fixture.ts'
import { loadScenarioFile } from './load.ts'

function scenarioDir(container: object): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mclh-plugin-scenario-'))
  fs.mkdirSync(path.join(dir, 'libs'))
  const file = path.join(dir, 'plugin.mjs')
  const scenario = {
    name: 'plugin lets Alice in',
    server: { auth: 'cracked', container },
    bots: [{ account: { kind: 'cracked', name: 'Alice' }, expect: 'success' }],
  }
  fs.writeFileSync(file, `export default ${JSON.stringify(scenario)}\n`)
  return { dir, file }
}

describe('server.container in a scenario', () => {
  it('resolves jars and config files relative to the scenario file and checks the jar is a plugin', async () => {
    const { dir, file } = scenarioDir({
      type: 'paper',
      plugins: ['./libs/guard.jar', 'modrinth:luckperms'],
      configFiles: { 'Guard/config.yml': 'guard.yml' },
      env: { FOO: 'bar' },
    })
    writePluginJar(path.join(dir, 'libs'), 'guard.jar', 'name: Guard\nversion: 1\nmain: a.B\n')
    fs.writeFileSync(path.join(dir, 'guard.yml'), 'x: 1\n')
    const [scenario] = await loadScenarioFile(path.relative(process.cwd(), file))
    expect(scenario!.containerServer).toEqual({
      type: 'PAPER',
      plugins: [path.join(dir, 'libs/guard.jar'), 'modrinth:luckperms'],
      configFiles: { 'Guard/config.yml': path.join(dir, 'guard.yml') },
      env: { FOO: 'bar' },
    })
  })

  it('a missing jar, a jar without plugin.yml, or an unknown type is bad input naming the field', async () => {
    const missing = scenarioDir({ plugins: ['./libs/nope.jar'] })
    await expect(loadScenarioFile(missing.file)).rejects.toThrow(
      /server\.container\.plugins\[0\]: no plugin jar at .*libs\/nope\.jar \(resolved from "\.\/libs\/nope\.jar" relative to the scenario file\)/,
    )
    const notPlugin = scenarioDir({ plugins: ['./libs/lib.jar'] })
    writePluginJar(path.join(notPlugin.dir, 'libs'), 'lib.jar', null)
    await expect(loadScenarioFile(notPlugin.file)).rejects.toThrow(/plugins\[0\]: .*has neither plugin\.yml nor paper-plugin\.yml/)
    const badType = scenarioDir({ type: 'SPONGE' })
    await expect(loadScenarioFile(badType.file)).rejects.toThrow(HarnessInputError)
    const badField = scenarioDir({ plugin: ['x.jar'] })
    await expect(loadScenarioFile(badField.file)).rejects.toThrow(/plugin/)
  })
})
