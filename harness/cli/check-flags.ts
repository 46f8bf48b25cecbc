import { Option, type Command } from 'commander'
import { DEFAULT_GUARD_TIMEOUT_MS, DEFAULT_OP_NAME, type CheckOptions } from '../check/run-check.ts'
import { loadServerFiles, parseWhitelistNames, type ServerFileFlags } from '../check/server-files.ts'
import { MAX_CROWD, parseProbeId, PROBE_IDS, type ProbeId } from '../check/probes.ts'
import { loadProxyFolder } from '../check/proxy-folder.ts'
import { HarnessInputError } from '../errors.ts'
import { guardTimeoutSchema, parseInput } from '../input/index.ts'
import type { Backend } from '../backends/backend.ts'
import { createBackend } from '../backends/create-backend.ts'
import type { ResourceScope } from '../resource-scope.ts'
import type { CliContext } from './context.ts'
import { resolveVersion } from '../versions.ts'
import { integerOption } from './options.ts'
import { prepareOut, writeOut } from '../report/output.ts'

/** The flags `check` and `diff` share: how the server is set up around its files. */
export interface ProbeFlags {
  guard?: 'authme'
  guardTimeoutMs: string
  version: string
  backend: 'embedded' | 'container'
  opName: string
  whitelistNames?: string
  playersOnline?: number
  only?: string
}

export function addProbeOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--guard <plugin>',
        'put a password-login plugin in front (AuthMe-style) when the folder has no plugins/AuthMe/config.yml',
      ).choices(['authme']),
    )
    .option(
      '--guard-timeout-ms <ms>',
      `the plugin's login timeout for the idle probe (with an AuthMe config.yml: overrides its timeout)`,
      String(DEFAULT_GUARD_TIMEOUT_MS),
    )
    .option('--version <version>', 'Minecraft version the probes use', 'latest')
    .addOption(new Option('--backend <name>', 'where the server runs').choices(['embedded', 'container']).default('embedded'))
    .option('--op-name <name>', 'the name the impersonator takes when ops.json names nobody', DEFAULT_OP_NAME)
    .option('--whitelist-names <names>', 'whitelisted names without UUIDs, comma separated (when you have no whitelist.json)')
    .option('--only <probes>', 'run only these probes, comma separated ids (as the report names them), e.g. premium,forged-handshake')
    .option(
      '--players-online <n>',
      `players already online for the server-full probe (default: max-players; at most ${MAX_CROWD})`,
      integerOption('--players-online', 0, MAX_CROWD),
    )
}

/** Adds the file flags of one side: `--dir`, `--properties`, `--whitelist`, ... with `prefix` ("" or "before-"/"after-"). */
export function addFileOptions(command: Command, prefix: '' | 'before-' | 'after-', side = ''): Command {
  const of = side ? ` (${side})` : ''
  return command
    .option(
      `--${prefix}dir <folder>`,
      `the server folder${of}: server.properties, whitelist.json, ops.json, banned-players.json, banned-ips.json, plugins/AuthMe/config.yml`,
    )
    .option(`--${prefix}whitelist <file>`, `whitelist.json${of} (vanilla format; matched by UUID)`)
    .option(`--${prefix}ops <file>`, `ops.json${of}`)
    .option(`--${prefix}banned-players <file>`, `banned-players.json${of}`)
    .option(`--${prefix}banned-ips <file>`, `banned-ips.json${of}`)
    .option(`--${prefix}authme-config <file>`, `AuthMe's config.yml${of}: the guard runs with its timeout and kick settings`)
    .option(
      `--${prefix}proxy-dir <folder>`,
      `the proxy in front${of}: Velocity's folder (velocity.toml, forwarding.secret) or BungeeCord's (config.yml, plugins/BungeeGuard/token.yml); the proxy probes log in through it to --${prefix}dir as its first server`,
    )
}

