import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { yaml } from '../lazy-yaml.ts'
import { z } from 'zod'
import { HarnessInputError } from '../errors.ts'
import type { ServerLists } from '../server/types.ts'
import { isUuid } from '../uuid.ts'
import { parseExpiry } from '../server/lists.ts'
import { AUTHME_DEFAULTS } from '../input/authme-settings.ts'
import {
  BUNGEEGUARD_CONFIG_PATH,
  readBungeeGuardConfig,
  readPaperFiles,
  readPaperFilesFromDir,
  type PaperFiles,
} from '../server/paper/config-files.ts'

const NAME = /^[A-Za-z0-9_]{1,16}$/

/**
 * A server's own files, read in vanilla's formats: what `check` and `diff` run the probes against.
 * `lists` is undefined when no list file was given at all (then the probes cannot know who is on
 * the lists and say so); an absent file inside a server folder is an empty list, as vanilla
 * creates it on first start.
 */
export interface ServerFiles {
  /** The server.properties file. */
  properties: string
  lists?: ServerLists
  /** The AuthMe config.yml the host ships, read for the guard's settings. */
  authme?: AuthMeSettings
  /**
   * Paper's own files found in the server folder (bukkit.yml, spigot.yml, config/paper-global.yml):
   * their presence makes the folder a Paper server, and the probes run with their real values
   * (the connection throttle too: check and diff never apply the harness's test set-up).
   */
  paper?: PaperFiles
  /** A Paper folder's BungeeGuard plugin (plugins/BungeeGuard/config.yml): the tokens it allows. */
  bungeeGuardTokens?: string[]
  /** Which file each list came from (for messages and the report). */
  sources: Partial<Record<ListFile | 'authme', string>>
}

export type ListFile = 'whitelist' | 'ops' | 'bannedPlayers' | 'bannedIps'

/** The file names vanilla uses, in the server folder. */
export const LIST_FILE_NAMES: Record<ListFile, string> = {
  whitelist: 'whitelist.json',
  ops: 'ops.json',
  bannedPlayers: 'banned-players.json',
  bannedIps: 'banned-ips.json',
}

/** Where AuthMe keeps its config, relative to the server folder. */
export const AUTHME_CONFIG = path.join('plugins', 'AuthMe', 'config.yml')

const uuid = z.string().refine(isUuid, 'a UUID: 32 hex digits, dashes optional')
const name = z.string().regex(NAME, 'a Minecraft name: 1-16 letters, digits or underscores')
const expires = z.string().refine((s) => parseExpiry(s) !== null, 'a date like "2030-01-31 12:00:00 +0000" or "forever"')

/** Vanilla's formats; unknown fields (created, source) are allowed, as vanilla writes them. */
const schemas = {
  whitelist: z.array(z.looseObject({ uuid, name })),
  ops: z.array(
    z.looseObject({ uuid, name, level: z.number().int().min(0).max(4).optional(), bypassesPlayerLimit: z.boolean().optional() }),
  ),
  bannedPlayers: z.array(z.looseObject({ uuid, name, reason: z.string().optional(), expires: expires.optional() })),
  bannedIps: z.array(z.looseObject({ ip: z.string().min(1), reason: z.string().optional(), expires: expires.optional() })),
}

const EXAMPLES: Record<ListFile, string> = {
  whitelist: '[{"uuid": "069a79f4-44e9-4726-a5be-fca90e38aaf5", "name": "Notch"}]',
  ops: '[{"uuid": "069a79f4-44e9-4726-a5be-fca90e38aaf5", "name": "Notch", "level": 4, "bypassesPlayerLimit": false}]',
  bannedPlayers:
    '[{"uuid": "...", "name": "Griefer", "created": "...", "source": "Server", "expires": "forever", "reason": "Banned by an operator."}]',
  bannedIps: '[{"ip": "203.0.113.7", "created": "...", "source": "Server", "expires": "forever", "reason": "Banned by an operator."}]',
}

/** Reads one vanilla list file, naming the file, entry and field of anything wrong. */
export async function loadListFile<K extends ListFile>(kind: K, file: string): Promise<NonNullable<ServerLists[K]>> {
  const data = await readJson(file, `the ${LIST_FILE_NAMES[kind]} file`, EXAMPLES[kind])
  const parsed = schemas[kind].safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const [index, field] = issue.path
    const where = typeof index === 'number' ? ` entry ${index + 1}${field !== undefined ? ` › ${String(field)}` : ''}` : ''
    throw new HarnessInputError(`${file}${where}: ${issue.message}; ${LIST_FILE_NAMES[kind]} looks like ${EXAMPLES[kind]}`)
  }
  return parsed.data as unknown as NonNullable<ServerLists[K]>
}

