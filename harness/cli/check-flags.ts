import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Option, type Command } from 'commander'
import { DEFAULT_GUARD_TIMEOUT_MS, DEFAULT_OP_NAME, type CheckOptions } from '../check/run-check.ts'
import { loadWhitelistFile, parseWhitelistNames } from '../check/whitelist-file.ts'
import { HarnessInputError } from '../errors.ts'
import type { Backend } from '../scenario/backends/backend.ts'
import { createBackend } from '../scenario/backends/create-backend.ts'
import { stopAll } from '../lifecycle.ts'
import { resolveVersion } from '../versions.ts'

/** The flags `check` and `diff` share: how the server is set up around the properties file. */
export interface ProbeFlags {
  guard?: 'authme'
  guardTimeoutMs: string
  version: string
  backend: 'embedded' | 'container'
  opName: string
  whitelist?: string
  whitelistNames?: string
}

export function addProbeOptions(command: Command): Command {
  return command
    .addOption(new Option('--guard <plugin>', 'put a password-login plugin in front (AuthMe-style)').choices(['authme']))
    .option('--guard-timeout-ms <ms>', `the plugin's login timeout for the idle probe (AuthMe's real default is 30000)`, String(DEFAULT_GUARD_TIMEOUT_MS))
    .option('--version <version>', 'Minecraft version the probes use', 'latest')
    .addOption(new Option('--backend <name>', 'where the server runs').choices(['embedded', 'container']).default('embedded'))
    .option('--op-name <name>', 'the premium or operator name the impersonator takes', DEFAULT_OP_NAME)
    .option('--whitelist <file>', "the server's whitelist.json (names on it are whitelisted)")
    .option('--whitelist-names <names>', 'whitelisted names, comma separated (instead of --whitelist)')
}

const NAME = /^[A-Za-z0-9_]{1,16}$/

/** Validates the shared flags; everything but the properties file and the backend. */
export async function probeOptions(flags: ProbeFlags): Promise<Omit<CheckOptions, 'propertiesFile' | 'backend'>> {
  const version = resolveVersion(flags.version, '--version')
  if (!NAME.test(flags.opName)) throw new HarnessInputError(`--op-name: "${flags.opName}" is not a Minecraft name (1-16 letters, digits or underscores)`)
  const timeoutMs = Number(flags.guardTimeoutMs)
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
    throw new HarnessInputError(`--guard-timeout-ms: "${flags.guardTimeoutMs}" must be a whole number of milliseconds from 100 to 600000`)
  }
  const whitelistNames = [
    ...(flags.whitelist ? await loadWhitelistFile(flags.whitelist) : []),
    ...(flags.whitelistNames ? parseWhitelistNames(flags.whitelistNames) : []),
  ]
  return {
    version,
    opName: flags.opName,
    whitelistNames,
    guard: flags.guard ? { kind: flags.guard, timeoutMs } : undefined,
  }
}

/** Prepares the backend, runs `work`, and always releases the backend and anything left running. */
export async function withBackend<T>(name: ProbeFlags['backend'], work: (backend: Backend) => Promise<T>): Promise<T> {
  const backend = await createBackend(name)
  try {
    await backend.prepare()
    return await work(backend)
  } finally {
    await backend.dispose()
    await stopAll()
  }
}

/** Writes a report to `--out` (creating folders) or stdout. */
export async function emit(rendered: string, out: string | undefined): Promise<void> {
  if (!out) {
    process.stdout.write(rendered)
    return
  }
  await mkdir(path.dirname(path.resolve(out)), { recursive: true })
  await writeFile(out, rendered)
  process.stderr.write(`report written to ${out}\n`)
}
