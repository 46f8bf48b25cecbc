import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readPluginDescriptor } from './plugin-jar.ts'
import { writePluginJar } from './testing/plugin-jar-fixture.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mclh-jar-'))

describe('readPluginDescriptor', () => {
  it('reads name, version, main and depend from a deflated plugin.yml', () => {
    const jar = writePluginJar(dir, 'a.jar', 'name: LoginGuard\nversion: 1.2.3\nmain: com.example.Main\ndepend: [Vault]\n')
    expect(readPluginDescriptor(jar)).toEqual({ name: 'LoginGuard', version: '1.2.3', main: 'com.example.Main', depend: ['Vault'], file: 'plugin.yml' })
  })

  it('reads paper-plugin.yml with its required server dependencies', () => {
    const yml = 'name: PaperOnly\nversion: 2\nmain: x.Y\ndependencies:\n  server:\n    Vault: { required: true }\n    Soft: { required: false }\n'
    const jar = writePluginJar(dir, 'b.jar', yml, 'paper-plugin.yml')
    expect(readPluginDescriptor(jar)).toMatchObject({ name: 'PaperOnly', version: '2', depend: ['Vault'], file: 'paper-plugin.yml' })
  })

  it('says what is wrong with a jar that is not a plugin', () => {
    expect(() => readPluginDescriptor(writePluginJar(dir, 'c.jar', null))).toThrow(/c\.jar: has neither plugin\.yml nor paper-plugin\.yml/)
    expect(() => readPluginDescriptor(writePluginJar(dir, 'd.jar', 'version: 1\n'))).toThrow(/no valid "name"/)
    fs.writeFileSync(path.join(dir, 'e.jar'), 'not a zip')
    expect(() => readPluginDescriptor(path.join(dir, 'e.jar'))).toThrow(/not a jar \(zip\) file/)
    expect(() => readPluginDescriptor(path.join(dir, 'missing.jar'))).toThrow(/cannot read it \(ENOENT\)/)
  })
})
