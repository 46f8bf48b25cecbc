import { containerTest as test, expect } from 'mc-login-harness/vitest/container'

// Container starts take seconds on the local stand-in image, minutes on itzg's first start.
test('premium players get in, cracked ones do not', { timeout: 120_000 }, async ({ premiumContainer, sessionServer, login }) => {
  expect(await login(premiumContainer, { premium: 'Alice' })).toHaveJoined()
  expect(await login(premiumContainer, { cracked: 'Steve' })).toBeKickedWith('unverified_username')
  await sessionServer.use({ route: 'hasJoined', mode: 'status', status: 503 }) // reaches the server in its container
  expect(await login(premiumContainer, { premium: 'Alice' })).toBeKickedWith('auth_servers_down')
})
// test.override({ serverImage: 'itzg', serverType: 'PAPER', plugins: ['build/libs/my-plugin.jar'], configFiles: { 'MyPlugin/config.yml': 'test/my-plugin.yml' } })
