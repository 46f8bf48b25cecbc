/** The container module keeps the builder contract it shares with the embedded server (no Docker needed: nothing starts). */
import { describe, expect, it } from 'vitest'
import { EmbeddedMinecraftServer } from '../embedded-server.ts'
import type { ServerBuilder, ServerConfig } from '../types.ts'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { latestVersion } from '../../versions.ts'
import { localImage } from './container-config.ts'
import { MinecraftServerContainer } from './minecraft-server-container.ts'
import { zipOf } from './testing/plugin-jar-fixture.ts'

const builders: Array<[string, () => ServerBuilder]> = [
  ['embedded', () => new EmbeddedMinecraftServer()],
  ['container', () => new MinecraftServerContainer()],
]

describe('one builder contract', () => {
  for (const [name, make] of builders) {
    it(`${name}: withConfig takes a whole ServerConfig and refuses a bad guard with the schema's words`, () => {
      const config: ServerConfig = { auth: 'cracked', version: '1.20.4', whitelist: ['Alice'] }
      expect(make().withConfig(config)).toBeDefined()
      expect(() => make().withGuard({ kind: 'authme', timeoutMs: -1 } as never)).toThrow(/guard › timeoutMs/)
    })
  }

  it("container: a server folder's list files are refused with what to do, not silently dropped", () => {
    const config: ServerConfig = {
      auth: 'premium',
      version: '1.20.4',
      lists: { whitelist: [{ uuid: '069a79f444e94726a5befca90e38aaf5', name: 'Notch' }], ops: [] },
    }
    expect(() => new MinecraftServerContainer().withConfig(config)).toThrow(
      "the container backend cannot load a server's list files yet (whitelist); run this check with --backend embedded",
    )
  })
})

describe('one name per method', () => {
  it("container variables are set with testcontainers' own withEnvironment(), which wins over the plan; no alias", () => {
    expect('withEnv' in MinecraftServerContainer.prototype).toBe(false)
    const container = new MinecraftServerContainer().withAuth('cracked').withEnvironment({ MEMORY: '2G' })
    expect(container.plan().env.MEMORY).toBe('1G')
  })
})

describe('the local image tag', () => {
  it('is LOCAL_IMAGE unless MC_LOGIN_HARNESS_LOCAL_IMAGE names another under mc-login-harness/', async () => {
    const { LOCAL_IMAGE, localImage } = await import('./container-config.ts')
    expect(localImage({})).toBe(LOCAL_IMAGE)
    expect(localImage({ MC_LOGIN_HARNESS_LOCAL_IMAGE: 'mc-login-harness/embedded:my-branch' })).toBe('mc-login-harness/embedded:my-branch')
    expect(() => localImage({ MC_LOGIN_HARNESS_LOCAL_IMAGE: 'postgres:16' })).toThrow(
      'MC_LOGIN_HARNESS_LOCAL_IMAGE: "postgres:16" must be mc-login-harness/<name>:<tag>',
    )
  })
})

describe('before a container starts', () => {
  it('`latest` is the newest version the bots speak', () => {
    const server = new MinecraftServerContainer().withVersion('latest')
    expect((server as unknown as { spec: { version: string } }).spec.version).toBe(latestVersion())
  })

  it("a plugin jar compiled for a newer Java than the version's image is refused, naming both", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mclh-java-'))
    const jar = path.join(dir, 'plugin.jar')
    fs.writeFileSync(
      jar,
      zipOf([
        { name: 'plugin.yml', data: Buffer.from('name: Newer\nversion: 1\nmain: com.example.Main\n'), deflate: true },
        { name: 'com/example/Main.class', data: Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 65]), deflate: false },
      ]),
    )
    for (const image of ['itzg', 'local'] as const) {
      const server = new MinecraftServerContainer(image === 'itzg' ? undefined : localImage())
        .withType('PAPER')
        .withVersion('1.20.4')
        .withAuth('cracked')
        .withPlugins([jar])
      await expect(server.start()).rejects.toThrow(
        /compiled for Java 21 \(class file version 65\), but itzg\/minecraft-server:java17 \(the image for Minecraft 1\.20\.4\) runs Java 17/,
      )
    }
  })
})
