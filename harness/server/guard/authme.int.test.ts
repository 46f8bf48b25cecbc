import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from '../embedded-server.ts'
import { attempt, decodeReason } from '../test-clients.ts'
import type { GuardOptions } from '../types.ts'
import { AUTHME_MESSAGES as M, AUTHME_TEXTS as T } from './authme.ts'
import { createUnconnectedBot } from '../../bot/mineflayer-bot.ts'

interface TestBot {
  messages: string[]
  /** Resolves with the next system message containing `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<string>
  kicked: Promise<string>
  chat(line: string): void
  quit(): void
}

const open: TestBot[] = []
const servers: StartedEmbeddedServer[] = []
afterEach(async () => {
  for (const bot of open.splice(0)) bot.quit()
  await Promise.all(servers.splice(0).map((s) => s.stop()))
})

async function guarded(version: string, guard: Omit<GuardOptions, 'kind'> = {}) {
  const server = await new EmbeddedMinecraftServer()
    .withAuth('guarded')
    .withVersion(version)
    .withGuard({ kind: 'authme', ...guard })
    .start()
  servers.push(server)
  return server
}

function kickText(reason: unknown): string {
  const component = decodeReason(reason)
  return typeof component.text === 'string' ? component.text : JSON.stringify(component)
}

/** A mineflayer bot that has spawned (or rejects with how it was turned away). */
function join(server: StartedEmbeddedServer, username: string): Promise<TestBot> {
  const { bot, connect } = createUnconnectedBot({
    host: '127.0.0.1',
    port: server.getPort(),
    version: server.getVersion(),
    account: { kind: 'cracked', name: username },
  })
  const messages: string[] = []
  const waiters: Array<{ text: string; resolve: (m: string) => void }> = []
  let kickedResolve!: (t: string) => void
  const kicked = new Promise<string>((resolve) => (kickedResolve = resolve))
  bot.on('messagestr', (message: string) => {
    messages.push(message)
    for (const w of [...waiters])
      if (message.includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(message)
      }
  })
  bot.on('kicked', (reason: unknown) => kickedResolve(kickText(reason)))
  bot.on('error', () => {})
  const handle: TestBot = {
    messages,
    kicked,
    waitFor(text, timeoutMs = 15_000) {
      const seen = messages.find((m) => m.includes(text))
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no message containing "${text}" within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)),
          timeoutMs,
        )
        waiters.push({
          text,
          resolve: (m) => {
            clearTimeout(timer)
            resolve(m)
          },
        })
      })
    },
    chat: (line) => bot.chat(line),
    quit: () => bot.end(),
  }
  open.push(handle)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bot did not spawn within 30 s')), 30_000)
    bot.once('spawn', () => {
      clearTimeout(timer)
      resolve(handle)
    })
    kicked.then((text) => {
      clearTimeout(timer)
      reject(new Error(`kicked before spawn: ${text}`))
    })
    connect()
  })
}

describe.each(['1.8.8', '1.20.4', '26.1'])('AuthMe guard on %s', (version) => {
  it('register, chat blocked until then, login on the next visit; a wrong password kicks', async () => {
    const server = await guarded(version)
    const first = await join(server, 'Newbie')
    await first.waitFor(M.registerPrompt)
    first.chat('hello?')
    await first.waitFor(M.deniedChat)
    first.chat('/spawn')
    await first.waitFor(M.deniedCommand)
    first.chat('/register secret1 secret2')
    await first.waitFor(M.passwordMismatch)
    first.chat('/register secret1 secret1')
    await first.waitFor(M.registerSuccess)
    first.quit()

    const second = await join(server, 'Newbie')
    await second.waitFor(M.loginPrompt)
    second.chat('/login secret1')
    await second.waitFor(M.loginSuccess)
    second.quit()

    const third = await join(server, 'Newbie')
    await third.waitFor(M.loginPrompt)
    third.chat('/login nope')
    expect(await third.kicked).toBe(T.wrongPassword)
  })

  it('kicks an idle player at the configured timeout', async () => {
    const server = await guarded(version, { timeoutMs: 300 })
    const started = performance.now()
    const bot = await join(server, 'Idle')
    expect(await bot.kicked).toBe(T.timeout)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
  })
})

