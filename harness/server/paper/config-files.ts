/**
 * Paper's login-relevant settings from its own files, one reader per file kind: bukkit.yml,
 * spigot.yml, config/paper-global.yml. The embedded server's Paper profile, the local image (from
 * /data), `check --dir` (from a server folder) and the runner (from a scenario's config files)
 * all read them here. YAML is parsed with the `yaml` package (already a dependency), never by hand.
 *
 * Keys and defaults as read in PaperMC/Paper (tags 1.21.4 and main):
 *   bukkit.yml       settings.connection-throttle (default 4000; paper-server/src/main/resources/configurations/bukkit.yml,
 *                    read by CraftServer.getConnectionThrottle)
 *   spigot.yml       settings.bungeecord (false), messages.whitelist / server-full / outdated-client / outdated-server
 *                    (paper-server/src/main/java/org/spigotmc/SpigotConfig.java; `&` codes become `§`, "\n" a new line)
 *   paper-global.yml proxies.velocity.enabled / online-mode / secret, proxies.bungee-cord.online-mode,
 *                    unsupported-settings.perform-username-validation (true),
 *                    messages.kick.connection-throttle / authentication-servers-down
 *                    (paper-server/src/main/java/io/papermc/paper/configuration/GlobalConfiguration.java)
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Document } from 'yaml'
import { yaml } from '../../lazy-yaml.ts'
import { HarnessInputError } from '../../errors.ts'
import { PAPER_TEXTS } from '../../outcome/platform-texts.ts'

/** The texts of Paper's files as found (absent files are undefined: Paper's defaults apply). */
export interface PaperFiles {
  bukkit?: string
  spigot?: string
  paperGlobal?: string
}

/** Server-folder paths of the files, as a server folder or a config-files map names them. */
export const PAPER_FILE_PATHS: Readonly<Record<keyof PaperFiles, readonly string[]>> = {
  bukkit: ['bukkit.yml'],
  spigot: ['spigot.yml'],
  // Paper 1.19+ keeps it under config/; a file at the top is accepted as the same file.
  paperGlobal: ['config/paper-global.yml', 'paper-global.yml'],
}

/** bukkit.yml's default connection throttle in ms (Paper's configurations/bukkit.yml). */
export const DEFAULT_CONNECTION_THROTTLE_MS = 4000

export interface PaperSettings {
  /** bukkit.yml settings.connection-throttle; 0 or less: off. */
  connectionThrottleMs: number
  /** spigot.yml settings.bungeecord */
  bungeecord: boolean
  /** paper-global.yml proxies.bungee-cord.online-mode (default true) */
  bungeeOnlineMode: boolean
  /** paper-global.yml proxies.velocity.enabled */
  velocityEnabled: boolean
  /** paper-global.yml proxies.velocity.online-mode (default true) */
  velocityOnlineMode: boolean
  /** paper-global.yml proxies.velocity.secret (default ""; empty turns Velocity support off) */
  velocitySecret: string
  /** paper-global.yml unsupported-settings.perform-username-validation */
  performUsernameValidation: boolean
  /** Kick texts (Spigot's legacy `§` text; MessageFormat `{0}` in the outdated ones). */
  messages: {
    whitelist: string
    serverFull: string
    outdatedClient: string
    outdatedServer: string
    connectionThrottle: string
    /** undefined: vanilla's translatable `multiplayer.disconnect.authservers_down`. */
    authServersDown?: string
  }
}

function load(text: string, where: string): Document {
  const doc = yaml().parseDocument(text, { prettyErrors: true })
  if (doc.errors.length > 0) {
    throw new HarnessInputError(
      `${where}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix the file or leave it out to use Paper's defaults`,
    )
  }
  if (doc.contents !== null && !yaml().isMap(doc.contents))
    throw new HarnessInputError(`${where}: expected a YAML mapping of settings at the top`)
  return doc
}

function get<T>(doc: Document | undefined, path: string[], kind: 'number' | 'boolean' | 'string', where: string): T | undefined {
  if (!doc) return undefined
  const value = doc.getIn(path)
  if (value === undefined || value === null) return undefined
  if (typeof value !== kind) throw new HarnessInputError(`${where}: ${path.join('.')} is ${JSON.stringify(value)}; expected a ${kind}`)
  return value as T
}

/** SpigotConfig.transform: `&` colour codes to `§`, a literal "\n" to a new line. */
function spigotText(text: string): string {
  return text.replace(/&([0-9a-fk-orx])/gi, '§$1').replace(/\\n/g, '\n')
}

/**
 * Paper keeps paper-global's messages as MiniMessage. The harness sends their plain text: tags
 * such as `<red>` are dropped, so a coloured message reads the same to a player and a classifier.
 */
