import { test, expect } from 'vitest'
import { attemptLogin, ResourceScope } from 'mc-login-harness'
import { MinecraftServerContainer, SessionServerContainer, startHarnessNetwork } from 'mc-login-harness/container'

test('a premium player joins Paper 1.20.4 through the mock, and an outage keeps them out', { timeout: 120_000 }, async () => {
  await using scope = new ResourceScope() // owns all three; at the end removes them, last first, also on failure
  const network = await startHarnessNetwork(scope)
  const session = await new SessionServerContainer().withScope(scope).withNetwork(network).withAlias('session').start()
  const server = await new MinecraftServerContainer() // itzg/minecraft-server by default
    .withLocalImage() // the stand-in image instead: no registry needed
    .withScope(scope)
    .withNetwork(network)
    .withType('PAPER') // with .withPlugins(['build/libs/my-plugin.jar']) for your jar
    .withVersion('1.20.4')
    .withAuth('premium')
    .withSessionServer(session.getServerFacingUrl())
    .start() // waits for "Done (...)!" and each plugin's "Enabling" line

  const alice = await session.createAccount({ name: 'Alice' })
  const login = () =>
    attemptLogin({
      host: server.getHost(),
      port: server.getPort(),
      version: '1.20.4',
      sessionServer: session.getUrl(),
      account: { kind: 'premium', name: alice.name, id: alice.id, accessToken: alice.accessToken },
    })
  expect((await login()).outcome).toBe('success')
  await session.use({ route: 'hasJoined', mode: 'status', status: 503 })
  expect((await login()).outcome).toBe('auth_servers_down')
})
