/**
 * The library leaves the caller's environment alone: no file under harness/ assigns to
 * process.env, and starting containers through the container API (network, mock session server,
 * Minecraft server, a bot's login) leaves process.env exactly as it was. testcontainers settings go
 * in as options (withAutoCleanup, getHost via resources.ts). Under CI=true a missing Docker fails
 * the behavioural test; elsewhere it is skipped with the reason.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { attemptLogin } from '../../bot/login-attempt.ts'
import { mustHaveDocker, probeDocker } from './docker-probe.ts'
import { ensureLocalImage } from './local-image.ts'
import { MinecraftServerContainer } from './minecraft-server-container.ts'
import { startHarnessNetwork } from './resources.ts'
import { SessionServerContainer } from './session-container.ts'

const HARNESS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** An assignment, compound assignment, delete or bulk write whose target is process.env or one of its keys. */
const ENV_WRITE =
  /process\.env(\.[A-Za-z_$][\w$]*|\[[^\]]+\])?\s*(=(?!=)|\?\?=|\|\|=|&&=)|delete\s+process\.env|(Object\.(assign|defineProperty|defineProperties)|Reflect\.(set|defineProperty|deleteProperty))\(\s*process\.env/

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(file)
    // Tests may set up the environment of the processes they spawn; they are not the library.
    return /\.(ts|mts|mjs|js)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [file] : []
  })
}

describe('process.env', () => {
  it('the pattern catches every way of writing it (so the scan below can fail)', () => {
    for (const line of [
      "process.env.X = '1'",
      "process.env.X ??= '1'",
      "process.env['X'] = '1'",
      'delete process.env.X',
      'Object.assign(process.env, {})',
    ]) {
      expect(line, line).toMatch(ENV_WRITE)
    }
    for (const line of ["process.env.X === 'true'", 'const { X } = process.env', 'f(process.env)', "env: { ...process.env, X: '1' }"]) {
      expect(line, line).not.toMatch(ENV_WRITE)
    }
  })

  it('no file under harness/ writes it', () => {
    const files = sources(HARNESS)
    expect(files.length).toBeGreaterThan(50)
    const writes = files.flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (ENV_WRITE.test(line) ? [`${path.relative(HARNESS, file)}:${i + 1}: ${line.trim()}`] : [])),
    )
    expect(writes).toEqual([])
  })
})

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[container tests skipped] ${docker.reason}`)

describe.skipIf(skip)('the container API', () => {
  let before: NodeJS.ProcessEnv
  beforeAll(async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    before = { ...process.env }
    // Building the image (when its inputs changed) is part of the API too: the env is compared after it.
    await ensureLocalImage()
  })

  it('leaves process.env unchanged while starting, using and stopping containers', async () => {
    const network = await startHarnessNetwork()
    try {
      await using session = await new SessionServerContainer().withNetwork(network).start()
      const server = await new MinecraftServerContainer()
        .withLocalImage()
        .withNetwork(network)
        .withAuth('premium')
        .withSessionServer(session.getServerFacingUrl())
        .start()
      try {
        // A local daemon: the mapped ports are reached on loopback, without TESTCONTAINERS_HOST_OVERRIDE.
        expect(server.getHost()).toBe(process.env.TESTCONTAINERS_HOST_OVERRIDE ?? '127.0.0.1')
        const account = await session.createAccount({ name: 'EnvCheck' })
        const attempt = await attemptLogin({
          host: server.getHost(),
          port: server.getPort(),
          version: server.getVersion(),
          account: { kind: 'premium', name: account.name, id: account.id, accessToken: account.accessToken },
          sessionServer: session.getUrl(),
        })
        expect(attempt.outcome).toBe('success')
      } finally {
        await server.stop()
      }
    } finally {
      await network.stop()
    }
    expect(process.env).toEqual(before)
  })
})
