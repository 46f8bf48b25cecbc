/**
 * The library's public face: what scenario files and users' own tests import as
 * `mc-login-harness`. Deeper paths are internal and may move.
 */
import './require-node.ts' // first: a plain error on a too-old Node
export { defineScenario, defineScenarios } from './scenario/define-scenario.ts'
export type { ScenarioInput, Scenario } from './scenario/schema.ts'
export { OUTCOME_CODES, type Outcome, type OutcomeCode } from './outcome/codes.ts'
export { PLATFORMS, type Platform } from './platforms.ts'
export { MockSessionServer, type StartedMockSessionServer } from './session/mock-session-server.ts'
export { RemoteSessionServer, type RemoteSessionServerOptions } from './session/remote-session-server.ts'
export type { SessionServerControl, FaultSpec, AccountSpec, IssuedAccount, IssuedUser, JournalEntry } from './session/types.ts'
// The one list of fault routes and modes (the scenario schema, the admin API and use() read it).
export { FAULT_MODES, FAULT_ROUTES, type FaultMode, type FaultRoute } from './input/fault.ts'
export { EmbeddedMinecraftServer, type ServerEvents, type StartedEmbeddedServer } from './server/embedded-server.ts'
// The plugin API of the embedded server (withPlugin) and what its hooks receive.
export type {
  ChatHandler,
  CommandHandler,
  LoginCandidate,
  MoveHandler,
  Player,
  PluginServer,
  Position,
  ServerPlugin,
  VanillaLoginResult,
} from './server/plugin.ts'
export type { KickReason } from './server/kick.ts'
export type { LoginEvent } from './server/login.ts'
export type { PaperFiles } from './server/paper/config-files.ts'
export { loadServerProperties, parseServerProperties, type ParsedServerProperties } from './server/properties.ts'
export type {
  ServerConfig,
  StartedServer,
  AuthMode,
  LoginProperties,
  GuardOptions,
  BanEntry,
  ContainerServerOptions,
  IpBanEntry,
  OpEntry,
  ProfileEntry,
  ServerLists,
  ServerRuntimeFields,
} from './server/types.ts'
export { attemptLogin } from './bot/login-attempt.ts'
export { lightLogin } from './bot/light-client.ts'
export type { BotAccount, BotStep, LoginAttempt, LoginAttemptOptions } from './bot/types.ts'
export type { CookieJar } from './bot/cookie-jar.ts'
export type { PlayerCertificateJson } from './bot/profile-keys.ts'
export { supportedVersions, latestVersion, resolveVersion } from './versions.ts'
export { HarnessInputError } from './errors.ts'
export {
  ResourceScope,
  ScopeDisposeError,
  StopError,
  stopFailures,
  type Resource,
  type ResourceScopeOptions,
  type Stoppable,
} from './resource-scope.ts'
/** Opt-in: the library installs no process-wide patch unless this is called (protocol-speedups.ts). */
export { enableProtocolSpeedups } from './protocol-speedups.ts'
export { runStorm } from './storm/run-storm.ts'
/** Storm shards (`storm --shard i/n`) added up into one report; latency histograms merge exactly. */
export { mergeStormReports } from './storm/merge.ts'
export { runCheck, type CheckOptions } from './check/run-check.ts'
export type { CheckContext, CheckReport, ProbeResult } from './check/types.ts'
export type { ProbeCast } from './check/probes.ts'
export type { AuthMeSettings } from './check/server-files.ts'
export { loadProxyFolder, type ProxySetup } from './check/proxy-folder.ts'
export type { ProxyFileSettings } from './server/container/proxy-files.ts'
// What runCheck() runs its probes on (the embedded or the container backend).
export type { Backend, BackendName, ProxyStart, StartedProxyHandle } from './backends/backend.ts'
export type { StormOptions, StormReport, StormAttemptResult, LatencySummary } from './storm/types.ts'
export type { StormCharts } from './storm/charts.ts'
