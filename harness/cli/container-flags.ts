/**
 * `run`'s flags for the plugin under test on the container backend: --plugin (repeatable),
 * --type, --image, --env KEY=VALUE and --config-file <server path>=<file> (repeatable). They
 * apply to every scenario's server; a scenario's own `server.container` block wins where both
 * set the same thing (see ContainerBackend.startServer). Checked with the scenario block's
 * schema and resolver, so a flag and a scenario field refuse the same input in the same words,
 * the flag's paths resolved from the working directory.
 */
import { Option, type Command } from 'commander'
import { HarnessInputError } from '../errors.ts'
import { parseInput } from '../input/index.ts'
import { containerServerSchema, resolveContainerPaths } from '../scenario/container-schema.ts'
import { parseImageChoice } from '../server/container/env-contract.ts'
import type { ContainerServerOptions } from '../server/types.ts'

export interface ContainerFlags {
  plugin: string[]
  type?: string
  image?: string
  env: string[]
  configFile: string[]
  statelessPlugins?: boolean
}

export function addContainerOptions(command: Command): Command {
  const collect = (value: string, previous: string[]) => [...previous, value]
  return command
    .addOption(
      new Option(
        '--plugin <jar>',
        'container backend: a plugin jar for every server (repeatable; also https://, modrinth:<project>, spiget:<id> on itzg); replaces MC_LOGIN_HARNESS_PLUGINS',
      )
        .argParser(collect)
        .default([]),
    )
    .option(
      '--type <TYPE>',
      'container backend: itzg server TYPE for every server (PAPER, SPIGOT, PURPUR, ...; default PAPER with plugins or on itzg); replaces MC_LOGIN_HARNESS_SERVER_TYPE',
    )
    .option(
      '--image <image>',
      'container backend: itzg, local, or an image reference such as itzg/minecraft-server:java21; replaces MC_LOGIN_HARNESS_IMAGE',
    )
    .addOption(
      new Option(
        '--env <KEY=VALUE>',
        "container backend: an extra server container variable (itzg's, e.g. PAPER_DOWNLOAD_URL=...; repeatable)",
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option(
        '--config-file <path=file>',
        'container backend: a file into the server folder, e.g. MyPlugin/config.yml=test/config.yml (repeatable)',
      )
        .argParser(collect)
        .default([]),
    )
    .option(
      '--stateless-plugins',
      'container backend, with --reuse: the plugins keep nothing between logins, so their servers may serve more than one scenario',
    )
}

const FLAG_NAMES = ['--plugin', '--type', '--image', '--env', '--config-file', '--stateless-plugins'] as const

/** The flags given, by name, in the order above (for messages). */
function given(flags: ContainerFlags): string[] {
  const set = [
    flags.plugin.length > 0,
    flags.type !== undefined,
    flags.image !== undefined,
    flags.env.length > 0,
    flags.configFile.length > 0,
    flags.statelessPlugins === true,
  ]
  return FLAG_NAMES.filter((_, i) => set[i])
}

/**
 * The run-wide container options from the flags, checked; undefined when none was given. With the
 * embedded backend any of them is bad input: embedded servers cannot load a Java plugin, and
 * ignoring the flag would test less than the command line says.
 */
export function resolveContainerFlags(flags: ContainerFlags, backend: string, cwd = process.cwd()): ContainerServerOptions | undefined {
  const names = given(flags)
  if (names.length === 0) return undefined
  if (backend !== 'container') {
    throw new HarnessInputError(
      `${names.join(', ')}: only for servers in containers (real Paper/Spigot through itzg, or the local stand-in image); add --backend container, or leave ${names.length > 1 ? 'these flags' : 'the flag'} out to run on embedded servers (they cannot load a Java plugin)`,
    )
  }
  const shape = containerServerSchema.shape
  const block: Record<string, unknown> = {}
  if (flags.type !== undefined) block.type = parseInput(shape.type, flags.type, '--type')
  // The environment variable's rule (stricter than the scenario field's pattern, and it names the value).
  if (flags.image !== undefined) block.image = parseImageChoice(flags.image, '--image')
  if (flags.plugin.length > 0)
    block.plugins = flags.plugin.map((p) => parseInput(shape.plugins.unwrap().element, p, `--plugin ${JSON.stringify(p)}`))
  if (flags.env.length > 0) {
    const env: Record<string, string> = {}
    for (const item of flags.env) {
      const [key, value] = splitPair(item, '--env', 'KEY=VALUE, e.g. --env PAPER_DOWNLOAD_URL=https://...')
      parseInput(shape.env.unwrap().keyType, key, `--env ${JSON.stringify(item)}: ${JSON.stringify(key)}`)
      env[key] = value
    }
    block.env = env
  }
  if (flags.configFile.length > 0) {
    const files: Record<string, string> = {}
    for (const item of flags.configFile) {
      const [key, file] = splitPair(
        item,
        '--config-file',
        '<server-folder path>=<file>, e.g. --config-file MyPlugin/config.yml=test/config.yml',
      )
      if (file === '')
        throw new HarnessInputError(
          `--config-file ${JSON.stringify(item)}: no file after "="; write <server-folder path>=<file>, e.g. --config-file MyPlugin/config.yml=test/config.yml`,
        )
      files[key] = file
    }
    block.configFiles = parseInput(shape.configFiles, files, '--config-file')
  }
  if (flags.statelessPlugins) block.statelessPlugins = true
  const parsed = parseInput(containerServerSchema, block, 'container flags')
  return resolveContainerPaths(parsed, cwd, {
    plugin: (i) => `--plugin ${JSON.stringify(flags.plugin[i])}`,
    configFile: (key, raw) => `--config-file ${JSON.stringify(`${key}=${raw}`)}`,
    relativeTo: `the working directory ${cwd}`,
  })
}

/** `KEY=VALUE` at the first "=" (a value may hold more); a missing "=" or key is bad input. */
function splitPair(item: string, flag: string, form: string): [string, string] {
  const at = item.indexOf('=')
  if (at <= 0) throw new HarnessInputError(`${flag} ${JSON.stringify(item)}: expected ${form}`)
  return [item.slice(0, at), item.slice(at + 1)]
}
