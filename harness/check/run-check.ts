import path from 'node:path'
import { stat } from 'node:fs/promises'
import { HarnessInputError } from '../errors.ts'
import type { Backend } from '../scenario/backends/backend.ts'
import { runCase } from '../scenario/runner.ts'
import { loadServerProperties } from '../server/properties.ts'
import { planProbes, type ProbePlan, type ProbeSetup } from './probes.ts'
import type { CheckContext, CheckReport, ProbeResult } from './types.ts'
import { checkWarnings } from './warnings.ts'

export interface CheckOptions {
  /** The server.properties file to check. */
  propertiesFile: string
  /** A concrete supported version (resolve `latest` first). */
  version: string
  /** A started backend (prepare() done); the caller disposes it. */
  backend: Backend
  /** Put an AuthMe-style password plugin in front; `timeoutMs` is its login timeout. */
  guard?: { kind: 'authme'; timeoutMs: number }
  /** The premium or operator name the impersonator takes (default "Notch"). */
  opName?: string
  /** The host's whitelisted names (whitelist.json is not part of server.properties). */
  whitelistNames?: string[]
}

/** AuthMe's own default is 30 s; a check waits it out once, so the default is short. */
export const DEFAULT_GUARD_TIMEOUT_MS = 3000
export const DEFAULT_OP_NAME = 'Notch'

/**
 * Runs every probe against a server configured from `propertiesFile`, all at once (each probe has
 * its own session server and game server), and names the risks the rows show.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now()
  const { plans, setup, fileWarnings } = await planCheck(options)
  const probes = await Promise.all(plans.map((plan) => runProbe(plan, options)))
  const context: CheckContext = {
    file: options.propertiesFile,
    version: options.version,
    onlineMode: setup.onlineMode,
    whiteList: setup.whiteList,
    guard: setup.guard !== undefined,
    opName: setup.opName,
  }
  return { context, probes, warnings: [...checkWarnings(probes, context), ...fileWarnings], ms: performance.now() - started }
}

/** Reads and validates the file (bad input fails here, before anything starts) and plans the probes. */
export async function planCheck(options: Pick<CheckOptions, 'propertiesFile' | 'guard' | 'opName' | 'whitelistNames'>, flag = '--properties'): Promise<{ plans: ProbePlan[]; setup: ProbeSetup; fileWarnings: string[] }> {
  const file = path.resolve(options.propertiesFile)
  const info = await stat(file).catch(() => undefined)
  if (!info?.isFile()) throw new HarnessInputError(`${flag} ${options.propertiesFile}: no such file; pass the path of the server's server.properties`)
  const { properties, warnings } = await loadServerProperties(options.propertiesFile)
  const setup: ProbeSetup = {
    propertiesFile: file,
    properties,
    // Vanilla's defaults for keys the file leaves out.
    onlineMode: properties.onlineMode ?? true,
    whiteList: properties.whiteList ?? false,
    guard: options.guard,
    opName: options.opName ?? DEFAULT_OP_NAME,
    whitelistNames: options.whitelistNames ?? [],
  }
  return { plans: planProbes(setup), setup, fileWarnings: warnings }
}

async function runProbe(plan: ProbePlan, options: CheckOptions): Promise<ProbeResult> {
  const [result] = await runCase({ scenario: plan.scenario, version: options.version }, options.backend)
  const base = { probe: plan.probe, label: plan.label, who: plan.who, note: plan.note }
  if (!result) return { ...base, outcome: 'error', key: null, message: 'the probe produced no result', ms: 0 }
  // Probes only observe: the runner's judgement against the placeholder expectation is ignored,
  // except that a harness failure (not a login outcome) carries its reason.
  if (result.outcome === 'error') return { ...base, outcome: 'error', key: null, message: result.reason, ms: result.ms }
  return { ...base, outcome: result.outcome, key: result.key, message: result.message, ms: result.ms }
}
