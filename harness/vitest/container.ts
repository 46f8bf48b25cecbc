/**
 * `mc-login-harness/vitest/container`: the embedded fixtures' `test` extended with servers in
 * containers (the testcontainers module of server/container/). A separate entry so that
 * `mc-login-harness/vitest` keeps testcontainers and its Docker client out of the import graph of
 * tests that only use embedded servers (test: vitest/container.int.test.ts).
 *
 * ```ts
 * import { containerTest as test, expect } from 'mc-login-harness/vitest/container'
 * test.override({ serverType: 'PAPER', plugins: ['build/libs/my-plugin.jar'] })
 * test('premium players still get in', { timeout: 120_000 }, async ({ premiumContainer, login }) => {
 *   expect(await login(premiumContainer, { premium: 'Alice' })).toHaveJoined()
 * })
 * ```
 */
import './../require-node.ts' // first: a plain error on a too-old Node
import type { StartedNetwork } from 'testcontainers'
import { containerBackendOptionsFromEnv } from '../backends/container.ts'
import { mustHaveDocker, probeDocker } from '../server/container/docker-probe.ts'
import { parseServerType, type ServerType } from '../server/container/env-contract.ts'
import { ensureLocalImage, type LocalImageResult } from '../server/container/local-image.ts'
import { MinecraftServerContainer, type StartedMinecraftServerContainer } from '../server/container/minecraft-server-container.ts'
import { startHarnessNetwork } from '../server/container/resources.ts'
import { SessionServerContainer, type StartedSessionServerContainer } from '../server/container/session-container.ts'
import type { AuthMode } from '../server/types.ts'
import { resolveVersion } from '../versions.ts'
import { test, type HarnessFixtures } from './index.ts'

export interface ContainerFixtures {
  /**
   * `local` (the harness's stand-in image of the embedded server, built here without a registry),
   * `itzg` (real servers; the Java tag chosen per version) or an image reference. Default:
   * MC_LOGIN_HARNESS_IMAGE, else `local`, as for `run --backend container`.
   */
  serverImage: string | undefined
  /** itzg's TYPE (PAPER, SPIGOT, ...). Default: MC_LOGIN_HARNESS_SERVER_TYPE, else PAPER on itzg or with plugins, else VANILLA. */
  serverType: ServerType | Lowercase<ServerType> | undefined
  /** Plugin jars (local paths, https://, modrinth:, spiget:). Default: MC_LOGIN_HARNESS_PLUGINS, else none. start() waits for each local jar's Enabling line. */
  plugins: string[] | undefined
  /** Extra files by server-folder path, e.g. `{ 'AuthMe/config.yml': './test/authme.yml' }` (withConfigFiles). */
  configFiles: Record<string, string>
  /** Extra container variables (itzg's); they win over the harness's own (withEnvironment). */
  containerEnv: Record<string, string>
  /** itzg MEMORY (withMemory); default 1G. */
  containerMemory: string | undefined
  /** authlib-injector.jar for premium servers of 1.15 and older. Default: MC_LOGIN_HARNESS_AUTHLIB_INJECTOR. */
  authlibInjectorJar: string | undefined
  /** How long a server container may take to log its ready line (default: 60 s local, 300 s itzg). */
  containerStartupTimeoutMs: number | undefined
  /** The test's own Docker network: the server containers reach the mock on it by alias. */
  containerNetwork: StartedNetwork
  /**
   * The mock session server in a container on `containerNetwork` (its admin API over a port mapped
   * to this host): the same control surface as the embedded fixtures' mock, which a server in a
   * container could not reach. `account` and `login` use it.
   */
  sessionServer: StartedSessionServerContainer
  /** A started server container, online mode, asking `sessionServer` (by its alias on the network). */
  premiumContainer: StartedMinecraftServerContainer
  crackedContainer: StartedMinecraftServerContainer
  /** Offline mode behind the password guard (`guardOptions`): the local image's built-in guard, or AuthMe on itzg (add its jar to `plugins`). */
  guardedContainer: StartedMinecraftServerContainer
}

