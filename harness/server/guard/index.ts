import type { ServerPlugin } from '../plugin.ts'
import type { GuardOptions } from '../types.ts'
import { AuthMeGuard } from './authme.ts'
import { systemClock, type Clock } from './clock.ts'

/** One module per guard kind; this is the only place that knows them all. */
export async function createGuard(options: GuardOptions, clock: Clock = systemClock): Promise<ServerPlugin> {
  switch (options.kind) {
    case 'authme':
      return AuthMeGuard.create(options, clock)
  }
}

export { AuthMeGuard, AUTHME_MESSAGES, AUTHME_TEXTS, maxRegistrationText } from './authme.ts'
export { AUTHME_DEFAULTS, AUTHME_TEST_SETUP, resolveAuthMeSettings, type AuthMeSettings } from '../../input/authme-settings.ts'
export { FakeClock, systemClock, type Clock } from './clock.ts'
