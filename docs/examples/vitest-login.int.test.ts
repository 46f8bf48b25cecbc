import { test, expect } from 'mc-login-harness/vitest'

// Each test starts its own servers: give it more than vitest's default 5 s on a loaded machine.
test('my plugin still lets premium players in', { timeout: 30_000 }, async ({ premiumServer, sessionServer, login }) => {
  expect(await login(premiumServer, { premium: 'Alice' })).toHaveJoined()
  await sessionServer.use({ route: 'hasJoined', mode: 'status', status: 503 }) // per test, like msw
  expect(await login(premiumServer, { premium: 'Alice' })).toBeKickedWith('auth_servers_down')
})
test.override({ mcVersion: '1.20.4' }) // per file or describe block; default: latest
// and, from a host's own files: test.override({ serverPropertiesFile: 'server/server.properties', whitelist: ['Alice'] })
