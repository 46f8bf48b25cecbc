/**
 * Pure: a proxy's own config files from the settings a scenario gives it, the way a host writes
 * them for itzg/mc-proxy (mounted in /config, which its run-bungeecord.sh syncs into /server, the
 * proxy's working directory):
 *   Velocity    velocity.toml + forwarding.secret (PaperMC/Velocity @ 69ee655d,
 *               proxy/src/main/java/com/velocitypowered/proxy/config/VelocityConfiguration.java)
 *   BungeeCord  config.yml (SpigotMC/BungeeCord @ df0f3db3, proxy/src/main/java/net/md_5/bungee/conf/
 *   Waterfall   YamlConfig.java and Configuration.java), with BungeeGuard's plugins/BungeeGuard/token.yml
 *               (lucko/BungeeGuard v1.3.3, BungeeGuardProxyPlugin.java) for forwarding bungeeguard
 * TOML is written with smol-toml and YAML with yaml, never by hand.
 */
import { randomBytes } from 'node:crypto'
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml'
import { yaml } from '../../lazy-yaml.ts'
import { HarnessInputError } from '../../errors.ts'
import type { ProxyForwardingMode, ProxyType } from '../../proxy/backend-link.ts'

/** itzg/mc-proxy's listening port (its Dockerfile: `ENV SERVER_PORT=25577`, `EXPOSE $SERVER_PORT`). */
export const PROXY_CONTAINER_PORT = 25577

/**
 * The system property Velocity reads its session server from, the whole hasJoined URL
 * (PaperMC/Velocity @ 69ee655d, proxy/src/main/java/com/velocitypowered/proxy/connection/client/
 * InitialLoginSessionHandler.java: `System.getProperty("mojang.sessionserver",
 * "https://sessionserver.mojang.com/session/minecraft/hasJoined").concat("?username=%s&serverId=%s")`).
 */
export const VELOCITY_SESSION_PROPERTY = 'mojang.sessionserver'
export const HAS_JOINED_PATH = '/session/minecraft/hasJoined'
/**
 * Stand-in only: where the local image's BungeeCord asks hasJoined. Real BungeeCord hard-codes
 * https://sessionserver.mojang.com (SpigotMC/BungeeCord @ df0f3db3, InitialHandler.java `authURL`),
 * so an online-mode BungeeCord on itzg/mc-proxy can never use the mock.
 */
export const STAND_IN_SESSION_ENV = 'HARNESS_SESSION_SERVER'
/** Stand-in only: the game version the embedded proxy speaks (a real proxy speaks them all). */
export const STAND_IN_VERSION_ENV = 'HARNESS_PROXY_VERSION'

/** What a proxy's files say about logins: everything the harness writes and the stand-in reads. */
export interface ProxyFileSettings {
  type: ProxyType
  forwarding: ProxyForwardingMode
  /** Velocity's forwarding.secret; BungeeCord with bungeeguard: BungeeGuard's token. */
  secret?: string
  online: boolean
  /** The backends in the proxy's try order (Velocity `try`, BungeeCord `priorities`), by address `host:port`. */
  servers: { name: string; address: string }[]
  /** The port the proxy binds on every interface (25577, itzg's). */
  port: number
  /** Velocity `advanced.login-ratelimit` in ms (default 3000). */
  loginRatelimitMs?: number
  /**
   * Read for `check` only: what the files set that the probes do not play, each in words (forced
   * hosts, a bind address, BungeeCord's connection throttle). Absent for the stand-in, which refuses them.
   */
  notPlayed?: string[]
}

/**
 * Who reads the files. The stand-in proxy (`stand-in`) must play every login rule it accepts, so
 * it refuses what it does not. `check` probes a host's real files: one login per probe, each on a
 * proxy of its own, straight to the first server of the try order, so forced hosts, the bind
 * address and BungeeCord's per-address connection throttle cannot change a probe's row; those are
 * read, named in `notPlayed`, and left out. Every other rule is strict for both.
 */
export type ProxyFilesReader = 'stand-in' | 'check'

/**
 * The files (server-folder path -> text) that make the proxy of `settings`. Velocity gets a
 * forwarding.secret even without modern forwarding: it reads the file in every mode and will not
 * start when velocity.toml exists but the secret file does not ("The forwarding-secret-file does
 * not exist."), so an unused random one is written, as Velocity itself does on a first start.
 */
