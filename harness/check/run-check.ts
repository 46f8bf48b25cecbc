import { compareReleases } from '../platforms.ts'
import path from 'node:path'
import { stat } from 'node:fs/promises'
import { HarnessInputError } from '../errors.ts'
import type { Backend } from '../backends/backend.ts'
import type { ResourceScope } from '../resource-scope.ts'
import { loadServerProperties } from '../server/properties.ts'
import type { ServerLists } from '../server/types.ts'
import type { PaperFiles } from '../server/paper/config-files.ts'
import { planProbes, type GuardSetup, type ProbeCast, type ProbeId, type ProbePlan, type ProbeSetup } from './probes.ts'
import { runProbe } from './run-probe.ts'
import { guardRulesOf, HOST_AUTHME_DEFAULTS, type AuthMeSettings, type ServerFiles } from './server-files.ts'
import type { CheckContext, CheckReport } from './types.ts'
import { findUuidMismatches, mismatchWarning } from './uuid-mismatch.ts'
import { checkWarnings } from './warnings.ts'
import type { ProxySetup } from './proxy-folder.ts'

export interface CheckOptions {
  /** The server.properties file to check. */
  propertiesFile: string
  /** A concrete supported version (resolve `latest` first). */
  version: string
  /** A started backend (prepare() done); the caller disposes the scope it was prepared in. */
  backend: Backend
  /**
   * The scope the backend was prepared in: each probe's scope is made under it, so probes stop
   * before what prepare() made. Default: the process's root scope.
   */
  scope?: ResourceScope
  /** Put an AuthMe-style password plugin in front (`--guard authme`); `timeoutMs` is its login timeout. */
  guard?: { kind: 'authme'; timeoutMs: number }
  /** The AuthMe config.yml the host ships: implies the guard, with its settings. */
  authme?: AuthMeSettings
  /** With `authme`: use this timeout instead of the config's (keeps a check short). */
  guardTimeoutOverrideMs?: number
  /** The name the impersonator takes when ops.json names nobody (default "Notch"). */
  opName?: string
  /** Whitelisted names without UUIDs (--whitelist-names). */
  whitelistNames?: string[]
  /** The host's whitelist.json, ops.json, banned-players.json, banned-ips.json. */
  lists?: ServerLists
  /** The folder's Paper files (bukkit.yml, spigot.yml, paper-global.yml): the probes run on the Paper profile with them. */
  paperFiles?: PaperFiles
  /** Which file each list came from, for the report. */
  sources?: ServerFiles['sources']
  /** Players online for the server-full probe (default: the file's max-players). */
  playersOnline?: number
  /** The players the list probes follow (diff: the before side's); default: this side's first entries. */
  cast?: ProbeCast
  /** Run only these probes (all when absent). */
  only?: ProbeId[]
  /** BungeeGuard on the backend (its plugins/BungeeGuard/config.yml allowed tokens). */
  forwarding?: ProbeSetup['forwarding']
  /** The proxy in front (`--proxy-dir`): the proxy probes run through it to this server. */
  proxy?: ProxySetup
}

/** AuthMe's own default is 30 s; a check waits it out once, so the default is short. */
export const DEFAULT_GUARD_TIMEOUT_MS = 3000
export const DEFAULT_OP_NAME = 'Notch'

