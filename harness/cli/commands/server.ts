import { Option, type Command } from 'commander'
import { HarnessInputError } from '../../errors.ts'
import { guardTimeoutSchema, loginPropertiesSchema, parseInput } from '../../input/index.ts'
import type { CliContext } from '../context.ts'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from '../../server/embedded-server.ts'
import { loadServerProperties } from '../../server/properties.ts'
import type { AuthMode, GuardOptions, LoginProperties, ServerConfig } from '../../server/types.ts'
import { integerOption } from '../options.ts'

interface Flags {
  auth?: AuthMode
  version: string
  port?: number
  host: string
  sessionServer?: string
  properties?: string
  whitelist?: string[]
  bannedNames?: string[]
  bannedIps?: string[]
  maxPlayers?: number
  preventProxyConnections?: boolean
  guardTimeoutMs?: number
  guardStore?: string
  kickNonRegistered?: boolean
  loginDeadlineMs?: number
  hasJoinedTimeoutMs?: number
}

function nameList(flag: string) {
  return (value: string): string[] => {
    const names = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const bad = names.find((n) => !/^[A-Za-z0-9_]{1,16}$/.test(n))
    if (bad !== undefined)
      throw new HarnessInputError(`${flag}: "${bad}" is not a player name (1-16 of A-Z, a-z, 0-9, _); give names separated by commas`)
    return names
  }
}

function ipList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