export function proxyConfigFiles(settings: ProxyFileSettings): Record<string, string> {
  if (settings.servers.length === 0) throw new HarnessInputError('proxy: no backends to send players to; give at least one server')
  if (settings.type === 'velocity') {
    const secret = settings.secret ?? randomBytes(12).toString('base64url')
    return { 'velocity.toml': velocityToml(settings), 'forwarding.secret': secret }
  }
  if (settings.forwarding === 'modern') {
    throw new HarnessInputError(
      `proxy: ${settings.type} has no modern forwarding; use legacy (ip_forward: true), bungeeguard (legacy + the BungeeGuard plugin), or type velocity`,
    )
  }
  const files: Record<string, string> = { 'config.yml': bungeeConfigYml(settings) }
  if (settings.forwarding === 'bungeeguard') {
    if (!settings.secret) throw new HarnessInputError('proxy: forwarding bungeeguard needs a secret (the token BungeeGuard sends)')
    // BungeeGuardProxyPlugin.onEnable: `token` from plugins/BungeeGuard/token.yml (a new random one when absent).
    files['plugins/BungeeGuard/token.yml'] = yaml().stringify({ token: settings.secret })
  }
  return files
}

/**
 * velocity.toml: config-version 2.7 (the current one: no migration runs), the bind on itzg's
 * port, an empty [forced-hosts] (absent, Velocity's defaults name lobby/factions/minigames hosts
 * whose servers do not exist, and validate() refuses to start).
 */
function velocityToml(s: ProxyFileSettings): string {
  return stringifyToml({
    'config-version': '2.7',
    bind: `0.0.0.0:${s.port}`,
    'online-mode': s.online,
    'player-info-forwarding-mode': s.forwarding,
    'forwarding-secret-file': 'forwarding.secret',
    servers: { ...Object.fromEntries(s.servers.map((b) => [b.name, b.address])), try: s.servers.map((b) => b.name) },
    'forced-hosts': {},
    advanced: { 'login-ratelimit': s.loginRatelimitMs ?? 3000 },
  })
}

/** BungeeCord's config.yml: online_mode, ip_forward, servers by name, one listener on itzg's port trying them in order. */
function bungeeConfigYml(s: ProxyFileSettings): string {
  if (s.loginRatelimitMs !== undefined) {
    throw new HarnessInputError(`proxy.loginRatelimitMs: ${s.type} has no login ratelimit (it is Velocity's advanced.login-ratelimit)`)
  }
  return yaml().stringify({
    online_mode: s.online,
    ip_forward: s.forwarding !== 'none',
    servers: Object.fromEntries(s.servers.map((b) => [b.name, { address: b.address, motd: b.name, restricted: false }])),
    listeners: [{ host: `0.0.0.0:${s.port}`, query_port: s.port, priorities: s.servers.map((b) => b.name), force_default_server: false }],
  })
}

/**
 * Keys a proxy's file may carry that change nothing at login (the stand-in accepts them at any
 * value): the MOTD, the ping, the player count, logging, timeouts, metrics and query.
 */
const VELOCITY_COSMETIC = new Set([
  'config-version',
  'motd',
  'show-max-players',
  'announce-forge',
  'ping-passthrough',
  'enable-player-address-logging',
  'sample-players-in-ping',
  'query',
  'metrics',
])
const VELOCITY_ADVANCED_COSMETIC = new Set([
  'compression-threshold',
  'compression-level',
  'connection-timeout',
  'read-timeout',
  'tcp-fast-open',
  'bungee-plugin-message-channel',
  'show-ping-requests',
  'failover-on-unexpected-server-disconnect',
  'announce-proxy-commands',
  'log-command-executions',
  'log-player-connections',
  'enable-reuse-port',
  'command-rate-limit',
  'forward-commands-if-rate-limited',
  'kick-after-rate-limited-commands',
  'tab-complete-rate-limit',
  'kick-after-rate-limited-tab-completes',
])
/** Login rules the embedded proxy does not play: accepted only at Velocity's default, refused otherwise. */
const VELOCITY_AT_DEFAULT: Record<string, unknown> = {
  'force-key-authentication': true,
  'prevent-client-proxy-connections': false,
  'kick-existing-players': false,
}
const VELOCITY_ADVANCED_AT_DEFAULT: Record<string, unknown> = { 'haproxy-protocol': false, 'accepts-transfers': false }
const BUNGEE_COSMETIC = new Set([
  'motd',
  'max_players',
  'player_limit',
  'permissions',
  'groups',
  'timeout',
  'log_commands',
  'log_pings',
  'stats',
  'disabled_commands',
  'network_compression_threshold',
  'server_connect_timeout',
  'remote_ping_cache',
  'remote_ping_timeout',
  'forge_support',
  'inject_commands',
  'custom_server_name',
  'max_packets_per_second',
  'max_packets_data_per_second',
])
/**
 * Keys of SpigotMC/BungeeCord @ df0f3db3 Configuration.java accepted only at their default. Its
 * connection_throttle / connection_throttle_limit (4000 ms, 3 per address) are not played by the
 * embedded proxy, so they count as unknown: a file that sets them is refused.
 */
