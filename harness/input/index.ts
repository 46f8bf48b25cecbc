/**
 * Every input rule of the harness, one zod schema per concept; types come from the schemas.
 * Scenario loader, mock admin API, builders and CLI all parse with these and report through
 * format.ts, so the same bad input gets the same words and exit 2 wherever it enters.
 */
export {
  CERTIFICATE_MODES,
  PROFILE_KEY_MODES,
  botAccountSchema,
  capeSchema,
  certificateMode,
  mockAccountSchema,
  mockUserSchema,
  profileSchema,
  skinSchema,
  type AccountSpec,
  type CertificateMode,
  type ProfileKeyMode,
  type ProfileSpec,
  type SkinSpec,
  type TextureSpec,
  type UserSpec,
} from './account.ts'
export {
  cookieKey,
  cookieValue,
  defaultCookieKickMessage,
  MAX_COOKIE_PAYLOAD_BYTES,
  serverCookiesSchema,
  type ServerCookies,
} from './cookies.ts'
export { FAULT_MODES, FAULT_ROUTES, faultSchema, statusProblem, type FaultMode, type FaultRoute, type FaultSpec } from './fault.ts'
export { describeIssues, firstProblem, formatIssues, parseInput, type InputProblem } from './format.ts'
export { backendForwardingSchema, velocityBackendSchema, type BackendForwarding } from './forwarding.ts'
export {
  forgedHandshakeSchema,
  PROXY_FORWARDING_MODES,
  PROXY_TYPES,
  proxySchema,
  type ForgedHandshake,
  type ScenarioProxy,
} from './proxy.ts'
export { guardOptionsSchema, guardSchema, guardTimeoutSchema, type GuardOptions, type ScenarioGuard } from './guard.ts'
export { MINECRAFT_NAME, minecraftName } from './name.ts'
export {
  loginPropertiesSchema,
  partialLoginPropertiesSchema,
  propertiesSchema,
  type LoginProperties,
  type ScenarioProperties,
} from './properties.ts'
export {
  explicitLoginProperties,
  LOGIN_PROPERTY_KEYS,
  loginPropertiesOf,
  loginPropertyValue,
  OTHER_VANILLA_KEYS,
  parseServerProperties,
  readJavaProperties,
  serverPropertiesOf,
  VANILLA_LOGIN_DEFAULTS,
  type ParsedServerProperties,
  type ServerPropertiesEntry,
} from './server-properties.ts'
export { platformSchema } from './platform.ts'
export { DEFAULT_PLATFORM, PLATFORMS, type Platform } from '../platforms.ts'
export {
  serverConfigApiSchema,
  serverConfigSchema,
  serverConfigShape,
  TEST_CONNECTION_THROTTLE_MS,
  type AuthMode,
  type ScenarioServerConfig,
  type ServerConfigFields,
} from './server-config.ts'
export { stepSchema, type BotStep } from './step.ts'
export {
  MAX_STORM_LOGINS,
  stormAccountsSchema,
  stormApiOptionsSchema,
  stormExpectSchema,
  stormOptionsSchema,
  stormOutageSchema,
  stormTargetSchema,
  type ScenarioStormOptions,
  type StormAccounts,
  type StormApiOptions,
  type StormClientKind,
  type StormExpect,
  type StormOutage,
  type StormTarget,
} from './storm-options.ts'
