import { resolveVersion, resolveVersionList, supportedVersions } from '../versions.ts'
import type { LoadedScenario } from './load.ts'

/** One scenario on one version: the unit the runner schedules and the report lists. */
export interface ScenarioCase {
  scenario: LoadedScenario
  version: string
}

/**
 * Expands each scenario over its versions. `--versions` replaces every scenario's own list, so a
 * CI job can say "all" once; without it a scenario runs on what it declares, by default `latest`.
 */
export function expandCases(scenarios: LoadedScenario[], versionsOverride?: string): ScenarioCase[] {
  const override = versionsOverride ? resolveVersionList(versionsOverride) : undefined
  return scenarios.flatMap((scenario) => {
    const versions = override ?? scenarioVersions(scenario)
    return versions.map((version) => ({ scenario, version }))
  })
}

function scenarioVersions(scenario: LoadedScenario): string[] {
  const declared = scenario.versions ?? 'latest'
  if (declared === 'all') return supportedVersions()
  if (declared === 'latest') return [resolveVersion('latest')]
  return [...new Set(declared.map((v) => resolveVersion(v, `${scenario.file} (scenario "${scenario.name}") › versions`)))]
}

/** Keeps cases whose "scenario › bot" label or scenario name matches `--grep`. */
export function filterCases(cases: ScenarioCase[], grep?: string): ScenarioCase[] {
  if (!grep) return cases
  const pattern = new RegExp(grep, 'i')
  return cases.filter(({ scenario }) => pattern.test(scenario.name) || pattern.test(scenario.file) || scenario.bots.some((b) => pattern.test(b.name ?? b.account.name)))
}