function miniMessagePlain(text: string): string {
  return text.replace(/<\/?[a-z_#:!][^<>]*>/gi, '')
}

/** The settings Paper would read from `files` (each absent file or key: Paper's default). */
export function readPaperFiles(files: PaperFiles, where: Partial<Record<keyof PaperFiles, string>> = {}): PaperSettings {
  const bukkitAt = where.bukkit ?? 'bukkit.yml'
  const spigotAt = where.spigot ?? 'spigot.yml'
  const globalAt = where.paperGlobal ?? 'config/paper-global.yml'
  const bukkit = files.bukkit !== undefined ? load(files.bukkit, bukkitAt) : undefined
  const spigot = files.spigot !== undefined ? load(files.spigot, spigotAt) : undefined
  const global = files.paperGlobal !== undefined ? load(files.paperGlobal, globalAt) : undefined
  const spigotMessage = (key: string, fallback: string) =>
    spigotText(get<string>(spigot, ['messages', key], 'string', spigotAt) ?? fallback)
  const authServersDown = get<string>(global, ['messages', 'kick', 'authentication-servers-down'], 'string', globalAt)
  return {
    connectionThrottleMs: get<number>(bukkit, ['settings', 'connection-throttle'], 'number', bukkitAt) ?? DEFAULT_CONNECTION_THROTTLE_MS,
    bungeecord: get<boolean>(spigot, ['settings', 'bungeecord'], 'boolean', spigotAt) ?? false,
    bungeeOnlineMode: get<boolean>(global, ['proxies', 'bungee-cord', 'online-mode'], 'boolean', globalAt) ?? true,
    velocityEnabled: get<boolean>(global, ['proxies', 'velocity', 'enabled'], 'boolean', globalAt) ?? false,
    velocityOnlineMode: get<boolean>(global, ['proxies', 'velocity', 'online-mode'], 'boolean', globalAt) ?? true,
    velocitySecret: get<string>(global, ['proxies', 'velocity', 'secret'], 'string', globalAt) ?? '',
    performUsernameValidation: get<boolean>(global, ['unsupported-settings', 'perform-username-validation'], 'boolean', globalAt) ?? true,
    messages: {
      whitelist: spigotMessage('whitelist', PAPER_TEXTS.whitelist.template),
      serverFull: spigotMessage('server-full', PAPER_TEXTS.serverFull.template),
      outdatedClient: spigotMessage('outdated-client', PAPER_TEXTS.outdatedClient.template),
      outdatedServer: spigotMessage('outdated-server', PAPER_TEXTS.outdatedServer.template),
      connectionThrottle: miniMessagePlain(
        get<string>(global, ['messages', 'kick', 'connection-throttle'], 'string', globalAt) ?? PAPER_TEXTS.connectionThrottle.template,
      ),
      ...(authServersDown !== undefined ? { authServersDown: miniMessagePlain(authServersDown) } : {}),
    },
  }
}

/**
 * `bukkit` (a user's bukkit.yml, or nothing) with settings.connection-throttle set to `ms`, every
 * other key and comment kept: the harness's test set-up is merged into the user's file, never
 * swapped for it.
 */
export function bukkitYmlWithThrottle(bukkit: string | undefined, ms: number, where = 'bukkit.yml'): string {
  return yamlWith(bukkit, [[['settings', 'connection-throttle'], ms]], where)
}

/**
 * `text` (a user's Paper file, or nothing) with each setting at its path set, every other key and
 * comment kept: how the container module writes spigot.yml settings.bungeecord and
 * paper-global.yml proxies.velocity.* for a backend behind a proxy.
 */
export function yamlWith(text: string | undefined, settings: ReadonlyArray<[string[], unknown]>, where: string): string {
  const doc = text !== undefined ? load(text, where) : yaml().parseDocument('')
  for (const [keyPath, value] of settings) doc.setIn(keyPath, value)
  return String(doc)
}

/** Where the BungeeGuard plugin keeps its backend config in a server folder (lucko/BungeeGuard v1.3.3, bungeeguard-spigot). */
export const BUNGEEGUARD_CONFIG_PATH = 'plugins/BungeeGuard/config.yml'

/**
 * BungeeGuard's backend `allowed-tokens` (bungeeguard-spigot/src/main/resources/config.yml at
 * v1.3.3), as written: its two placeholder tokens are kept, and the check refuses every login
 * with them as the plugin does (proxy/forwarding/bungeeguard.ts). undefined when the file has none.
 */
export function readBungeeGuardConfig(text: string, where = BUNGEEGUARD_CONFIG_PATH): string[] | undefined {
  const doc = load(text, where)
  const tokens = doc.getIn(['allowed-tokens'])
  if (tokens === undefined || tokens === null) return undefined
  const list = (tokens as { toJSON?: () => unknown }).toJSON?.() ?? tokens
  if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) {
    throw new HarnessInputError(`${where}: allowed-tokens must be a list of strings (the proxy's token)`)
  }
  return list.length > 0 ? (list as string[]) : undefined
}

/** BungeeGuard's backend config.yml with these allowed tokens (the plugin adds its kick messages' defaults). */
export function bungeeGuardConfigYml(allowedTokens: readonly string[]): string {
  return yamlWith(undefined, [[['allowed-tokens'], [...allowedTokens]]], BUNGEEGUARD_CONFIG_PATH)
}

/** Reads whichever of Paper's files `read(path)` finds (undefined: absent), by their server-folder paths. */
function collect(read: (serverPath: string) => string | undefined): PaperFiles {
  const files: PaperFiles = {}
  for (const [kind, paths] of Object.entries(PAPER_FILE_PATHS) as [keyof PaperFiles, readonly string[]][]) {
    for (const serverPath of paths) {
      const text = read(serverPath)
      if (text !== undefined) {
        files[kind] = text
        break
      }
    }
  }
  return files
}

function readText(file: string, where: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new HarnessInputError(`${where}: cannot read ${file} (${(error as Error).message})`)
  }
}

/** Paper's files in a server folder (`check --dir`, the local image's /data). */
export function readPaperFilesFromDir(dir: string): PaperFiles {
  return collect((serverPath) => {
    const file = path.join(dir, serverPath)
    return fs.existsSync(file) ? readText(file, serverPath) : undefined
  })
}

/** Paper's files among a config-files map (server-folder path -> host file): a scenario's `server.container.configFiles`, `--config-file`. */
export function readPaperFilesFrom(configFiles: Readonly<Record<string, string>>): PaperFiles {
  const byPath = new Map(Object.entries(configFiles).map(([key, file]) => [key.replace(/\\/g, '/').replace(/^\/+/, ''), file]))
  return collect((serverPath) => {
    const file = byPath.get(serverPath)
    return file !== undefined ? readText(file, `config file "${serverPath}"`) : undefined
  })
}
