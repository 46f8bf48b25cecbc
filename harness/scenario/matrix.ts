import { HarnessInputError } from '../errors.ts'
import { compareReleases } from '../platforms.ts'
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
    const versions = (override ?? scenarioVersions(scenario)).filter((version) => inRange(version, scenario.versionRange))
    const needs = transfersAndCookiesUse(scenario)
    const older = versions.find((version) => compareReleases(version, FIRST_TRANSFER_RELEASE) < 0)
    if (needs && older !== undefined) {
      throw new HarnessInputError(
        `${scenario.file} (scenario "${scenario.name}"): ${needs} needs ${FIRST_TRANSFER_RELEASE} or newer (transfers and cookies came with it), but it would run on ${older}; give the scenario versionRange: { from: '${FIRST_TRANSFER_RELEASE}' } or versions from ${FIRST_TRANSFER_RELEASE} on`,
      )
    }
    return versions.map((version) => ({ scenario, version }))
  })
}

/** The release that brought transfers and cookies (protocol 766). */
const FIRST_TRANSFER_RELEASE = '1.20.5'

/** What of a scenario exists only from 1.20.5 on, in words; undefined when nothing does. */
function transfersAndCookiesUse(scenario: LoadedScenario): string | undefined {
  if (scenario.bots.some((bot) => (bot.steps ?? []).some((step) => step.do === 'transfer'))) return 'a transfer step'
  if (scenario.bots.some((bot) => bot.unsolicitedCookie)) return 'an unsolicited cookie'
  if ([scenario.server, ...(scenario.servers ?? []).map((s) => s.server)].some((server) => server.cookies)) return 'a server cookies block'
  return undefined
}

/** A scenario's `versionRange` (inclusive both ends). */
function inRange(version: string, range: { from?: string; until?: string } | undefined): boolean {
  if (range?.from !== undefined && compareReleases(version, range.from) < 0) return false
  if (range?.until !== undefined && compareReleases(version, range.until) > 0) return false
  return true
}

function scenarioVersions(scenario: LoadedScenario): string[] {
  const declared = scenario.versions ?? 'latest'
  if (declared === 'all') return supportedVersions()
  if (declared === 'latest') return [resolveVersion('latest')]
  return [...new Set(declared.map((v) => resolveVersion(v, `${scenario.file} (scenario "${scenario.name}") › versions`)))]
}

/**
 * Keeps cases whose scenario *name* matches `grep` and matches none of `skip` (case-insensitive).
 * Names only, never bot names or files: a pattern such as `^(?!guarded)` must mean "every
 * scenario not named guarded…", which a match on a bot called "Steve" would silently undo.
 */
export function filterCases(cases: ScenarioCase[], grep?: string, skip: readonly string[] = []): ScenarioCase[] {
  const keep = grep ? new RegExp(grep, 'i') : undefined
  const drop = skip.map((s) => new RegExp(s, 'i'))
  return cases.filter(({ scenario }) => (!keep || keep.test(scenario.name)) && !drop.some((re) => re.test(scenario.name)))
}
