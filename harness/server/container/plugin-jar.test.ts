import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkPluginJava, mainClassJava, readPluginDescriptor } from './plugin-jar.ts'
import { writePluginJar, zipOf } from './testing/plugin-jar-fixture.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mclh-jar-'))

describe('readPluginDescriptor', () => {
  it('reads name, version, main and depend from a deflated plugin.yml', () => {
    const jar = writePluginJar(dir, 'a.jar', 'name: LoginGuard\nversion: 1.2.3\nmain: com.example.Main\ndepend: [Vault]\n')
    expect(readPluginDescriptor(jar)).toEqual({
      name: 'LoginGuard',
      version: '1.2.3',
      main: 'com.example.Main',
      depend: ['Vault'],
      file: 'plugin.yml',
    })
  })

  it('reads paper-plugin.yml with its required server dependencies', () => {
    const yml =
      'name: PaperOnly\nversion: 2\nmain: x.Y\ndependencies:\n  server:\n    Vault: { required: true }\n    Soft: { required: false }\n'
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

describe("checkPluginJava: the main class against the image's Java", () => {
  /** A plugin jar whose main class's header says class file version `major`. */
  const jarFor = (file: string, major: number) => {
    const header = Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, major >> 8, major & 0xff])
    const jar = path.join(dir, file)
    fs.writeFileSync(
      jar,
      zipOf([
        { name: 'plugin.yml', data: Buffer.from('name: Newer\nversion: 1\nmain: com.example.Main\n'), deflate: true },
        { name: 'com/example/Main.class', data: header, deflate: false },
      ]),
    )
    return jar
  }

  it('reads the Java a class file needs (major - 44)', () => {
    const buf = fs.readFileSync(jarFor('java21.jar', 65))
    expect(mainClassJava(buf, { name: 'Newer', version: '1', depend: [], main: 'com.example.Main', file: 'plugin.yml' }, 'x')).toEqual({
      java: 21,
      major: 65,
    })
  })

  it('refuses a Java 21 jar on the Java 17 image, naming both and the fix', () => {
    const jar = jarFor('too-new.jar', 65)
    expect(() => checkPluginJava(jar, 'itzg/minecraft-server:java17', 17, '1.20.4')).toThrow(
      `plugin jar ${jar}: com.example.Main is compiled for Java 21 (class file version 65), but itzg/minecraft-server:java17 (the image for Minecraft 1.20.4) runs Java 17: the server would refuse it with UnsupportedClassVersionError`,
    )
    expect(() => checkPluginJava(jar, 'itzg/minecraft-server:java21', 21, '1.21.4')).not.toThrow()
    expect(() => checkPluginJava(jarFor('java17.jar', 61), 'itzg/minecraft-server:java17', 17, '1.20.4')).not.toThrow()
  })

  it('lets a jar without a readable main class through (nothing to compare)', () => {
    expect(() =>
      checkPluginJava(
        writePluginJar(dir, 'plain.jar', 'name: P\nversion: 1\nmain: com.example.Main\n'),
        'itzg/minecraft-server:java8',
        8,
        '1.12.2',
      ),
    ).not.toThrow()
  })
})
