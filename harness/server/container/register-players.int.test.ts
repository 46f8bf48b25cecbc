/**
 * The in-game registration of pre-registered guard players (what a container server gets, since
 * itzg has no variable for AuthMe accounts), against the embedded server behind the same guard
 * and the same console lines as the local image (startEmbeddedFromConfig): no Docker needed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { attemptLogin } from '../../bot/login-attempt.ts'
import type { StartedEmbeddedServer } from '../embedded-server.ts'
import { startEmbeddedFromConfig } from './embedded-entry.ts'
import { registerThroughGame, type RegistrationTarget } from './register-players.ts'

const started: StartedEmbeddedServer[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()))
})

/** A guarded embedded server seen as a container is: its console lines and a wait on them. */
async function guardedServer(): Promise<RegistrationTarget> {
  const lines: string[] = []
  const waiters = new Set<() => void>()
  const server = await startEmbeddedFromConfig({ auth: 'guarded', version: '1.20.4', guard: { kind: 'authme' } }, (line) => {
    lines.push(line)
    for (const wake of waiters) wake()
  })
  started.push(server)
  return {
    getHost: () => server.getHost(),
    getPort: () => server.getPort(),
    getVersion: () => server.getVersion(),
    getServerLog: () => lines.join('\n'),
    waitForServerLog: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = lines.join('\n').match(pattern)
          if (!match) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve(match)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no ${pattern}`))
        }, timeoutMs)
        waiters.add(check)
        check()
      }),
  }
}

const login = (server: RegistrationTarget, name: string, password: string) =>
  attemptLogin({
    host: server.getHost(),
    port: server.getPort(),
    version: server.getVersion(),
    account: { kind: 'cracked', name },
    steps: [
      { do: 'waitForChat', pattern: '/login <password>' },
      { do: 'chat', text: `/login ${password}` },
      { do: 'waitForChat', pattern: 'Successful login|Wrong password' },
    ],
  })

describe('registerThroughGame', () => {
  it('registers each player with /register, so they then log in with that password and no other', async () => {
    const server = await guardedServer()
    await registerThroughGame(server, { Steve: 'hunter22', Alice: 'correct-horse' })
    // Each registration bot left, and the server logged it out, before the call returned.
    expect(server.getServerLog()).toMatch(/Steve left the game[\s\S]*Alice left the game/)
    const steve = await login(server, 'Steve', 'hunter22')
    expect([steve.outcome, steve.chat]).toEqual(['success', expect.arrayContaining(['Successful login!'])])
    const alice = await login(server, 'Alice', 'wrong-one')
    expect([alice.outcome, alice.message]).toEqual(['kicked', 'Wrong password!'])
  }, 60_000)

  it("fails naming the player and the guard's own words when it refuses the password", async () => {
    const server = await guardedServer()
    await expect(registerThroughGame(server, { Bob: 'password' })).rejects.toThrow(
      /^guard\.registered: could not register Bob through the game \(\/register\): the guard answered "The chosen password isn't safe, please choose another one\.\.\."; the server said in chat: .*--- last log lines ---/s,
    )
  }, 60_000)
})
