/**
 * The local image holds the harness to itzg's runtime contract, with real containers: each rule
 * is shown failing loudly when broken (a root-owned file in /data, a plugin on VANILLA, a plugin
 * that never enables) and the builder is shown feeding it correctly (uid-1000 files, forced
 * whitelist, the plugin's Enabling line awaited, ports on 127.0.0.1 only). Under CI=true a
 * missing Docker fails these tests; elsewhere they are skipped with the reason.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getContainerRuntimeClient, type StartedNetwork } from 'testcontainers'
import { attemptLogin } from '../../bot/login-attempt.ts'
import { LOCAL_IMAGE } from './container-config.ts'
import { mustHaveDocker, probeDocker } from './docker-probe.ts'
import { ensureLocalImage } from './local-image.ts'
import { MinecraftServerContainer, type StartedMinecraftServerContainer } from './minecraft-server-container.ts'
import { dockerodeOf, startHarnessNetwork } from './resources.ts'
import { SessionServerContainer } from './session-container.ts'
import { writePluginJar } from './testing/plugin-jar-fixture.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[itzg contract tests skipped] ${docker.reason}`)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mclh-contract-'))
const guardJar = writePluginJar(dir, 'login-guard.jar', 'name: LoginGuard\nversion: 1.4.0\nmain: com.example.Main\n')
const brokenJar = writePluginJar(dir, 'needs-vault.jar', 'name: NeedsVault\nversion: 0.1\nmain: com.example.Main\ndepend: [Vault]\n')

/** Runs node inside the container (the image has no shell) and returns its stdout. */
async function nodeIn(server: StartedMinecraftServerContainer, script: string): Promise<string> {
  const result = await server.exec(['/usr/local/bin/node', '-e', script])
  expect(result.exitCode, result.output).toBe(0)
  return result.output.trim()
}

async function startFailure(container: MinecraftServerContainer): Promise<Error> {
  return container.start().then(
    async (started) => {
      await started.stop()
      return new Error('started although it should not have')
    },
    (e: unknown) => e as Error,
  )
}

