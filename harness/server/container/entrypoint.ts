/**
 * The local image's PID 1. Two commands:
 *   (none)           the embedded server, configured from the itzg environment contract
 *   session-server   the mock session server (`--host`, `--port`, `--admin-port`, `--admin-host`, `--admin-token`)
 *   proxy            the embedded proxy, configured from the itzg/mc-proxy contract (proxy-entry.ts)
 * Logs the vanilla ready line `Done (X.XXXs)! For help, type "help"` once listening, so the itzg
 * image and this one share one wait strategy. Handles SIGTERM/SIGINT itself: Node as PID 1 gets
 * no default signal handling, and without a handler every `docker stop` waits its full timeout.
 */
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { HarnessInputError } from '../../errors.ts'
import { MockSessionServer } from '../../session/mock-session-server.ts'
import { parseLocalImageEnv } from './env-contract.ts'
import { startEmbeddedFromConfig } from './embedded-entry.ts'
import { listenConsole, sendConsoleCommand } from './console.ts'
import { DataDirError, prepareDataDir } from './data-dir.ts'
import path from 'node:path'
import { BUNGEEGUARD_CONFIG_PATH, readBungeeGuardConfig, readPaperFiles, readPaperFilesFromDir } from '../paper/config-files.ts'
import { ProxyTypeError, runStandInProxy } from './proxy-entry.ts'

interface Stoppable {
  stop(): Promise<void>
}

function log(line: string): void {
  const now = new Date().toISOString().slice(11, 19)
  process.stdout.write(`[${now}] [Server thread/INFO]: ${line}\n`)
}

function warn(line: string): void {
  const now = new Date().toISOString().slice(11, 19)
  process.stdout.write(`[${now}] [Server thread/WARN]: ${line}\n`)
}

function ready(): void {
  // performance.now() counts from process start, like vanilla's timer counts from its boot.
  log(`Done (${(performance.now() / 1000).toFixed(3)}s)! For help, type "help"`)
}

function stopOnSignals(handle: Stoppable): void {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1)
    stopping = true
    log(`Stopping (${signal})`)
    // Never let a stuck close hold the container: docker would wait and then SIGKILL anyway.
    setTimeout(() => process.exit(0), 3000).unref()
    void handle.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
}

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name)
  if (i < 0) return fallback
  const value = args[i + 1]
  if (value === undefined || value.startsWith('--')) throw new HarnessInputError(`session-server: ${name} needs a value`)
  return value
}

async function sessionServer(args: string[]): Promise<void> {
  const host = flag(args, '--host', '0.0.0.0')
  const port = Number(flag(args, '--port', '8080'))
  const adminPort = Number(flag(args, '--admin-port', '8081'))
  // The container's own interfaces; the admin API still needs the token its starter passes.
  const builder = new MockSessionServer()
    .withHost(host)
    .withPort(port)
    .withAdminHost(flag(args, '--admin-host', host))
    .withAdminPort(adminPort)
  const token = flag(args, '--admin-token', '')
  if (token !== '') builder.withAdminToken(token)
  const started = await builder.start()
  stopOnSignals(started)
  log(`session http://${host}:${started.getPort()}`)
  log(`admin http://${host}:${started.getAdminPort()}`)
  ready()
}

