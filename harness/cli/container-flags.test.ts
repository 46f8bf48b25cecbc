import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { withRunOptions } from '../backends/container.ts'
import { writePluginJar } from '../server/container/testing/plugin-jar-fixture.ts'
import { resolveContainerFlags, type ContainerFlags } from './container-flags.ts'

const none: ContainerFlags = { plugin: [], env: [], configFile: [] }
const flags = (f: Partial<ContainerFlags>): ContainerFlags => ({ ...none, ...f })

/** A plugin repository after its build: build/libs/guard.jar and a config file. */
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mclh-flags-'))
  mkdirSync(path.join(dir, 'build/libs'), { recursive: true })
  writePluginJar(path.join(dir, 'build/libs'), 'guard.jar', 'name: Guard\nversion: 1.0\nmain: com.example.Guard\n')
  writeFileSync(path.join(dir, 'build/libs/notes.txt'), 'not a jar')
  mkdirSync(path.join(dir, 'test'))
  writeFileSync(path.join(dir, 'test/guard.yml'), 'enabled: true\n')
  return dir
}

/** The HarnessInputError's message (exit 2 from the CLI); fails the test when nothing is thrown. */
function refusal(f: () => unknown): string {
  try {
    f()
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessInputError)
    return (error as Error).message
  }
  throw new Error('expected a HarnessInputError')
}

describe('run --plugin/--type/--image/--env/--config-file', () => {
  it('resolves paths from the working directory and checks them like a scenario block', () => {
    const cwd = project()
    const out = resolveContainerFlags(
      flags({
        plugin: ['build/libs/guard.jar', 'modrinth:authme'],
        type: 'paper',
        image: 'ITZG',
        env: ['PAPER_DOWNLOAD_URL=https://x/y?a=b'],
        configFile: ['Guard/config.yml=test/guard.yml'],
      }),
      'container',
      cwd,
    )
    expect(out).toEqual({
      type: 'PAPER',
      image: 'itzg',
      plugins: [path.join(cwd, 'build/libs/guard.jar'), 'modrinth:authme'],
      env: { PAPER_DOWNLOAD_URL: 'https://x/y?a=b' },
      configFiles: { 'Guard/config.yml': path.join(cwd, 'test/guard.yml') },
    })
    expect(resolveContainerFlags(none, 'container', cwd)).toBeUndefined()
    expect(resolveContainerFlags(none, 'embedded', cwd)).toBeUndefined()
  })

  it('refuses them on the embedded backend, saying to add --backend container', () => {
    const cwd = project()
    expect(refusal(() => resolveContainerFlags(flags({ plugin: ['build/libs/guard.jar'] }), 'embedded', cwd))).toMatch(
      /^--plugin: only for servers in containers.*add --backend container/,
    )
    expect(refusal(() => resolveContainerFlags(flags({ type: 'PAPER', image: 'itzg' }), 'embedded', cwd))).toMatch(
      /^--type, --image: .*add --backend container, or leave these flags out/,
    )
  })

  it('says what is wrong with a plugin, where it looked and how to fix it', () => {
    const cwd = project()
    expect(refusal(() => resolveContainerFlags(flags({ plugin: ['build/libs/missing.jar'] }), 'container', cwd))).toBe(
      `--plugin "build/libs/missing.jar": no plugin jar at ${path.join(cwd, 'build/libs/missing.jar')} (resolved from "build/libs/missing.jar" relative to the working directory ${cwd}); build the jar first or fix the path`,
    )
    expect(refusal(() => resolveContainerFlags(flags({ plugin: ['build/libs/notes.txt'] }), 'container', cwd))).toMatch(
      /^--plugin "build\/libs\/notes.txt": "build\/libs\/notes.txt" is not a \.jar file; give the plugin's built jar/,
    )
    writeFileSync(path.join(cwd, 'build/libs/empty.jar'), '')
    expect(refusal(() => resolveContainerFlags(flags({ plugin: ['build/libs/empty.jar'] }), 'container', cwd))).toMatch(
      /^--plugin "build\/libs\/empty.jar": /,
    )
    expect(refusal(() => resolveContainerFlags(flags({ plugin: [''] }), 'container', cwd))).toMatch(/^--plugin "":/)
  })

  it('refuses a bad type, image, variable or config file naming the flag and the value', () => {
    const cwd = project()
    const refused = (f: Partial<ContainerFlags>) => refusal(() => resolveContainerFlags(flags(f), 'container', cwd))
    expect(refused({ type: 'bedrock' })).toMatch(/^--type: "bedrock" is not allowed; allowed: "VANILLA", "PAPER"/)
    expect(refused({ image: 'my image' })).toBe(
      '--image: "my image" is neither itzg, local nor an image reference such as itzg/minecraft-server:java21',
    )
    expect(refused({ env: ['NOVALUE'] })).toMatch(/^--env "NOVALUE": expected KEY=VALUE/)
    expect(refused({ env: ['1A=b'] })).toMatch(/^--env "1A=b": "1A": must be an environment variable name/)
    expect(refused({ configFile: ['Guard/config.yml'] })).toMatch(
      /^--config-file "Guard\/config.yml": expected <server-folder path>=<file>/,
    )
    expect(refused({ configFile: ['Guard/config.yml=test/nope.yml'] })).toMatch(
      /^--config-file "Guard\/config.yml=test\/nope.yml": no file at .*test\/nope.yml \(resolved from "test\/nope.yml" relative to the working directory/,
    )
  })

  it('each flag given replaces its MC_LOGIN_HARNESS_* variable; env and config files merge', () => {
    const fromEnv = {
      image: 'itzg',
      type: 'SPIGOT' as const,
      plugins: ['/ci/AuthMe.jar'],
      authlibInjectorJar: '/ci/injector.jar',
      env: { A: '1', B: '1' },
    }
    expect(withRunOptions(fromEnv, undefined)).toBe(fromEnv)
    expect(withRunOptions(fromEnv, { plugins: ['/w/guard.jar'], type: 'PAPER', env: { B: '2' } })).toEqual({
      image: 'itzg',
      type: 'PAPER',
      plugins: ['/w/guard.jar'],
      authlibInjectorJar: '/ci/injector.jar',
      env: { A: '1', B: '2' },
    })
  })
})