const BUNGEE_AT_DEFAULT: Record<string, unknown> = {
  prevent_proxy_connections: false,
  enforce_secure_profile: false,
  reject_transfers: false,
}
const LISTENER_COSMETIC = new Set([
  'motd',
  'max_players',
  'tab_list',
  'tab_size',
  'query_enabled',
  'query_port',
  'ping_passthrough',
  'bind_local_address',
])
const LISTENER_AT_DEFAULT: Record<string, unknown> = { proxy_protocol: false, force_default_server: false, forced_hosts: {} }

function refuse(file: string, key: string, why: string): never {
  throw new HarnessInputError(`${file}: ${key} ${why}`)
}

/** What a refusal tells the reader to do, by who reads the files. */
const ADVICE: Record<ProxyFilesReader, { who: string; fix: string }> = {
  'stand-in': { who: 'the stand-in proxy', fix: 'remove the key or run the real proxy (itzg/mc-proxy)' },
  check: { who: 'check', fix: 'check a copy of the folder without the key (the probes cannot tell what it changes at login)' },
}

function checkKeys(
  reader: ProxyFilesReader,
  file: string,
  table: Record<string, unknown>,
  modelled: readonly string[],
  cosmetic: ReadonlySet<string>,
  atDefault: Record<string, unknown>,
  prefix = '',
): void {
  const { who, fix } = ADVICE[reader]
  for (const [key, value] of Object.entries(table)) {
    if (modelled.includes(key) || cosmetic.has(key)) continue
    if (key in atDefault) {
      if (JSON.stringify(value) !== JSON.stringify(atDefault[key])) {
        refuse(file, prefix + key, `= ${JSON.stringify(value)}: ${who} plays only the default (${JSON.stringify(atDefault[key])}); ${fix}`)
      }
      continue
    }
    refuse(file, prefix + key, `is not a setting ${who} knows; ${fix}`)
  }
}

function expectType<T>(file: string, key: string, value: unknown, kind: 'string' | 'boolean' | 'number'): T {
  if (typeof value !== kind) refuse(file, key, `is ${JSON.stringify(value)}; expected a ${kind}`)
  return value as T
}

function bindPort(file: string, key: string, bind: string): number {
  const m = /^(?:0\.0\.0\.0|\[?::\]?|\*)?:(\d{1,5})$/.exec(bind)
  if (!m) refuse(file, key, `= "${bind}": the stand-in binds every interface; write "0.0.0.0:<port>"`)
  return Number(m[1])
}

/**
 * Reads the proxy's files as the real proxy would find them in its working directory
 * (`read(path)`: undefined when absent) into the settings it logs players in with. Strict: what
 * the embedded proxy does not play (forced hosts, PROXY protocol, a key it does not know) is
 * refused with the key's name, never ignored.
 */
