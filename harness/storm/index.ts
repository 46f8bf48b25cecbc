export { runStorm } from './run-storm.ts'
export { resolveStormOptions, kindOf, DEFAULT_CONCURRENCY, DEFAULT_TIME_BOUND_MS, DEFAULT_ATTEMPT_DEADLINE_MS } from './options.ts'
export type { StormOptions, StormReport, StormAttemptResult, StormAccounts, StormClientKind, StormOutage, StormTarget, StormExpect, LatencySummary } from './types.ts'
