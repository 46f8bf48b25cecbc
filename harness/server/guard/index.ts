import type { ServerPlugin } from '../plugin.ts'
import type { GuardOptions } from '../types.ts'
import { AuthMeGuard } from './authme.ts'

/** One module per guard kind; this is the only place that knows them all. */
export async function createGuard(options: GuardOptions): Promise<ServerPlugin> {
  switch (options.kind) {
    case 'authme':
      return AuthMeGuard.create(options)
  }
}

export { AuthMeGuard, AUTHME_MESSAGES } from './authme.ts'