describe('AuthMe guard rules at login (1.20.4)', () => {
  it('kickNonRegistered refuses unknown names at login, lets registered ones in', async () => {
    const server = await guarded('1.20.4', { kickNonRegistered: true, registered: { Member: 'hunter22' } })
    const stranger = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Stranger' })
    expect(stranger).toMatchObject({ kind: 'kicked', state: 'login', reason: { text: T.registrationOnly } })
    expect((await attempt({ port: server.getPort(), version: '1.20.4', username: 'Member' })).kind).toBe('joined')
  })

  it('refuses a second connection with the same name (AuthMe, unlike vanilla) and keeps the first', async () => {
    const server = await guarded('1.20.4')
    const first = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Solo', keep: true })
    expect(first.kind).toBe('joined')
    try {
      const second = await attempt({ port: server.getPort(), version: '1.20.4', username: 'SOLO' })
      expect(second).toMatchObject({ kind: 'kicked', state: 'login', reason: { text: T.sameNameOnline } })
      expect(server.onlinePlayers()).toEqual(['Solo'])
    } finally {
      if (first.kind === 'joined') first.client.end()
    }
  })

  it('on Paper 1.20.4 (duplicates kicked before the checks) AuthMe cancels that kick and refuses the newcomer; without ForceSingleSession the old player goes', async () => {
    for (const [forceSingleSession, stays] of [
      [true, 'first'],
      [false, 'second'],
    ] as const) {
      const server = await new EmbeddedMinecraftServer()
        .withAuth('guarded')
        .withPlatform('paper')
        .withVersion('1.20.4')
        .withGuard({ kind: 'authme', forceSingleSession })
        .start()
      servers.push(server)
      const first = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Solo', keep: true })
      expect(first.kind).toBe('joined')
      try {
        const second = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Solo', keep: true })
        if (stays === 'first') {
          expect(second).toMatchObject({ kind: 'kicked', state: 'login', reason: { text: T.sameNameOnline } })
          expect(server.onlinePlayers()).toEqual(['Solo'])
        } else {
          expect(second.kind).toBe('joined')
          if (second.kind === 'joined') second.client.end()
        }
      } finally {
        if (first.kind === 'joined') first.client.end()
      }
    }
  })

  it('sends a player who moves before logging in back to where they stood', async () => {
    const server = await guarded('1.20.4')
    const joined = await attempt({ port: server.getPort(), version: '1.20.4', username: 'Walker', keep: true })
    expect(joined.kind).toBe('joined')
    if (joined.kind !== 'joined') return
    try {
      // The spawn teleport may already be behind us; the next one can only be the send-back.
      const back = new Promise<{ x: number; z: number }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no teleport back within 15 s')), 15_000)
        joined.client.once('position', (p: { x: number; z: number }) => {
          clearTimeout(timer)
          resolve(p)
        })
      })
      joined.client.write('position', { x: 10.5, y: 64, z: 10.5, onGround: true, flags: { onGround: true } })
      expect(await back).toMatchObject({ x: 0.5, z: 0.5 })
    } finally {
      joined.client.end()
    }
  })

  it('keeps registrations in a store file (hashed, never plaintext) across a restart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-authme-'))
    try {
      const storeFile = path.join(dir, 'authme.json')
      const first = await guarded('1.20.4', { storeFile })
      const bot = await join(first, 'Keeper')
      bot.chat('/register longpass1 longpass1')
      await bot.waitFor(M.registerSuccess)
      bot.quit()
      await first.stop()
      const stored = await readFile(storeFile, 'utf8')
      expect(stored).not.toContain('longpass1')
      expect(JSON.parse(stored).accounts[0]).toMatchObject({
        name: 'Keeper',
        hash: expect.stringMatching(/^\$SHA\$[0-9a-f]+\$[0-9a-f]{64}$/),
      })

      const second = await guarded('1.20.4', { storeFile })
      const again = await join(second, 'Keeper')
      await again.waitFor(M.loginPrompt)
      again.chat('/login longpass1')
      await again.waitFor(M.loginSuccess)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
