import { describe, expect, test } from 'mc-login-harness/vitest'

// Written the way a plugin author would write their own tests: only the public entry is imported.
describe('mc-login-harness/vitest fixtures and matchers', () => {
  test('a premium player joins a premium server', async ({ premiumServer, login }) => {
    expect(await login(premiumServer, { premium: 'Alice' })).toHaveJoined()
  })

  test('a cracked client is refused by a premium server', async ({ premiumServer, login }) => {
    const attempt = await login(premiumServer, { cracked: 'Steve' })
    expect(attempt).toBeKickedWith('unverified_username', 'Failed to verify username!')
    expect(attempt).not.toHaveJoined()
  })

  test('faults are per test, msw style', async ({ premiumServer, sessionServer, login }) => {
    await sessionServer.use({ route: 'hasJoined', mode: 'status', status: 503 })
    expect(await login(premiumServer, { premium: 'Alice' })).toBeKickedWith('auth_servers_down', /^Authentication servers are down/)
    await sessionServer.resetFaults()
    expect(await login(premiumServer, { premium: 'Alice' })).toHaveJoined()
    const hasJoinedCalls = (await sessionServer.journal()).filter((e) => e.route === 'hasJoined')
    expect(hasJoinedCalls.map((e) => e.status)).toEqual([503, 200])
  })

  test('a revoked token shows "Invalid session"', async ({ premiumServer, login }) => {
    expect(await login(premiumServer, { revoked: 'Alice' })).toBeKickedWith('invalid_session', /Invalid session/)
  })

  test('signed in elsewhere since: the older token shows "Invalid session"', async ({ premiumServer, login }) => {
    expect(await login(premiumServer, { loggedInElsewhere: 'Elsa' })).toBeKickedWith('invalid_session', /Invalid session/)
  })

  test('a cracked server lets an impersonator in', async ({ crackedServer, login }) => {
    expect(await login(crackedServer, { impersonator: 'Notch' })).toHaveOutcome('success')
  })

  test('the guard kicks a wrong password', async ({ guardedServer, login }) => {
    const steps = [
      { do: 'waitForChat' as const, pattern: '/register <password>' },
      { do: 'chat' as const, text: '/register pw1234 pw1234' },
      { do: 'waitForChat' as const, pattern: 'Successfully registered' },
    ]
    expect(await login(guardedServer, { cracked: 'Steve' }, { steps })).toHaveJoined()
    const wrong = [
      { do: 'waitForChat' as const, pattern: '/login <password>' },
      { do: 'chat' as const, text: '/login nope' },
      { do: 'expectKick' as const },
    ]
    expect(await login(guardedServer, { cracked: 'Steve' }, { steps: wrong })).toBeKickedWith('kicked', 'Wrong password!')
  })

  test('matcher failures say what the player saw', async ({ premiumServer, login }) => {
    const attempt = await login(premiumServer, { cracked: 'Steve' })
    expect(() => expect(attempt).toHaveJoined()).toThrow(
      /expected the bot to join, but it saw unverified_username \[multiplayer.disconnect.unverified_username\] "Failed to verify username!"/,
    )
  })
})

describe.each(['1.8.8', '1.20.4'])('on %s', (version) => {
  test.override({ mcVersion: version })
  test('the version fixture reaches the server and the bot', async ({ crackedServer, login }) => {
    expect(crackedServer.getVersion()).toBe(version)
    expect(await login(crackedServer, { cracked: 'Steve' })).toHaveJoined()
  })
})

describe("a host's server.properties and whitelist as fixture options", () => {
  // fixtures/properties/whitelist.properties: online-mode=true, white-list=true, enforce-whitelist=true.
  test.override({ serverPropertiesFile: 'fixtures/properties/whitelist.properties', whitelist: ['Alice'] })
  test('only the whitelisted premium player gets in', async ({ premiumServer, login }) => {
    expect(await login(premiumServer, { premium: 'Alice' })).toHaveJoined()
    expect(await login(premiumServer, { premium: 'Mallory' })).toBeKickedWith('not_whitelisted')
  })
})

describe('bans as fixture options', () => {
  test.override({ bannedNames: ['Griefer'] })
  test('a banned name is refused, another joins', async ({ crackedServer, login }) => {
    expect(await login(crackedServer, { cracked: 'Griefer' })).toBeKickedWith('banned')
    expect(await login(crackedServer, { cracked: 'Steve' })).toHaveJoined()
  })
})