async function embeddedServer(): Promise<void> {
  const { requestedType, config, serverProperties, memory } = parseLocalImageEnv(process.env)
  if (memory) log(`MEMORY=${memory} (accepted; this image runs no JVM)`)
  // The itzg file contract in /data (data-dir.ts). Absent only when this runs outside the image.
  const dataDir = process.env.HARNESS_DATA_DIR ?? '/data'
  if (fs.existsSync(dataDir)) {
    prepareDataDir({
      type: requestedType,
      serverProperties,
      whitelistUuids: config.lists?.whitelist?.map((e) => e.uuid) ?? [],
      dataDir,
      version: config.version,
      paperCustomJar: process.env.PAPER_CUSTOM_JAR || undefined,
      log,
      warn,
    })
  }
  // TYPE=PAPER: the embedded server plays Paper (server/paper/), with Paper's files as the harness
  // (or the user) put them in /data: bukkit.yml, spigot.yml, config/paper-global.yml.
  if (requestedType === 'PAPER') {
    config.platform = 'paper'
    if (fs.existsSync(dataDir)) config.paperFiles = readPaperFilesFromDir(dataDir)
    const settings = readPaperFiles(config.paperFiles ?? {})
    // The BungeeGuard plugin's backend config: the stand-in plays the plugin from it, as it plays AuthMe.
    const guardFile = path.join(dataDir, BUNGEEGUARD_CONFIG_PATH)
    const tokens = fs.existsSync(guardFile) ? readBungeeGuardConfig(fs.readFileSync(guardFile, 'utf8')) : undefined
    if (tokens) config.forwarding = { ...config.forwarding, bungeeGuard: { allowedTokens: tokens } }
    log(
      `Paper profile: connection-throttle ${settings.connectionThrottleMs} ms${settings.bungeecord ? ', bungeecord' : ''}${settings.velocityEnabled ? ', velocity' : ''}${tokens ? ', BungeeGuard' : ''}`,
    )
  }
  log(
    `Starting minecraft server version ${config.version} (asked for TYPE=${requestedType}; this image runs the harness's embedded server${requestedType === 'PAPER' ? " with Paper's login rules" : ''})`,
  )
  log(
    `auth ${config.auth}${config.sessionServer ? `, session server ${config.sessionServer}` : ''}${config.whitelist ? `, whitelist ${config.whitelist.join(',')}` : ''}`,
  )
  const started = await startEmbeddedFromConfig(config, log)
  // The console is an extra: a server whose console cannot listen still serves logins.
  const consoleServer = await listenConsole({
    transfer: (name, host, port) => {
      started.transfer(name, host, port)
      log(`Transferring ${name} to ${host}:${port}`)
    },
  }).catch((error: Error) => {
    warn(`console: ${error.message} (transfer commands will not work)`)
    return undefined
  })
  stopOnSignals({
    stop: async () => {
      await new Promise<void>((resolve) => (consoleServer ? consoleServer.close(() => resolve()) : resolve()))
      await started.stop()
    },
  })
  log(`Starting Minecraft server on ${started.getHost()}:${started.getPort()}`)
  ready()
}

async function proxy(): Promise<void> {
  const home = process.env.HARNESS_PROXY_HOME ?? '/server'
  const started = await runStandInProxy(process.env, { config: '/config', plugins: '/plugins', home }, (line) => {
    const now = new Date().toISOString().slice(11, 19)
    process.stdout.write(`[${now} INFO]: ${line}\n`)
  })
  stopOnSignals(started)
  // Velocity's ready line (Velocity.java); BungeeCord's is the "Listening on" line already logged.
  if (process.env.TYPE?.toUpperCase() === 'VELOCITY') process.stdout.write(`[INFO]: Done (${(performance.now() / 1000).toFixed(2)}s)!\n`)
}

try {
  const [command, ...rest] = process.argv.slice(2)
  if (command === 'session-server') await sessionServer(rest)
  else if (command === 'proxy') await proxy()
  else if (command === 'console') process.stdout.write(`${await sendConsoleCommand(rest.join(' '))}\n`)
  else if (command === undefined || command === 'server') await embeddedServer()
  else
    throw new HarnessInputError(
      `unknown command "${command}": use no command (the server), "session-server", "proxy" or "console <command>"`,
    )
} catch (error) {
  if (error instanceof ProxyTypeError) {
    // run-bungeecord.sh echoes its error to stdout and exits 1.
    process.stdout.write(`${error.message}\n`)
    process.exit(1)
  }
  if (error instanceof DataDirError) {
    // itzg's scripts run under `set -e`: a failed write ends the start with a non-zero exit.
    process.stderr.write(`[Server thread/ERROR]: ${error.message}\n`)
    process.exit(1)
  }
  if (error instanceof HarnessInputError) {
    process.stderr.write(`[Server thread/ERROR]: ${error.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`[Server thread/ERROR]: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
}
