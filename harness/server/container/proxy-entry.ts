/**
 * The local image's `proxy` command: plays itzg/mc-proxy as strictly as its contract
 * (itzg/docker-bungeecord @ d170d902, scripts/run-bungeecord.sh): TYPE (default BUNGEECORD; an
 * unknown one ends the start with its words), /config synced into /server and /plugins copied into
 * /server/plugins, then the proxy's own files read from /server the way the proxy reads them
 * (proxy-files.ts, strict: what the embedded proxy does not play is refused), and the embedded
 * proxy started from them on the bind port. Logs each proxy's own ready line.
 */
import fs from 'node:fs'
import path from 'node:path'
import { HarnessInputError } from '../../errors.ts'
import { startProxy, type StartedProxy } from '../../proxy/embedded-proxy.ts'
import type { ProxyType } from '../../proxy/backend-link.ts'
import { enableProtocolSpeedups } from '../../protocol-speedups.ts'
import { parseMemory } from './env-contract.ts'
import { HAS_JOINED_PATH, readProxyFiles, STAND_IN_SESSION_ENV, STAND_IN_VERSION_ENV, VELOCITY_SESSION_PROPERTY } from './proxy-files.ts'

/** An exit the itzg script makes with its own words (run-bungeecord.sh `exit 1` on an invalid TYPE). */
export class ProxyTypeError extends Error {}

export interface ProxyEnvConfig {
  type: ProxyType
  /** The mock's base URL (Velocity: from -Dmojang.sessionserver; BungeeCord: the stand-in's own variable). */
  sessionServer?: string
  version: string
}

/** itzg/mc-proxy's variables as the stand-in reads them. */
export function parseProxyEnv(env: NodeJS.ProcessEnv): ProxyEnvConfig {
  const raw = env.TYPE ?? 'BUNGEECORD'
  const type = ({ BUNGEECORD: 'bungeecord', WATERFALL: 'waterfall', VELOCITY: 'velocity' } as const)[raw.toUpperCase()]
  if (raw.toUpperCase() === 'CUSTOM')
    throw new HarnessInputError('TYPE=CUSTOM: the stand-in runs no custom proxy jar; use VELOCITY, BUNGEECORD or WATERFALL')
  if (!type) throw new ProxyTypeError(`ERROR: Invalid type: '${raw}'\n       Must be: BUNGEECORD, WATERFALL, VELOCITY, CUSTOM`)
  parseMemory(env.MEMORY)
  let sessionServer: string | undefined
  if (type === 'velocity') {
    // Java's own reading: the last -D of a name wins; JVM_XX_OPTS come before JVM_OPTS on the command line.
    const opts = `${env.JVM_XX_OPTS ?? ''} ${env.JVM_OPTS ?? ''}`
      .split(/\s+/)
      .filter((o) => o.startsWith(`-D${VELOCITY_SESSION_PROPERTY}=`))
    const value = opts.at(-1)?.slice(`-D${VELOCITY_SESSION_PROPERTY}=`.length)
    if (value !== undefined) {
      if (!value.endsWith(HAS_JOINED_PATH) || !/^https?:\/\//.test(value)) {
        throw new HarnessInputError(
          `JVM_OPTS: -D${VELOCITY_SESSION_PROPERTY}=${value}: Velocity takes the whole hasJoined URL; the stand-in needs http(s)://<mock>${HAS_JOINED_PATH}`,
        )
      }
      sessionServer = value.slice(0, -HAS_JOINED_PATH.length)
    }
    if (env[STAND_IN_SESSION_ENV]) {
      throw new HarnessInputError(
        `${STAND_IN_SESSION_ENV}: Velocity takes its session server from -D${VELOCITY_SESSION_PROPERTY} in JVM_OPTS`,
      )
    }
  } else {
    sessionServer = env[STAND_IN_SESSION_ENV]?.trim() || undefined
  }
  return { type, ...(sessionServer ? { sessionServer } : {}), version: env[STAND_IN_VERSION_ENV]?.trim() || 'latest' }
}

/** Copies every file of `from` into `to` (mc-image-helper sync: newer files replace older ones; /config's are newer). */
function syncInto(from: string, to: string, log: (line: string) => void, what: string): void {
  if (!fs.existsSync(from)) return
  log(what)
  for (const entry of fs.readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const source = path.join(entry.parentPath, entry.name)
    const target = path.join(to, path.relative(from, source))
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.copyFileSync(source, target)
  }
}

function parseAddress(name: string, address: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(address)
  if (!m) throw new HarnessInputError(`server "${name}": address "${address}" is not host:port`)
  return { host: m[1]!, port: Number(m[2]) }
}

export async function runStandInProxy(
  env: NodeJS.ProcessEnv,
  dirs: { config: string; plugins: string; home: string },
  log: (line: string) => void,
): Promise<StartedProxy> {
  const config = parseProxyEnv(env)
  log(`Resolving type given ${env.TYPE ?? 'BUNGEECORD'}`)
  // run-bungeecord.sh processConfigs, then the /plugins copy.
  syncInto(dirs.config, dirs.home, log, 'Copying configs over...')
  syncInto(dirs.plugins, path.join(dirs.home, 'plugins'), log, 'Copying BungeeCord plugins over...')
  const settings = readProxyFiles(
    config.type,
    (serverPath) => {
      const file = path.join(dirs.home, serverPath)
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
    },
    config.type === 'velocity' ? { VELOCITY_FORWARDING_SECRET: env.VELOCITY_FORWARDING_SECRET } : {},
  )
  if (settings.online && !config.sessionServer) {
    throw new HarnessInputError(
      config.type === 'velocity'
        ? `online-mode = true needs the mock: JVM_OPTS="-D${VELOCITY_SESSION_PROPERTY}=http://<mock>${HAS_JOINED_PATH}" (this image never calls Mojang)`
        : `online_mode: true: real ${config.type} asks sessionserver.mojang.com (hard-coded); the stand-in asks the mock at ${STAND_IN_SESSION_ENV}=http://<mock> instead: set it (this image never calls Mojang)`,
    )
  }
  enableProtocolSpeedups()
  const proxy = await startProxy({
    type: config.type,
    forwarding: settings.forwarding,
    ...(settings.secret !== undefined ? { secret: settings.secret } : {}),
    online: settings.online,
    ...(config.sessionServer ? { sessionServer: config.sessionServer } : {}),
    backends: settings.servers.map((s) => ({ name: s.name, ...parseAddress(s.name, s.address) })),
    version: config.version,
    host: '0.0.0.0',
    port: settings.port,
    ...(settings.loginRatelimitMs !== undefined ? { loginRatelimitMs: settings.loginRatelimitMs } : {}),
  })
  proxy.events.on('login', (p) => log(`[initial connection] ${p.name} (/${p.ip}) has connected`))
  proxy.events.on('connected', (p) => log(`[connected player] ${p.name} has connected to ${p.backend}`))
  proxy.events.on('kick', (k) => log(`${k.name ?? '<unknown>'} was disconnected: ${JSON.stringify(k.reason)}`))
  log(
    `${config.type} stand-in (the harness's embedded proxy, game version ${config.version}): forwarding ${settings.forwarding}, online ${settings.online}, servers ${settings.servers.map((s) => `${s.name}=${s.address}`).join(', ')}`,
  )
  log(`Listening on /0.0.0.0:${proxy.getPort()}`)
  return proxy
}