export function registerServerCommand(program: Command, context: CliContext): void {
  program
    .command('server')
    .description('Run an embedded Minecraft server (vanilla login behaviour, empty world) until Ctrl-C')
    .addOption(
      new Option(
        '--auth <mode>',
        'premium (online mode, asks --session-server), cracked (offline mode) or guarded (offline + AuthMe-style /register, /login). Overrides online-mode from --properties',
      ).choices(['premium', 'cracked', 'guarded']),
    )
    .option('--version <version>', 'Minecraft version, or latest', 'latest')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port); default: server-port from --properties, else 0', integerOption('--port', 0, 65535))
    .option('--session-server <url>', "session server base URL for premium, e.g. the mock's http://127.0.0.1:PORT")
    .option(
      '--properties <file>',
      'a server.properties: online-mode, white-list, max-players, prevent-proxy-connections, enforce-secure-profile, server-port. Explicit flags win over it',
    )
    .option('--whitelist <names>', 'comma-separated whitelist; turns white-list on', nameList('--whitelist'))
    .option('--banned-names <names>', 'comma-separated banned player names', nameList('--banned-names'))
    .option('--banned-ips <ips>', 'comma-separated banned IP addresses', ipList)
    .option('--max-players <n>', 'max players (vanilla default 20)', (value: string) =>
      parseInput(loginPropertiesSchema.shape.maxPlayers, Number(value), '--max-players'),
    )
    .option('--prevent-proxy-connections', "send the player's ip to hasJoined (as vanilla does with this property)")
    .option('--guard-timeout-ms <ms>', 'guarded: kick after this long without /login or /register (AuthMe: 30000)', (value: string) =>
      parseInput(guardTimeoutSchema, Number(value), '--guard-timeout-ms'),
    )
    .option('--guard-store <file>', 'guarded: keep registrations in this JSON file (salted hashes) across restarts')
    .option('--kick-non-registered', 'guarded: refuse names that have not registered (AuthMe kickNonRegistered)')
    .option('--login-deadline-ms <ms>', 'vanilla slow_login deadline (30000)', integerOption('--login-deadline-ms', 1, 86_400_000))
    .option(
      '--has-joined-timeout-ms <ms>',
      'hasJoined timeout before authservers_down (authlib: 5000)',
      integerOption('--has-joined-timeout-ms', 1, 600_000),
    )
    .addHelpText('after', '\nPrints "listening on HOST:PORT" when ready, then one line per join, kick and leave. Stops on SIGINT/SIGTERM.')
    .action(async (flags: Flags) => {
      let fileProps: Partial<LoginProperties> = {}
      let explicit: Array<keyof LoginProperties> = []
      let motd: string | undefined
      if (flags.properties) {
        const parsed = await loadServerProperties(flags.properties)
        for (const warning of parsed.warnings) context.err(`warning: ${warning}\n`)
        fileProps = parsed.properties
        explicit = parsed.explicit
        motd = parsed.motd
      }
      const auth: AuthMode | undefined = flags.auth ?? (flags.properties ? (fileProps.onlineMode ? 'premium' : 'cracked') : undefined)
      if (!auth) throw new HarnessInputError('--auth is required (premium, cracked or guarded) unless --properties gives online-mode')
      if (flags.auth && flags.properties && explicit.includes('onlineMode') && fileProps.onlineMode !== (auth === 'premium')) {
        context.err(`note: --auth ${auth} overrides online-mode=${fileProps.onlineMode} from ${flags.properties}\n`)
      }
      if (auth === 'premium' && !flags.sessionServer) {
        throw new HarnessInputError('--auth premium needs --session-server URL (start one with: mc-login-harness session-server)')
      }
      const properties: Partial<LoginProperties> = { ...fileProps }
      if (flags.whitelist) properties.whiteList = true
      if (flags.maxPlayers !== undefined) properties.maxPlayers = flags.maxPlayers
      if (flags.preventProxyConnections) properties.preventProxyConnections = true
      const port = flags.port ?? (explicit.includes('serverPort') ? fileProps.serverPort! : 0)

      if (auth !== 'guarded' && (flags.guardTimeoutMs !== undefined || flags.guardStore || flags.kickNonRegistered)) {
        throw new HarnessInputError('--guard-timeout-ms, --guard-store and --kick-non-registered need --auth guarded')
      }
      const guard: GuardOptions | undefined =
        auth === 'guarded'
          ? {
              kind: 'authme',
              timeoutMs: flags.guardTimeoutMs,
              storeFile: flags.guardStore,
              kickNonRegistered: flags.kickNonRegistered || undefined,
            }
          : undefined
      // The same ServerConfig a scenario produces: one way to configure the embedded server.
      const config: ServerConfig = {
        auth,
        version: flags.version,
        host: flags.host,
        port,
        sessionServer: flags.sessionServer,
        properties,
        whitelist: flags.whitelist,
        bannedNames: flags.bannedNames,
        bannedIps: flags.bannedIps,
        guard,
        loginDeadlineMs: flags.loginDeadlineMs,
        hasJoinedTimeoutMs: flags.hasJoinedTimeoutMs,
        motd,
      }

      // Runs until SIGINT/SIGTERM, which dispose this scope through the process's root scope.
      const scope = context.scope.child({ name: 'server command' })
      let server: StartedEmbeddedServer
      try {
        server = scope.use(await EmbeddedMinecraftServer.fromConfig(config).start())
      } catch (error) {
        // The library names withPort(); on the command line it is --port.
        if (error instanceof HarnessInputError && error.option === 'port') {
          throw new HarnessInputError(
            `--port ${config.port}: port ${config.port} is already in use; pick another --port, or 0 for any free one`,
          )
        }
        throw error
      }
      const out = (line: string) => context.out(`${line}\n`)
      server.events.on('join', (e) => out(`join ${e.name} ${e.uuid} from ${e.ip}`))
      server.events.on('leave', (e) => out(`leave ${e.name}`))
      server.events.on('kick', (e) => out(`kick ${e.name ?? '?'} (${e.state}): ${JSON.stringify(e.text)}`))
      server.events.on('login', (e) => {
        if (e.type === 'hasJoined' && e.result !== 'joined') out(`hasJoined ${e.name}: ${e.result} (${e.detail ?? ''}, ${e.ms} ms)`)
      })
      out(`${server.getAuth()} server, Minecraft ${server.getVersion()}`)
      out(`listening on ${server.getHost()}:${server.getPort()}`)
      // The listener keeps the process alive.
    })
}
