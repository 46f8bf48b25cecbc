/**
 * The guard's store keeps what it confirmed: "Successfully registered!" only after a durable
 * write, so kill -9 right after it loses nothing; a store that cannot be written is said at
 * start (missing directory) or to the player (a write that fails later), never a crash.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { killAllCli, spawnCli } from '../../../test/support/cli.ts'
import { HarnessInputError } from '../../errors.ts'
import { EmbeddedMinecraftServer } from '../embedded-server.ts'
import { attempt, type RawClient } from '../test-clients.ts'
import { AUTHME_MESSAGES, AuthMeGuard, hashPassword } from './authme.ts'

afterEach(killAllCli)

const VERSION = '1.8.8'

/** Joins as `name`, sends `/register`, resolves with the first guard reply after it. */
async function register(
  port: number,
  name: string,
  replies: string[] = [AUTHME_MESSAGES.registerSuccess, AUTHME_MESSAGES.error],
): Promise<{ reply: string; client: RawClient }> {
  const joined = await attempt({ port, version: VERSION, username: name, keep: true, timeoutMs: 20_000 })
  if (joined.kind !== 'joined') throw new Error(`${name} did not join: ${JSON.stringify(joined)}`)
  const client = joined.client
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no reply to /register within 20 s`)), 20_000)
    client.on('chat', (packet: { message: string }) => {
      const reply = replies.find((r) => packet.message.includes(r))
      if (!reply) return
      clearTimeout(timer)
      resolve({ reply, client })
    })
    client.on('end', () => reject(new Error(`${name}: connection ended before a reply to /register`)))
    client.write('chat', { message: '/register hunter22 hunter22' })
  })
}

async function storedNames(file: string): Promise<string[]> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { accounts: { name: string }[] }
  return parsed.accounts.map((a) => a.name)
}

describe('guard store', () => {
  it('kill -9 right after acknowledged /register loses none of them (server CLI in a child process)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-guard-'))
    try {
      const store = path.join(dir, 'authme.json')
      // A store of a busy server (20,000 accounts, ~2.5 MB): each save takes a while, as it would.
      const existing = Array.from({ length: 20_000 }, (_, i) => ({ name: `Old${i}`, hash: hashPassword(`password${i}`) }))
      await writeFile(store, JSON.stringify({ format: 'mc-login-harness/authme-v1', accounts: existing }))
      const out = spawnCli(['server', '--auth', 'guarded', '--version', VERSION, '--guard-store', store])
      const port = Number((await out.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/))[1])
      const acknowledged: string[] = []
      const total = 60
      const killAfter = 30
      let next = 0
      let killed = false
      // Registrations keep streaming in (8 at a time; each player leaves after its answer, the
      // server holds 20) when the server is killed mid-flight.
      const worker = async () => {
        while (!killed && next < total) {
          const name = `Reg${next++}`
          try {
            const { reply, client } = await register(port, name)
            client.end()
            if (reply !== AUTHME_MESSAGES.registerSuccess || killed) continue
            acknowledged.push(name)
            if (acknowledged.length === killAfter) {
              killed = true
              out.child.kill('SIGKILL')
            }
          } catch {
            // Connections cut by the kill.
          }
        }
      }
      await Promise.all(Array.from({ length: 8 }, worker))
      await out.exit()
      expect(killed).toBe(true)
      expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter)
      const stored = new Set(await storedNames(store))
      expect(acknowledged.filter((name) => !stored.has(name))).toEqual([])
      expect(stored.has('Old19999')).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('a store in a missing directory is refused at start: a HarnessInputError from the API (exit 2 from the CLI: test/cli-flags.test.ts)', async () => {
    const missing = path.join(tmpdir(), `mclh-no-such-dir-${process.pid}`, 'authme.json')
    await expect(AuthMeGuard.create({ kind: 'authme', storeFile: missing })).rejects.toThrow(HarnessInputError)
  })

  it("a write that fails later: the player reads AuthMe's error, stays unregistered, and the server goes on", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-guard-'))
    const storeDir = path.join(dir, 'store')
    await mkdir(storeDir)
    const server = await new EmbeddedMinecraftServer()
      .withAuth('guarded')
      .withVersion(VERSION)
      .withGuard({ kind: 'authme', storeFile: path.join(storeDir, 'authme.json') })
      .start()
    try {
      await rm(storeDir, { recursive: true })
      const failed = await register(server.getPort(), 'Unlucky')
      expect(failed.reply).toBe(AUTHME_MESSAGES.error)
      failed.client.end()
      await mkdir(storeDir)
      const retried = await register(server.getPort(), 'Unlucky')
      expect(retried.reply).toBe(AUTHME_MESSAGES.registerSuccess)
      retried.client.end()
      expect(await storedNames(path.join(storeDir, 'authme.json'))).toEqual(['Unlucky'])
    } finally {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
