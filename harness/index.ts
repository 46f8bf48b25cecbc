/**
 * The library's public face: what scenario files and users' own tests import as
 * `mc-login-harness`. Deeper paths are internal and may move.
 */
import './require-node.ts' // first: a plain error on a too-old Node
export { defineScenario, defineScenarios } from './scenario/define-scenario.ts'
export type { ScenarioInput, Scenario } from './scenario/schema.ts'
export { OUTCOME_CODES, type Outcome, type OutcomeCode } from './outcome/codes.ts'
export { PLATFORMS, type Platform } from './platforms.ts'
export { MockSessionServer } from './session/mock-session-server.ts'
export { RemoteSessionServer } from './session/remote-session-server.ts'
export type { SessionServerControl, FaultSpec, AccountSpec, IssuedAccount, JournalEntry } from './session/types.ts'
// The one list of fault routes and modes (the scenario schema, the admin API and use() read it).
export { FAULT_MODES, FAULT_ROUTES, type FaultMode, type FaultRoute } from './input/fault.ts'
export { EmbeddedMinecraftServer } from './server/embedded-server.ts'
export { loadServerProperties, parseServerProperties } from './server/properties.ts'
export type { ServerConfig, StartedServer, AuthMode, LoginProperties, GuardOptions } from './server/types.ts'
export { attemptLogin } from './bot/login-attempt.ts'
export { lightLogin } from './bot/light-client.ts'
export type { BotAccount, BotStep, LoginAttempt, LoginAttemptOptions } from './bot/types.ts'
export { supportedVersions, latestVersion, resolveVersion } from './versions.ts'
export { HarnessInputError } from './errors.ts'
export { ResourceScope, ScopeDisposeError, StopError, stopFailures, type Resource, type ResourceScopeOptions, type Stoppable } from './resource-scope.ts'
/** Opt-in: the library installs no process-wide patch unless this is called (protocol-speedups.ts). */
export { enableProtocolSpeedups } from './protocol-speedups.ts'
export { runStorm } from './storm/run-storm.ts'
export { runCheck } from './check/run-check.ts'
export type { StormOptions, StormReport, StormAttemptResult } from './storm/types.ts'
