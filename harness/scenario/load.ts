import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { HarnessInputError } from '../errors.ts'
import { loadServerProperties } from '../server/properties.ts'
import type { LoginProperties } from '../server/types.ts'
import { formatIssues } from '../input/format.ts'
import { resolveContainerServer } from './container-schema.ts'
import type { ContainerServerOptions } from '../server/types.ts'
import { scenarioSchema, type Scenario } from './schema.ts'

export interface LoadedScenario extends Scenario {
  /** The file it came from, relative to the working directory (for reports and errors). */
  file: string
  /** `server.propertiesFile`, read and checked at load time (a bad file is bad input, not a failed run). */
  fileProperties?: LoginProperties
  /** What the properties file's reader warned about (unknown keys), for the CLI to print like `server` and `check`. */
  fileWarnings?: string[]
  /** `server.container` with its paths resolved against the scenario file and checked. */
  containerServer?: ContainerServerOptions
}

const SCENARIO_FILE = /\.(ts|mts|js|mjs)$/
const NOT_SCENARIO = /\.(test|spec|d)\.(ts|mts|js|mjs)$/

/** Expands files and folders (recursively) to scenario module paths, sorted for stable order. */
export async function findScenarioFiles(targets: string[]): Promise<string[]> {
  const files: string[] = []
  for (const target of targets) {
    const info = await stat(target).catch(() => undefined)
    if (!info) throw new HarnessInputError(`${target}: no such file or folder; pass scenario files or folders (default: scenarios/)`)
    if (info.isDirectory()) {
      const entries = await readdir(target, { recursive: true, withFileTypes: true })
      for (const entry of entries) {
        if (!entry.isFile() || !SCENARIO_FILE.test(entry.name) || NOT_SCENARIO.test(entry.name)) continue
        files.push(path.join(entry.parentPath, entry.name))
      }
    } else {
      files.push(target)
    }
  }
  return [...new Set(files.map((f) => path.relative(process.cwd(), path.resolve(f))))].sort()
}

/** Imports each file and validates its default export (a scenario or an array of them). */
export async function loadScenarios(targets: string[]): Promise<LoadedScenario[]> {
  const files = await findScenarioFiles(targets)
  if (files.length === 0) throw new HarnessInputError(`${targets.join(', ')}: no scenario files found (*.ts, *.js)`)
  const all: LoadedScenario[] = []
  // Every broken file at once, not one per run: fixing them one exit 2 at a time is slow.
  const problems: string[] = []
  for (const file of files) {
    try {
      all.push(...(await loadScenarioFile(file)))
    } catch (error) {
      if (!(error instanceof HarnessInputError)) throw error
      problems.push(error.message)
    }
  }
  if (problems.length > 0) throw new HarnessInputError(problems.join('\n'))
  const seen = new Map<string, string>()
  for (const scenario of all) {
    const earlier = seen.get(scenario.name)
    if (earlier) {
      throw new HarnessInputError(`${scenario.file}: scenario name "${scenario.name}" is already used in ${earlier}; names must be unique`)
    }
    seen.set(scenario.name, scenario.file)
  }
  return all
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario[]> {
  let module: { default?: unknown }
  try {
    module = await import(pathToFileURL(path.resolve(file)).href)
  } catch (error) {
    throw new HarnessInputError(`${file}: could not be loaded: ${(error as Error).message}`)
  }
  // A TypeScript scenario in a CommonJS package is compiled by tsx to CommonJS (`exports.default =
  // ...` with `__esModule`), and Node's import() of CommonJS gives the whole `module.exports` as
  // `default`: take the file's own default export from it, as a bundler's interop would.
  const exported = module.default as { __esModule?: boolean; default?: unknown } | undefined
  if (exported && typeof exported === 'object' && exported.__esModule === true && 'default' in exported) {
    module = { default: exported.default }
  }
  if (module.default === undefined) {
    throw new HarnessInputError(`${file}: has no default export; export default defineScenario({...}) or an array of them`)
  }
  const inputs: unknown[] = Array.isArray(module.default) ? module.default : [module.default]
  // Report every broken scenario of the file at once, not one per run.
  const problems: string[] = []
  const scenarios: LoadedScenario[] = []
  for (const [index, input] of inputs.entries()) {
    const where = `${file}${inputs.length > 1 ? ` [${index}]` : ''}`
    try {
      const scenario = validateScenario(input, where, file)
      scenario.fileProperties = await readPropertiesFile(scenario, where)
      if (scenario.server.container)
        scenario.containerServer = resolveContainerServer(scenario.server.container, file, `${where} (scenario "${scenario.name}")`)
      scenarios.push(scenario)
    } catch (error) {
      if (!(error instanceof HarnessInputError)) throw error
      problems.push(error.message)
    }
  }
  if (problems.length > 0) throw new HarnessInputError(problems.join('\n'))
  return scenarios
}

export function validateScenario(input: unknown, where: string, file: string): LoadedScenario {
  const parsed = scenarioSchema.safeParse(input)
  if (!parsed.success) {
    const label =
      typeof (input as { name?: unknown })?.name === 'string' ? `${where} (scenario "${(input as { name: string }).name}")` : where
    throw new HarnessInputError(formatIssues(scenarioSchema, input, parsed.error, label))
  }
  return { ...parsed.data, file }
}

/** A scenario's `server.propertiesFile`, relative to the scenario file. */
async function readPropertiesFile(scenario: LoadedScenario, where: string): Promise<LoginProperties | undefined> {
  const relative = scenario.server.propertiesFile
  if (!relative) return undefined
  try {
    const parsed = await loadServerProperties(path.resolve(path.dirname(scenario.file), relative))
    if (parsed.warnings.length > 0) scenario.fileWarnings = parsed.warnings
    return parsed.properties
  } catch (error) {
    if (!(error instanceof HarnessInputError)) throw error
    throw new HarnessInputError(`${where} (scenario "${scenario.name}") › server.propertiesFile: ${error.message}`)
  }
}