/** Picks one side's file flags out of commander's camel-cased options. */
export function fileFlags(flags: Record<string, unknown>, prefix: '' | 'before' | 'after', properties?: string): ServerFileFlags {
  const get = (name: string) => flags[prefix ? `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name] as string | undefined
  return {
    dir: get('dir'),
    properties,
    whitelist: get('whitelist'),
    ops: get('ops'),
    bannedPlayers: get('bannedPlayers'),
    bannedIps: get('bannedIps'),
    authmeConfig: get('authmeConfig'),
    proxyDir: get('proxyDir'),
  }
}

const NAME = /^[A-Za-z0-9_]{1,16}$/

/** Validates the shared flags; everything but the server's files and the backend. */
export async function probeOptions(flags: ProbeFlags, command?: Command): Promise<Omit<CheckOptions, 'propertiesFile' | 'backend'>> {
  const version = resolveVersion(flags.version, '--version')
  if (!NAME.test(flags.opName))
    throw new HarnessInputError(`--op-name: "${flags.opName}" is not a Minecraft name (1-16 letters, digits or underscores)`)
  // The guard's own rule (harness/input/guard.ts), so the flag and a scenario file agree.
  const timeoutMs = parseInput(guardTimeoutSchema, Number(flags.guardTimeoutMs), '--guard-timeout-ms')
  return {
    version,
    opName: flags.opName,
    whitelistNames: flags.whitelistNames ? parseWhitelistNames(flags.whitelistNames) : [],
    guard: flags.guard ? { kind: flags.guard, timeoutMs } : undefined,
    // Only a timeout typed on the command line overrides the one in the host's AuthMe config.
    guardTimeoutOverrideMs: command?.getOptionValueSource('guardTimeoutMs') === 'cli' ? timeoutMs : undefined,
    playersOnline: flags.playersOnline,
    ...(flags.only !== undefined ? { only: parseOnly(flags.only) } : {}),
  }
}

/** `--only a,b`: probe ids, each checked (a typo names the valid ones). */
function parseOnly(value: string): ProbeId[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
  if (ids.length === 0) throw new HarnessInputError(`--only: give at least one probe id; use any of: ${PROBE_IDS.join(', ')}`)
  return ids.map((id) => parseProbeId(id, '--only'))
}

/** Reads one side's files into the check options. */
export async function sideOptions(
  files: ServerFileFlags,
  flag: string,
): Promise<Pick<CheckOptions, 'propertiesFile' | 'lists' | 'authme' | 'sources' | 'paperFiles' | 'forwarding' | 'proxy'>> {
  const loaded = await loadServerFiles(files, flag)
  return {
    propertiesFile: loaded.properties,
    lists: loaded.lists,
    authme: loaded.authme,
    sources: loaded.sources,
    paperFiles: loaded.paper,
    ...(loaded.bungeeGuardTokens ? { forwarding: { bungeeGuard: { allowedTokens: loaded.bungeeGuardTokens } } } : {}),
    ...(files.proxyDir ? { proxy: loadProxyFolder(files.proxyDir, `${flag}proxy-dir`) } : {}),
  }
}

/**
 * Prepares the backend in a scope of its own, runs `work` (which makes its probes' scopes under
 * that one), and always disposes it: the probes' servers, then what prepare() made.
 */
export async function withBackend<T>(
  context: CliContext,
  name: ProbeFlags['backend'],
  work: (backend: Backend, scope: ResourceScope) => Promise<T>,
): Promise<T> {
  const backend = await createBackend(name)
  const scope = context.scope.child({ name: 'check' })
  try {
    await backend.prepare(scope)
    return await work(backend, scope)
  } finally {
    await context.disposeCommandScope(scope, backend.leftoverAdvice())
  }
}

/** Writes a report to `--out` (creating folders) or stdout. */
export async function emit(context: CliContext, rendered: string, out: string | undefined): Promise<void> {
  if (!out) {
    context.out(rendered)
    return
  }
  await prepareOut(out)
  await writeOut(out, rendered)
  context.err(`report written to ${out}\n`)
}