/**
 * Fixtures for servers in containers, next to the embedded ones (all of `mc-login-harness/vitest`'s
 * options apply: `mcVersion`, `serverProperties`, `serverPropertiesFile`, `whitelist`,
 * `bannedNames`, `bannedIps`, `guardOptions`). Each test gets its own network, mock and server,
 * stopped and removed after it, also when it fails. Docker missing: the test fails under CI=true
 * and is skipped with the reason elsewhere. Container starts take seconds (local image) to
 * minutes (itzg's first download): give these tests a timeout (docs/vitest.md).
 */
export const containerTest = test.extend<ContainerFixtures>({
  serverImage: [undefined, { injected: true }],
  serverType: [undefined, { injected: true }],
  plugins: [undefined, { injected: true }],
  configFiles: [{}, { injected: true }],
  containerEnv: [{}, { injected: true }],
  containerMemory: [undefined, { injected: true }],
  authlibInjectorJar: [undefined, { injected: true }],
  containerStartupTimeoutMs: [undefined, { injected: true }],

  containerNetwork: async ({ skip }, use) => {
    const docker = await probeDocker()
    if (!docker.ok) {
      // As the harness's own Docker tests: a CI run without Docker is a failure, not a green skip.
      if (mustHaveDocker()) throw new Error(`CI=true and ${docker.reason}`)
      skip(docker.reason)
    }
    // The mock always runs from the local image (also next to itzg servers).
    await localImageOnce()
    await using network = await startHarnessNetwork()
    await use(network)
  },

  sessionServer: async ({ containerNetwork }, use) => {
    await using session = await new SessionServerContainer().withNetwork(containerNetwork).withAlias('session').start()
    await use(session)
  },

  // vitest reads each fixture's dependencies from its destructuring pattern, so they are named here.
  premiumContainer: async (
    {
      containerNetwork,
      sessionServer,
      mcVersion,
      serverProperties,
      serverPropertiesFile,
      whitelist,
      bannedNames,
      bannedIps,
      serverImage,
      serverType,
      plugins,
      configFiles,
      containerEnv,
      containerMemory,
      authlibInjectorJar,
      containerStartupTimeoutMs,
    },
    use,
  ) => {
    const options = {
      mcVersion,
      serverProperties,
      serverPropertiesFile,
      whitelist,
      bannedNames,
      bannedIps,
      serverImage,
      serverType,
      plugins,
      configFiles,
      containerEnv,
      containerMemory,
      authlibInjectorJar,
      containerStartupTimeoutMs,
    }
    await withContainer(configured('premium', containerNetwork, options).withSessionServer(sessionServer.getServerFacingUrl()), use)
  },

  crackedContainer: async (
    {
      containerNetwork,
      mcVersion,
      serverProperties,
      serverPropertiesFile,
      whitelist,
      bannedNames,
      bannedIps,
      serverImage,
      serverType,
      plugins,
      configFiles,
      containerEnv,
      containerMemory,
      authlibInjectorJar,
      containerStartupTimeoutMs,
    },
    use,
  ) => {
    const options = {
      mcVersion,
      serverProperties,
      serverPropertiesFile,
      whitelist,
      bannedNames,
      bannedIps,
      serverImage,
      serverType,
      plugins,
      configFiles,
      containerEnv,
      containerMemory,
      authlibInjectorJar,
      containerStartupTimeoutMs,
    }
    await withContainer(configured('cracked', containerNetwork, options), use)
  },

  guardedContainer: async (
    {
      containerNetwork,
      guardOptions,
      mcVersion,
      serverProperties,
      serverPropertiesFile,
      whitelist,
      bannedNames,
      bannedIps,
      serverImage,
      serverType,
      plugins,
      configFiles,
      containerEnv,
      containerMemory,
      authlibInjectorJar,
      containerStartupTimeoutMs,
    },
    use,
  ) => {
    const options = {
      mcVersion,
      serverProperties,
      serverPropertiesFile,
      whitelist,
      bannedNames,
      bannedIps,
      serverImage,
      serverType,
      plugins,
      configFiles,
      containerEnv,
      containerMemory,
      authlibInjectorJar,
      containerStartupTimeoutMs,
    }
    await withContainer(configured('guarded', containerNetwork, options).withGuard(guardOptions), use)
  },
})