async function readJson(file: string, what: string, example: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new HarnessInputError(`${file}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  // Vanilla writes [] for an empty list; an empty file is what some panels leave behind.
  if (text.trim() === '') return []
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new HarnessInputError(`${file}: not valid JSON (${(error as Error).message}); it looks like ${example}`)
  }
}

/** Parses `--whitelist-names a,b`. */
export function parseWhitelistNames(spec: string, where = '--whitelist-names'): string[] {
  const names = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const n of names) {
    if (!NAME.test(n)) throw new HarnessInputError(`${where}: "${n}" is not a Minecraft name (1-16 letters, digits or underscores)`)
  }
  return names
}

/**
 * The AuthMe settings the probes depend on, read from its config.yml (AuthMe's defaults for keys
 * left out). `check` and `diff` run the host's real values, never the harness's test set-up.
 */
export interface AuthMeSettings {
  /** settings.restrictions.timeout, in seconds; 0 means never kick. */
  timeoutSeconds: number
  kickNonRegistered: boolean
  kickOnWrongPassword: boolean
  maxRegPerIp: number
  maxLoginPerIp: number
  maxJoinPerIp: number
  forceSingleSession: boolean
  antiBot: boolean
  antiBotDelaySeconds: number
  antiBotIntervalSeconds: number
  antiBotSensibility: number
  antiBotDurationMinutes: number
}

/** AuthMe 5.6.0's own defaults (input/authme-settings.ts), as a host's AuthMe runs without the keys. */
export const HOST_AUTHME_DEFAULTS: AuthMeSettings = {
  timeoutSeconds: AUTHME_DEFAULTS.timeoutMs / 1000,
  kickNonRegistered: AUTHME_DEFAULTS.kickNonRegistered,
  kickOnWrongPassword: AUTHME_DEFAULTS.kickOnWrongPassword,
  maxRegPerIp: AUTHME_DEFAULTS.maxRegPerIp,
  maxLoginPerIp: AUTHME_DEFAULTS.maxLoginPerIp,
  maxJoinPerIp: AUTHME_DEFAULTS.maxJoinPerIp,
  forceSingleSession: AUTHME_DEFAULTS.forceSingleSession,
  antiBot: AUTHME_DEFAULTS.antiBot.enabled,
  antiBotDelaySeconds: AUTHME_DEFAULTS.antiBot.delaySeconds,
  antiBotIntervalSeconds: AUTHME_DEFAULTS.antiBot.intervalSeconds,
  antiBotSensibility: AUTHME_DEFAULTS.antiBot.sensibility,
  antiBotDurationMinutes: AUTHME_DEFAULTS.antiBot.durationMinutes,
}

/** Key paths from AuthMe 5.6.0's RestrictionSettings.java and ProtectionSettings.java. */
const AUTHME_KEYS: Array<{ path: string[]; field: keyof AuthMeSettings; kind: 'int' | 'bool'; unit?: string; max?: number }> = [
  {
    path: ['settings', 'restrictions', 'timeout'],
    field: 'timeoutSeconds',
    kind: 'int',
    unit: 'whole seconds (0 = never kick)',
    max: 86_400,
  },
  { path: ['settings', 'restrictions', 'kickNonRegistered'], field: 'kickNonRegistered', kind: 'bool' },
  { path: ['settings', 'restrictions', 'kickOnWrongPassword'], field: 'kickOnWrongPassword', kind: 'bool' },
  {
    path: ['settings', 'restrictions', 'maxRegPerIp'],
    field: 'maxRegPerIp',
    kind: 'int',
    unit: 'a whole number (0 = no limit)',
    max: 1000,
  },
  {
    path: ['settings', 'restrictions', 'maxLoginPerIp'],
    field: 'maxLoginPerIp',
    kind: 'int',
    unit: 'a whole number (0 = no limit)',
    max: 1000,
  },
  {
    path: ['settings', 'restrictions', 'maxJoinPerIp'],
    field: 'maxJoinPerIp',
    kind: 'int',
    unit: 'a whole number (0 = no limit)',
    max: 1000,
  },
  { path: ['settings', 'restrictions', 'ForceSingleSession'], field: 'forceSingleSession', kind: 'bool' },
  { path: ['Protection', 'enableAntiBot'], field: 'antiBot', kind: 'bool' },
  { path: ['Protection', 'antiBotDelay'], field: 'antiBotDelaySeconds', kind: 'int', unit: 'whole seconds', max: 3600 },
  { path: ['Protection', 'antiBotInterval'], field: 'antiBotIntervalSeconds', kind: 'int', unit: 'whole seconds', max: 3600 },
  { path: ['Protection', 'antiBotSensibility'], field: 'antiBotSensibility', kind: 'int', unit: 'a whole number of joins', max: 10_000 },
  { path: ['Protection', 'antiBotDuration'], field: 'antiBotDurationMinutes', kind: 'int', unit: 'whole minutes', max: 1440 },
]

/** The guard options that make the embedded guard run a host's AuthMe settings. */
export function guardRulesOf(a: AuthMeSettings) {
  return {
    kickOnWrongPassword: a.kickOnWrongPassword,
    kickNonRegistered: a.kickNonRegistered,
    maxRegPerIp: a.maxRegPerIp,
    maxLoginPerIp: a.maxLoginPerIp,
    maxJoinPerIp: a.maxJoinPerIp,
    forceSingleSession: a.forceSingleSession,
    antiBot: a.antiBot
      ? {
          delaySeconds: a.antiBotDelaySeconds,
          intervalSeconds: a.antiBotIntervalSeconds,
          sensibility: a.antiBotSensibility,
          durationMinutes: a.antiBotDurationMinutes,
        }
      : false,
  }
}

/** Reads AuthMe's config.yml: only the keys that change who gets in and when they are kicked. */
export async function loadAuthMeConfig(file: string): Promise<AuthMeSettings> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new HarnessInputError(
      `${file}: cannot read the AuthMe config (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass plugins/AuthMe/config.yml`,
    )
  }
  let doc: unknown
  try {
    doc = yaml().parse(text)
  } catch (error) {
    throw new HarnessInputError(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`)
  }
  const settings = { ...HOST_AUTHME_DEFAULTS }
  for (const key of AUTHME_KEYS) {
    const value = key.path.reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
      doc,
    )
    if (value === undefined || value === null) continue
    const where = `${file}: ${key.path.join('.')}`
    if (key.kind === 'bool') {
      if (typeof value !== 'boolean') throw new HarnessInputError(`${where} is ${JSON.stringify(value)}; AuthMe takes true or false`)
      ;(settings[key.field] as boolean) = value
    } else {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > key.max!) {
        throw new HarnessInputError(`${where} is ${JSON.stringify(value)}; AuthMe takes ${key.unit} up to ${key.max}`)
      }
      ;(settings[key.field] as number) = value
    }
  }
  return settings
}

