import type { ScenarioInput } from './schema.ts'

/**
 * Identity at run time; its job is the type: an editor completes and checks a scenario as it is
 * written. The loader validates again, because scenarios also arrive as plain JS or JSON-ish
 * objects that no compiler has seen.
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario
}

/** Several scenarios sharing one file (one file per auth configuration). */
export function defineScenarios(scenarios: ScenarioInput[]): ScenarioInput[] {
  return scenarios
}
