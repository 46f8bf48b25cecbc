/**
 * The scenario's `server.container` block: the plugin under test and how its real server is
 * built, for `run --backend container` (itzg or the local image). Kept in its own module so the
 * main schema only names it. Paths are relative to the scenario file and checked at load time: a
 * missing or non-plugin jar is bad input (exit 2), not a failed run.
 *
 *   server: {
 *     auth: 'cracked',
 *     container: {
 *       type: 'PAPER',
 *       plugins: ['../build/libs/my-plugin.jar'],
 *       configFiles: { 'MyPlugin/config.yml': './my-plugin-config.yml' },
 *       env: { PAPER_DOWNLOAD_URL: 'https://...' },
 *       image: 'itzg/minecraft-server:java21',
 *     },
 *   }
 */
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { HarnessInputError } from '../errors.ts'
import { ITZG_TYPES } from '../server/container/env-contract.ts'
import { readPluginDescriptor } from '../server/container/plugin-jar.ts'
import type { ContainerServerOptions } from '../server/types.ts'

const REMOTE_PLUGIN = /^(https?:\/\/|modrinth:|spiget:)/

export const containerServerSchema = z.strictObject({
  /** itzg TYPE (default PAPER on itzg when plugins are given). Case-insensitive. */
  type: z
    .string()
    .transform((t) => t.toUpperCase())
    .pipe(z.enum(ITZG_TYPES))
    .optional(),
  /** `itzg`, `local`, or an image reference such as itzg/minecraft-server:java21. */
  image: z
    .string()
    .regex(/^[\w.\-/:@]+$/, 'itzg, local or an image reference such as itzg/minecraft-server:java21')
    .optional(),
  /** Plugin jars relative to the scenario file, or https://, modrinth:<project>, spiget:<id> (itzg only). */
  plugins: z.array(z.string().min(1)).optional(),
  /** Server-folder path (e.g. `AuthMe/config.yml`, `config/paper-global.yml`, `bukkit.yml`) -> file relative to the scenario file. */
  configFiles: z.record(z.string().min(1), z.string().min(1)).optional(),
  /** Extra container variables (itzg's), e.g. PAPER_DOWNLOAD_URL. */
  env: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name: letters, digits and _, not starting with a digit'),
      z.string(),
    )
    .optional(),
  /** itzg MEMORY (default 1G). */
  memory: z
    .string()
    .regex(/^\d+[kKmMgG]?$/, 'a heap size such as 1G or 512M')
    .optional(),
  /**
   * The plugins keep nothing between logins (no player data, no database), so `run --reuse` may
   * give this scenario's server to the next scenario of the same config. Off by default.
   */
  statelessPlugins: z.boolean().optional(),
})

export type ContainerServerInput = z.output<typeof containerServerSchema>

/** How a resolver names a field and the folder its paths are relative to in its messages. */
export interface ContainerInputNaming {
  /** e.g. `scenarios/x.ts (scenario "y") › server.container.plugins[0]`, or `--plugin build/libs/x.jar`. */
  plugin: (index: number, raw: string) => string
  configFile: (key: string, raw: string) => string
  /** e.g. "the scenario file", "the working directory". */
  relativeTo: string
}

/**
 * The block with its paths made absolute (relative to `scenarioFile`) and checked: every local
 * jar exists and is a Bukkit/Paper plugin (its plugin.yml is what readiness waits on), every
 * config file exists.
 */
export function resolveContainerServer(block: ContainerServerInput, scenarioFile: string, where: string): ContainerServerOptions {
  return resolveContainerPaths(block, path.dirname(path.resolve(scenarioFile)), {
    plugin: (i) => `${where} › server.container.plugins[${i}]`,
    configFile: (key) => `${where} › server.container.configFiles["${key}"]`,
    relativeTo: 'the scenario file',
  })
}

/** The shared half of the scenario block and `run`'s container flags: paths resolved from `base` and checked. */
export function resolveContainerPaths(block: ContainerServerInput, base: string, naming: ContainerInputNaming): ContainerServerOptions {
  const out: ContainerServerOptions = {}
  if (block.type) out.type = block.type
  if (block.image) out.image = block.image
  if (block.env) out.env = { ...block.env }
  if (block.memory) out.memory = block.memory
  if (block.statelessPlugins !== undefined) out.statelessPlugins = block.statelessPlugins
  if (block.plugins) {
    out.plugins = block.plugins.map((p, i) => {
      if (REMOTE_PLUGIN.test(p)) return p
      const full = path.resolve(base, p)
      const field = naming.plugin(i, p)
      if (!fs.existsSync(full))
        throw new HarnessInputError(
          `${field}: no plugin jar at ${full} (resolved from "${p}" relative to ${naming.relativeTo}); build the jar first or fix the path`,
        )
      if (!full.endsWith('.jar'))
        throw new HarnessInputError(
          `${field}: "${p}" is not a .jar file; give the plugin's built jar (or an https://, modrinth:<project> or spiget:<id> reference)`,
        )
      if (!fs.statSync(full).isFile()) throw new HarnessInputError(`${field}: ${full} is not a file; give the plugin's built jar`)
      try {
        readPluginDescriptor(full)
      } catch (error) {
        throw new HarnessInputError(`${field}: ${(error as Error).message}`)
      }
      return full
    })
  }
  if (block.configFiles) {
    out.configFiles = {}
    for (const [key, source] of Object.entries(block.configFiles)) {
      const full = path.resolve(base, source)
      if (!fs.existsSync(full)) {
        throw new HarnessInputError(
          `${naming.configFile(key, source)}: no file at ${full} (resolved from "${source}" relative to ${naming.relativeTo})`,
        )
      }
      out.configFiles[key] = full
    }
  }
  return out
}