/**
 * Runs every probe against a server configured from the host's files, all at once (each probe
 * has its own session server and game server), and names the risks the rows show.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now()
  const { plans: planned, setup, fileWarnings } = await planCheck(options)
  // A probe of something the version does not have (transfers before 1.20.5) is left out.
  const plans = planned.filter((plan) => plan.since === undefined || compareReleases(options.version, plan.since) >= 0)
  const probes = await Promise.all(plans.map((plan) => runProbe(plan, options.version, options.backend, options.scope)))
  const context: CheckContext = {
    file: options.propertiesFile,
    version: options.version,
    onlineMode: setup.onlineMode,
    whiteList: setup.whiteList,
    guard: setup.guard !== undefined,
    opName: setup.lists?.ops?.[0]?.name ?? setup.opName,
    sources: options.sources,
    ...(options.proxy
      ? {
          proxy: {
            dir: options.proxy.dir,
            type: options.proxy.settings.type,
            forwarding: options.proxy.settings.forwarding,
            online: options.proxy.settings.online,
            notPlayed: options.proxy.settings.notPlayed ?? [],
          },
        }
      : {}),
  }
  return { context, probes, warnings: [...checkWarnings(probes, context), ...fileWarnings], ms: performance.now() - started }
}

/** Reads and validates the files (bad input fails here, before anything starts) and plans the probes. */
export async function planCheck(
  options: Omit<CheckOptions, 'version' | 'backend' | 'scope'> & { backend?: Backend },
  flag = '--properties',
): Promise<{ plans: ProbePlan[]; setup: ProbeSetup; fileWarnings: string[] }> {
  const file = path.resolve(options.propertiesFile)
  const info = await stat(file).catch(() => undefined)
  if (!info?.isFile())
    throw new HarnessInputError(`${flag} ${options.propertiesFile}: no such file; pass the path of the server's server.properties`)
  const { properties, warnings } = await loadServerProperties(options.propertiesFile)
  const setup: ProbeSetup = {
    propertiesFile: file,
    properties,
    // Vanilla's defaults for keys the file leaves out.
    onlineMode: properties.onlineMode ?? true,
    whiteList: properties.whiteList ?? false,
    guard: guardSetup(options, options.backend?.name === 'container' ? warnings : undefined),
    opName: options.opName ?? DEFAULT_OP_NAME,
    whitelistNames: options.whitelistNames ?? [],
    lists: options.lists,
    paperFiles: options.paperFiles,
    forwarding: options.forwarding,
    proxy: options.proxy,
    playersOnline: options.playersOnline,
    backend: options.backend?.name,
    cast: options.cast,
  }
  // The UUIDs the server gives players: behind a proxy that forwards them, the proxy's mode decides.
  const proxy = options.proxy?.settings
  const uuidsOnline = proxy ? proxy.online && proxy.forwarding !== 'none' : setup.onlineMode
  const fileWarnings = [...warnings, ...findUuidMismatches(setup.lists, uuidsOnline).map(mismatchWarning)]
  const crowd = setup.playersOnline ?? properties.maxPlayers
  if (crowd > 50)
    fileWarnings.push(
      `The server-full probe did not run: it fills at most 50 players and max-players=${properties.maxPlayers}; pass --players-online N (at most 50) to try one more than N`,
    )
  const plans = planProbes(setup).filter((p) => !options.only || options.only.includes(p.probe))
  return { plans, setup, fileWarnings }
}

/**
 * The host's AuthMe as the probes run it: its config.yml's values (AuthMe's defaults for keys it
 * leaves out, and with --guard alone), not the harness's test set-up. In a container every probe
 * comes from the Docker gateway's one address, which the host's players do not share: there (only)
 * the per-address limits are lifted, and `warnings` says so.
 */
function guardSetup(
  options: Pick<CheckOptions, 'guard' | 'authme' | 'guardTimeoutOverrideMs'>,
  containerWarnings?: string[],
): GuardSetup | undefined {
  const a = options.authme ?? (options.guard ? HOST_AUTHME_DEFAULTS : undefined)
  if (!a) return undefined
  const guard: GuardSetup = {
    kind: 'authme',
    ...guardRulesOf(a),
    timeoutMs: options.guardTimeoutOverrideMs ?? options.guard?.timeoutMs ?? a.timeoutSeconds * 1000,
  }
  if (containerWarnings && (guard.maxRegPerIp || guard.maxLoginPerIp || guard.maxJoinPerIp)) {
    containerWarnings.push(
      `AuthMe's per-address limits (maxRegPerIp ${guard.maxRegPerIp}, maxLoginPerIp ${guard.maxLoginPerIp}, maxJoinPerIp ${guard.maxJoinPerIp}) were not applied: in a container every probe comes from the Docker gateway's one address; the embedded backend (loopback, which AuthMe exempts) is not limited either`,
    )
    Object.assign(guard, { maxRegPerIp: 0, maxLoginPerIp: 0, maxJoinPerIp: 0 })
  }
  return guard
}