export function readProxyFiles(
  type: ProxyType,
  read: (serverPath: string) => string | undefined,
  env: { VELOCITY_FORWARDING_SECRET?: string } = {},
  reader: ProxyFilesReader = 'stand-in',
): ProxyFileSettings {
  const notPlayed: string[] = []
  const forCheck = reader === 'check'
  const port = (file: string, key: string, bind: string): number => {
    if (!forCheck) return bindPort(file, key, bind)
    const m = /:(\d{1,5})$/.exec(bind)
    if (!m) refuse(file, key, `= "${bind}": write "<address>:<port>"`)
    return Number(m[1])
  }
  const withNotes = (settings: ProxyFileSettings): ProxyFileSettings => (forCheck ? { ...settings, notPlayed } : settings)
  if (type === 'velocity') {
    const text = read('velocity.toml')
    if (text === undefined) {
      throw new HarnessInputError(
        'velocity.toml: not in /config or /server; the stand-in does not write Velocity\'s defaults (servers "lobby" at 127.0.0.1:30066 ...): mount one',
      )
    }
    let doc: Record<string, unknown>
    try {
      doc = parseToml(text) as Record<string, unknown>
    } catch (error) {
      throw new HarnessInputError(`velocity.toml: not valid TOML (${(error as Error).message.split('\n')[0]})`)
    }
    const file = 'velocity.toml'
    checkKeys(
      reader,
      file,
      doc,
      ['bind', 'online-mode', 'player-info-forwarding-mode', 'forwarding-secret-file', 'servers', 'forced-hosts', 'advanced'],
      VELOCITY_COSMETIC,
      VELOCITY_AT_DEFAULT,
    )
    // VelocityConfiguration.read: each key's default when absent.
    const boundPort = port(file, 'bind', expectType<string>(file, 'bind', doc.bind ?? '0.0.0.0:25565', 'string'))
    const online = expectType<boolean>(file, 'online-mode', doc['online-mode'] ?? true, 'boolean')
    const modeRaw = expectType<string>(file, 'player-info-forwarding-mode', doc['player-info-forwarding-mode'] ?? 'NONE', 'string')
    const forwarding = modeRaw.toLowerCase() as ProxyForwardingMode
    if (!['none', 'legacy', 'bungeeguard', 'modern'].includes(forwarding)) {
      refuse(file, 'player-info-forwarding-mode', `= "${modeRaw}": use none, legacy, bungeeguard or modern`)
    }
    // The forwarding secret: a missing file stops Velocity in every mode; an empty one in modern/bungeeguard.
    const secretFile = expectType<string>(file, 'forwarding-secret-file', doc['forwarding-secret-file'] ?? 'forwarding.secret', 'string')
    // VELOCITY_FORWARDING_SECRET, when not empty, replaces the file, which is then not read at all.
    const secretText = env.VELOCITY_FORWARDING_SECRET ? env.VELOCITY_FORWARDING_SECRET : read(secretFile)
    if (secretText === undefined)
      throw new HarnessInputError(`${secretFile}: The forwarding-secret-file does not exist. (Velocity will not start)`)
    const secret = secretText.split(/\r?\n/).join('')
    if (secret === '' && (forwarding === 'modern' || forwarding === 'bungeeguard')) {
      throw new HarnessInputError(
        `${secretFile}: The forwarding-secret file must not be empty. (Velocity will not start in ${forwarding} mode)`,
      )
    }
    const serversTable = (doc.servers ?? {}) as Record<string, unknown>
    const addresses = new Map<string, string>()
    for (const [name, value] of Object.entries(serversTable)) {
      if (name === 'try') continue
      addresses.set(name, expectType<string>(file, `servers.${name}`, value, 'string'))
    }
    const order = serversTable.try ?? ['lobby']
    if (!Array.isArray(order)) refuse(file, 'servers.try', 'must be a list of server names')
    const forced = (doc['forced-hosts'] ?? { 'lobby.example.com': ['lobby'] }) as Record<string, unknown>
    if (Object.keys(forced).length > 0) {
      if (!forCheck)
        refuse(file, 'forced-hosts', 'names hosts; the stand-in proxy sends every player to `try` (write an empty [forced-hosts] table)')
      notPlayed.push(`velocity.toml forced-hosts (${Object.keys(forced).join(', ')}): the probes connect without a forced host name`)
    }
    const advanced = (doc.advanced ?? {}) as Record<string, unknown>
    checkKeys(reader, file, advanced, ['login-ratelimit'], VELOCITY_ADVANCED_COSMETIC, VELOCITY_ADVANCED_AT_DEFAULT, 'advanced.')
    const ratelimit = expectType<number>(file, 'advanced.login-ratelimit', advanced['login-ratelimit'] ?? 3000, 'number')
    return withNotes({
      type,
      forwarding,
      ...(secret !== '' ? { secret } : {}),
      online,
      servers: serversInOrder(file, 'servers.try', order as unknown[], addresses),
      port: boundPort,
      loginRatelimitMs: Number(ratelimit),
    })
  }
  const file = 'config.yml'
  const text = read(file)
  if (text === undefined) {
    throw new HarnessInputError(`config.yml: not in /config or /server; the stand-in does not write ${type}'s defaults: mount one`)
  }
  let doc: unknown
  try {
    doc = yaml().parse(text) as unknown
  } catch (error) {
    throw new HarnessInputError(`config.yml: not valid YAML (${(error as Error).message.split('\n')[0]})`)
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) refuse(file, '(top)', 'must be a mapping of settings')
  const top = doc as Record<string, unknown>
  if (forCheck) {
    // Configuration.java: 3 logins per address in 4000 ms; every probe logs in once on a proxy of its own.
    for (const key of ['connection_throttle', 'connection_throttle_limit'] as const) {
      if (key in top) notPlayed.push(`config.yml ${key}: each probe logs in once, on a proxy of its own`)
    }
  }
  const bungeeModelled = [
    'online_mode',
    'ip_forward',
    'servers',
    'listeners',
    ...(forCheck ? ['connection_throttle', 'connection_throttle_limit'] : []),
  ]
  checkKeys(reader, file, top, bungeeModelled, BUNGEE_COSMETIC, BUNGEE_AT_DEFAULT)
  // Configuration.load / YamlConfig: online_mode true, ip_forward false by default.
  const online = expectType<boolean>(file, 'online_mode', top.online_mode ?? true, 'boolean')
  const ipForward = expectType<boolean>(file, 'ip_forward', top.ip_forward ?? false, 'boolean')
  const addresses = new Map<string, string>()
  for (const [name, value] of Object.entries((top.servers ?? {}) as Record<string, unknown>)) {
    const server = (value ?? {}) as Record<string, unknown>
    checkKeys(reader, file, server, ['address'], new Set(['motd']), { restricted: false }, `servers.${name}.`)
    addresses.set(name, expectType<string>(file, `servers.${name}.address`, server.address ?? 'localhost:25565', 'string'))
  }
  const listeners = top.listeners
  if (!Array.isArray(listeners) || listeners.length !== 1) refuse(file, 'listeners', 'must hold exactly one listener for the stand-in')
  const listener = listeners[0] as Record<string, unknown>
  const forcedHosts = (listener.forced_hosts ?? {}) as Record<string, unknown>
  if (forCheck && Object.keys(forcedHosts).length > 0) {
    notPlayed.push(
      `config.yml listeners[0].forced_hosts (${Object.keys(forcedHosts).join(', ')}): the probes connect without a forced host name`,
    )
  }
  checkKeys(
    reader,
    file,
    listener,
    ['host', 'priorities', ...(forCheck ? ['forced_hosts'] : [])],
    LISTENER_COSMETIC,
    LISTENER_AT_DEFAULT,
    'listeners[0].',
  )
  const listenerPort = port(
    file,
    'listeners[0].host',
    expectType<string>(file, 'listeners[0].host', listener.host ?? '0.0.0.0:25577', 'string'),
  )
  const priorities = listener.priorities ?? []
  if (!Array.isArray(priorities)) refuse(file, 'listeners[0].priorities', 'must be a list of server names')
  const tokenText = read('plugins/BungeeGuard/token.yml')
  let token: string | undefined
  if (tokenText !== undefined) {
    const parsed = yaml().parse(tokenText) as Record<string, unknown> | null
    token = parsed?.token === undefined ? undefined : expectType<string>('plugins/BungeeGuard/token.yml', 'token', parsed.token, 'string')
    if (!ipForward)
      refuse(
        'plugins/BungeeGuard/token.yml',
        'token',
        'is set but ip_forward is false: BungeeGuard adds its token to legacy forwarding only',
      )
  }
  return withNotes({
    type,
    forwarding: !ipForward ? 'none' : token ? 'bungeeguard' : 'legacy',
    ...(token ? { secret: token } : {}),
    online,
    servers: serversInOrder(file, 'listeners[0].priorities', priorities as unknown[], addresses),
    port: listenerPort,
  })
}

function serversInOrder(file: string, key: string, order: unknown[], addresses: Map<string, string>): ProxyFileSettings['servers'] {
  if (order.length === 0) refuse(file, key, 'is empty: players would have no server to join')
  return order.map((name) => {
    const address = typeof name === 'string' ? addresses.get(name) : undefined
    if (address === undefined) refuse(file, key, `names "${String(name)}", which is not among the servers`)
    return { name: name as string, address }
  })
}