type ContainerOptions = Pick<
  HarnessFixtures,
  'mcVersion' | 'serverProperties' | 'serverPropertiesFile' | 'whitelist' | 'bannedNames' | 'bannedIps'
> &
  Pick<
    ContainerFixtures,
    | 'serverImage'
    | 'serverType'
    | 'plugins'
    | 'configFiles'
    | 'containerEnv'
    | 'containerMemory'
    | 'authlibInjectorJar'
    | 'containerStartupTimeoutMs'
  >

/**
 * A server container for `auth` with this test's options, through the builder's own withX() (so
 * with its checks): fixture options first, then the CI variables the container backend reads,
 * then the backend's defaults. The properties file first, explicit properties over it.
 */
function configured(auth: AuthMode, network: StartedNetwork, options: ContainerOptions): MinecraftServerContainer {
  const fromEnv = containerBackendOptionsFromEnv()
  const image = options.serverImage ?? fromEnv.image ?? 'local'
  const itzg = image !== 'local' && !image.startsWith('mc-login-harness/')
  const plugins = options.plugins ?? fromEnv.plugins ?? []
  const type = options.serverType !== undefined ? parseServerType(options.serverType, 'serverType') : fromEnv.type
  const container = new MinecraftServerContainer()
    .withImage(image)
    .withNetwork(network)
    .withType(type ?? (itzg || plugins.length > 0 ? 'PAPER' : 'VANILLA'))
  if (options.serverPropertiesFile !== undefined) container.withServerProperties(options.serverPropertiesFile)
  container.withConfig({
    auth,
    version: resolveVersion(options.mcVersion),
    properties: options.serverProperties,
    whitelist: options.whitelist.length > 0 ? options.whitelist : undefined,
    bannedNames: options.bannedNames.length > 0 ? options.bannedNames : undefined,
    bannedIps: options.bannedIps.length > 0 ? options.bannedIps : undefined,
  })
  if (plugins.length > 0) container.withPlugins(plugins)
  const injector = options.authlibInjectorJar ?? fromEnv.authlibInjectorJar
  if (injector !== undefined) container.withAuthlibInjector(injector)
  if (Object.keys(options.configFiles).length > 0) container.withConfigFiles(options.configFiles)
  if (Object.keys(options.containerEnv).length > 0) container.withEnvironment(options.containerEnv)
  if (options.containerMemory !== undefined) container.withMemory(options.containerMemory)
  if (options.containerStartupTimeoutMs !== undefined) container.withStartupTimeout(options.containerStartupTimeoutMs)
  return container
}

let localImage: Promise<LocalImageResult> | undefined

/** Built (or found current) once per test process; a failed build is tried again by the next test. */
function localImageOnce(): Promise<LocalImageResult> {
  // A build takes a minute or two: say so. A current image (the usual case) says nothing.
  localImage ??= ensureLocalImage({
    log: (line) => (/ is current /.test(line) ? undefined : console.log(`[mc-login-harness image] ${line}`)),
  }).catch((error: unknown) => {
    localImage = undefined
    throw error
  })
  return localImage
}

async function withContainer(builder: MinecraftServerContainer, use: (server: StartedMinecraftServerContainer) => Promise<void>) {
  // start() removes a container that never became ready itself (and says why, with the log tail).
  await using server = await builder.start()
  await use(server)
}

export type { StartedMinecraftServerContainer, StartedSessionServerContainer }
export { MinecraftServerContainer }
export * from './index.ts'