describe.skipIf(skip)("the local image enforces itzg's contract", () => {
  beforeAll(async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    await ensureLocalImage()
  })

  it('runs as uid 1000 and refuses a root-owned file in /data, naming it', async () => {
    // What testcontainers' plain copy makes: a root-owned 0644 file, here over server.properties.
    const container = new MinecraftServerContainer(LOCAL_IMAGE)
      .withVersion('1.20.4')
      .withCopyContentToContainer([{ content: 'motd=copied\n', target: '/data/server.properties' }])
      .withStartupTimeout(20_000)
    const error = await startFailure(container)
    expect(error.message).toMatch(
      /did not become ready[\s\S]*not writable by uid 1000: \/data\/server\.properties \(owner uid 0\)[\s\S]*CUSTOM_SERVER_PROPERTIES/,
    )
  })

  it('WHITELIST forces white-list and enforce-whitelist on; set through env, server.properties stays uid 1000', async () => {
    const server = await new MinecraftServerContainer(LOCAL_IMAGE)
      .withVersion('1.20.4')
      .withWhitelist(['Alice'])
      .withEnvironment({ ENFORCE_WHITELIST: 'FALSE', CUSTOM_SERVER_PROPERTIES: 'motd=from env' })
      .start()
    try {
      const props = await nodeIn(
        server,
        "const fs=require('fs');process.stdout.write(fs.readFileSync('/data/server.properties','utf8')+'uid='+fs.statSync('/data/server.properties').uid+' me='+process.getuid())",
      )
      expect(props).toMatch(/^white-list=true$/m)
      expect(props).toMatch(/^enforce-whitelist=true$/m)
      expect(props).toMatch(/^motd=from env$/m)
      expect(props).toMatch(/uid=1000 me=1000$/)
      const bob = await attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version: '1.20.4',
        account: { kind: 'cracked', name: 'Bob' },
      })
      expect(bob.outcome).toBe('not_whitelisted')
      // Alice is on the list as her offline UUID (what the builder sends), not by name.
      const alice = await attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version: '1.20.4',
        account: { kind: 'cracked', name: 'Alice' },
      })
      expect(alice.outcome, alice.events.join('\n')).toBe('success')
    } finally {
      await server.stop()
    }
  })

  it('a plugin jar on PAPER: synced into /data/plugins as uid 1000, start() waits for its Enabling line', async () => {
    await using server = await new MinecraftServerContainer(LOCAL_IMAGE)
      .withType('PAPER')
      .withVersion('1.20.4')
      .withPlugins([guardJar])
      .start()
    // start() resolved, so the line is there already (no wait here).
    expect(server.getServerLog()).toMatch(/\[LoginGuard\] Enabling LoginGuard v1\.4\.0/)
    expect(
      await nodeIn(
        server,
        "process.stdout.write(String(require('fs').statSync('/data/plugins/login-guard.jar').uid)+' '+require('fs').statSync('/data/bukkit.yml').uid)",
      ),
    ).toBe('1000 1000')
  })

  it('a plugin jar on VANILLA is not synced (itzg syncs /plugins only for plugin types)', async () => {
    // The builder refuses this outright; bypass it to show the image's own rule.
    expect(() => new MinecraftServerContainer(LOCAL_IMAGE).withType('VANILLA').withPlugins([guardJar]).plan()).toThrow(
      /TYPE VANILLA loads no plugins/,
    )
    const server = await new MinecraftServerContainer(LOCAL_IMAGE)
      .withType('VANILLA')
      .withVersion('1.20.4')
      .withCopyFilesToContainer([{ source: guardJar, target: '/plugins/login-guard.jar' }])
      .start()
    try {
      expect(server.getServerLog()).not.toMatch(/Enabling LoginGuard/)
      await server.waitForServerLog(/\/plugins is not synced: TYPE=VANILLA loads no plugins/)
      expect(await nodeIn(server, "process.stdout.write(String(require('fs').existsSync('/data/plugins')))")).toBe('false')
    } finally {
      await server.stop()
    }
  })

  it('a plugin that never enables fails start() with the server log tail, although the server printed Done', async () => {
    const error = await startFailure(
      new MinecraftServerContainer(LOCAL_IMAGE).withType('PAPER').withVersion('1.20.4').withPlugins([guardJar, brokenJar]),
    )
    expect(error.message).toMatch(/plugin NeedsVault never logged "Enabling NeedsVault"/)
    expect(error.message).toMatch(/--- last log lines ---[\s\S]*Unknown\/missing dependency plugins: \[Vault\][\s\S]*Done \(/)
  })

  it('a Paper jar cache folder: the first server saves the jar it downloaded, the next runs it with PAPER_CUSTOM_JAR (nothing root-owned in /data)', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'mclh-paper-cache-'))
    const paper = () =>
      new MinecraftServerContainer(LOCAL_IMAGE).withType('PAPER').withVersion('1.20.4').withAuth('cracked').withPaperCache(cache)
    const first = await paper().start()
    try {
      expect(first.getServerLog()).toContain('Downloaded Paper 1.20.4 to /data/paper-1.20.4-stand-in.jar')
    } finally {
      await first.stop()
    }
    // The jar the stand-in "downloaded" (itzg: mc-image-helper install-paper), named by /data/.paper.env.
    expect(fs.readFileSync(path.join(cache, 'paper-1.20.4.jar'), 'utf8')).toBe('stand-in for the Paper 1.20.4 server jar itzg downloads\n')
    expect(fs.readdirSync(cache)).toEqual(['paper-1.20.4.jar'])
    // The image refuses to start on a root-owned file in /data, so a start is the ownership check.
    await using second = await paper().start()
    expect(second.getServerLog()).toContain('Using PAPER_CUSTOM_JAR /opt/mc-login-harness/paper-1.20.4.jar (nothing downloaded)')
    expect(second.getServerLog()).not.toContain('Downloaded Paper')
    expect(await nodeIn(second, "console.log(require('fs').existsSync('/data/.paper.env'))")).toBe('false')
  })
})

describe.skipIf(skip)('published ports', () => {
  let network: StartedNetwork | undefined

  afterAll(async () => {
    await network?.stop()
  })

  it("bind 127.0.0.1 only: the server port and the mock's session and admin ports", async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    await ensureLocalImage()
    network = await startHarnessNetwork()
    const session = await new SessionServerContainer().withNetwork(network).withAlias('ports-session').start()
    const server = await new MinecraftServerContainer(LOCAL_IMAGE).withVersion('1.20.4').start()
    try {
      const dockerode = dockerodeOf(await getContainerRuntimeClient())
      for (const id of [server.getId(), session.getId()]) {
        const info = await dockerode.getContainer(id).inspect()
        const bindings = Object.values(info.HostConfig.PortBindings ?? {}).flat() as { HostIp: string }[]
        expect(bindings.length).toBeGreaterThan(0)
        expect(bindings.map((b) => b.HostIp)).toEqual(bindings.map(() => '127.0.0.1'))
        const published = Object.values(info.NetworkSettings.Ports ?? {})
          .flat()
          .filter(Boolean) as { HostIp: string }[]
        expect(published.map((p) => p.HostIp)).toEqual(published.map(() => '127.0.0.1'))
      }
      expect(server.getHost()).toBe('127.0.0.1')
      const ok = await attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version: '1.20.4',
        account: { kind: 'cracked', name: 'Steve' },
      })
      expect(ok.outcome, ok.events.join('\n')).toBe('success')
      // The mock's admin API answers on the loopback address it is published on.
      expect(await session.journal()).toEqual(expect.any(Array))
    } finally {
      await server.stop()
      await session.stop()
    }
  })
})