/** Per-file paths; each overrides the file of the same kind in `dir`. */
export interface ServerFileFlags {
  dir?: string
  properties?: string
  whitelist?: string
  ops?: string
  bannedPlayers?: string
  bannedIps?: string
  authmeConfig?: string
  /** The proxy's folder (`check --proxy-dir`), read by check/proxy-folder.ts. */
  proxyDir?: string
}

/**
 * Finds and reads a server's files: a server folder (`dir`, vanilla's names inside) and/or single
 * files. `flag` prefixes the option names in messages (e.g. "--before-").
 */
export async function loadServerFiles(flags: ServerFileFlags, flag = '--'): Promise<ServerFiles> {
  const dir = flags.dir ? path.resolve(flags.dir) : undefined
  if (dir) {
    const info = await stat(dir).catch(() => undefined)
    if (!info?.isDirectory())
      throw new HarnessInputError(`${flag}dir ${flags.dir}: no such folder; pass the server's folder (the one with server.properties)`)
  }
  const properties = flags.properties ?? (dir ? path.join(dir, 'server.properties') : undefined)
  if (!properties) throw new HarnessInputError(`${flag}properties or ${flag}dir: give the server's server.properties or its folder`)
  const files: ServerFiles = { properties, sources: {} }
  const exists = async (file: string) => (await stat(file).catch(() => undefined))?.isFile() === true
  const lists: ServerLists = {}
  let anyList = false
  for (const kind of Object.keys(LIST_FILE_NAMES) as ListFile[]) {
    const explicit = flags[kind]
    const inDir = dir ? path.join(dir, LIST_FILE_NAMES[kind]) : undefined
    const file = explicit ?? (inDir && (await exists(inDir)) ? inDir : undefined)
    if (dir) anyList = true
    if (!file) continue
    anyList = true
    ;(lists as Record<ListFile, unknown>)[kind] = await loadListFile(kind, file)
    files.sources[kind] = file
  }
  if (anyList) files.lists = lists
  const authme = flags.authmeConfig ?? (dir && (await exists(path.join(dir, AUTHME_CONFIG))) ? path.join(dir, AUTHME_CONFIG) : undefined)
  if (authme) {
    files.authme = await loadAuthMeConfig(authme)
    files.sources.authme = authme
  }
  if (dir) {
    const paper = readPaperFilesFromDir(dir)
    if (Object.keys(paper).length > 0) {
      // Bad YAML or a wrong type is bad input now, before any probe starts.
      readPaperFiles(paper, {
        bukkit: path.join(dir, 'bukkit.yml'),
        spigot: path.join(dir, 'spigot.yml'),
        paperGlobal: path.join(dir, 'config/paper-global.yml'),
      })
      files.paper = paper
      const guardFile = path.join(dir, BUNGEEGUARD_CONFIG_PATH)
      if (await exists(guardFile)) files.bungeeGuardTokens = readBungeeGuardConfig(await readFile(guardFile, 'utf8'), guardFile)
    }
  }
  return files
}
