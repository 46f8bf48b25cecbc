/**
 * A run to interrupt (cleanup.docker.test.ts): starts a network, the mock session container and a
 * server container, then waits for SIGINT. `starting` keeps the server container from ever
 * becoming ready, so the signal lands while start() is still waiting.
 *   tsx interrupted-run.ts ready|starting
 */
import { Wait } from 'testcontainers'
import { installSignalHandlers, ResourceScope } from '../../../resource-scope.ts'
import { localImage } from '../container-config.ts'
import { MinecraftServerContainer } from '../minecraft-server-container.ts'
import { startHarnessNetwork } from '../resources.ts'
import { SessionServerContainer } from '../session-container.ts'

installSignalHandlers((error) => console.error(`left running: ${String(error)}`))
const mode = process.argv[2] ?? 'ready'
// As a run does: one scope (under the process's root, which the signal disposes) owns it all,
// the network first so it goes last.
const scope = new ResourceScope({ name: 'interrupted run' })
const network = await startHarnessNetwork(scope)
const session = await new SessionServerContainer().withScope(scope).withNetwork(network).start()
const server = new MinecraftServerContainer(localImage())
  .withScope(scope)
  .withNetwork(network)
  .withVersion('1.20.4')
  .withAuth('premium')
  .withSessionServer(session.getServerFacingUrl())
if (mode === 'starting') server.withWaitStrategy(Wait.forLogMessage(/this line never comes/)).withStartupTimeout(60_000)
try {
  await server.start()
} catch (error) {
  // As the CLI does: a failure (here: the container removed under a starting server) disposes
  // the scope (waiting for the signal's disposal when that one came first) before exiting.
  console.error(String(error).split('\n')[0])
  await scope.dispose().catch((stopError: unknown) => console.error(`left running: ${String(stopError)}`))
  process.exit(1)
}
console.log('READY')
// Stay alive until the signal handler stops everything and exits.
setInterval(() => {}, 60_000)
