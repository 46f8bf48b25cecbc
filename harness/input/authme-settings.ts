/**
 * The AuthMe settings a guard runs with: AuthMe 5.6.0's defaults, the harness's test set-up on
 * top, the scenario's (or host's) own values on top of that. One table for the embedded guard,
 * the stand-in image, the config.yml the harness writes for a real AuthMe on itzg, and `check`'s
 * reading of a host's config.yml (pure, so every layer may use it).
 *
 * Defaults read from AuthMe/AuthMeReloaded at tag 5.6.0,
 * `src/main/java/fr/xephi/authme/settings/properties/RestrictionSettings.java`
 * (timeout 30, kickOnWrongPassword true, kickNonRegistered false, maxRegPerIp 1, maxLoginPerIp 0,
 * maxJoinPerIp 0, ForceSingleSession true), `ProtectionSettings.java` (AntiBot) and
 * `RegistrationSettings.java` (messageInterval 5).
 */
import type { GuardOptions } from './guard.ts'

/**
 * How long after the join AuthMe's first "/register" or "/login" prompt comes (the message task's
 * first run): AuthMe 5.6.0 `LimboPlayerTaskManager.registerMessageTask`, `runTaskTimer(task,
 * 2 * TICKS_PER_SECOND, interval)`. The embedded guard waits it; the scenario cost model counts it.
 */
export const AUTHME_PROMPT_DELAY_MS = 2_000

export interface AntiBotSettings {
  enabled: boolean
  /** Protection.antiBotDelay: seconds after start before AntiBot listens. */
  delaySeconds: number
  /** Protection.antiBotInterval: the longest gap, in seconds, that keeps a burst going. */
  intervalSeconds: number
  /** Protection.antiBotSensibility: pre-logins a burst may hold before protection starts. */
  sensibility: number
  /** Protection.antiBotDuration: minutes protection stays on. */
  durationMinutes: number
}

/** ProtectionSettings.java at 5.6.0. */
export const ANTIBOT_DEFAULTS: AntiBotSettings = {
  enabled: true,
  delaySeconds: 60,
  intervalSeconds: 5,
  sensibility: 10,
  durationMinutes: 10,
}

export interface AuthMeSettings {
  /** settings.restrictions.timeout, in ms (0: never). */
  timeoutMs: number
  kickOnWrongPassword: boolean
  kickNonRegistered: boolean
  maxRegPerIp: number
  maxLoginPerIp: number
  maxJoinPerIp: number
  forceSingleSession: boolean
  antiBot: AntiBotSettings
}

export const AUTHME_DEFAULTS: AuthMeSettings = {
  timeoutMs: 30_000,
  kickOnWrongPassword: true,
  kickNonRegistered: false,
  maxRegPerIp: 1,
  maxLoginPerIp: 0,
  maxJoinPerIp: 0,
  forceSingleSession: true,
  antiBot: ANTIBOT_DEFAULTS,
}

/**
 * What the harness changes for tests, unless the scenario sets the field itself: every bot comes
 * from one address (the Docker gateway in front of a container) and logins come in bursts, so
 * AuthMe's AntiBot would lock unregistered bots out for 10 minutes after the 11th quick join, and
 * `maxRegPerIp: 1` would refuse every registration after the first. A production server keeps
 * AuthMe's defaults; `check` and `diff` pass the host's real values instead.
 */
export const AUTHME_TEST_SETUP = { antiBot: false, maxRegPerIp: 0 } as const satisfies Partial<GuardOptions>

/** The settings for `options`: each field the options leave out from the test set-up, else AuthMe's default. */
export function resolveAuthMeSettings(options: Omit<GuardOptions, 'kind'>): AuthMeSettings {
  const base: AuthMeSettings = { ...AUTHME_DEFAULTS, maxRegPerIp: AUTHME_TEST_SETUP.maxRegPerIp }
  const antiBotOption = options.antiBot ?? AUTHME_TEST_SETUP.antiBot
  const antiBot: AntiBotSettings =
    typeof antiBotOption === 'boolean'
      ? { ...ANTIBOT_DEFAULTS, enabled: antiBotOption }
      : {
          enabled: true,
          delaySeconds: antiBotOption.delaySeconds ?? ANTIBOT_DEFAULTS.delaySeconds,
          intervalSeconds: antiBotOption.intervalSeconds ?? ANTIBOT_DEFAULTS.intervalSeconds,
          sensibility: antiBotOption.sensibility ?? ANTIBOT_DEFAULTS.sensibility,
          durationMinutes: antiBotOption.durationMinutes ?? ANTIBOT_DEFAULTS.durationMinutes,
        }
  return {
    timeoutMs: options.timeoutMs ?? base.timeoutMs,
    kickOnWrongPassword: options.kickOnWrongPassword ?? base.kickOnWrongPassword,
    kickNonRegistered: options.kickNonRegistered ?? base.kickNonRegistered,
    maxRegPerIp: options.maxRegPerIp ?? base.maxRegPerIp,
    maxLoginPerIp: options.maxLoginPerIp ?? base.maxLoginPerIp,
    maxJoinPerIp: options.maxJoinPerIp ?? base.maxJoinPerIp,
    forceSingleSession: options.forceSingleSession ?? base.forceSingleSession,
    antiBot,
  }
}
