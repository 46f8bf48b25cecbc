import { defaultCookieKickMessage, type ServerCookies } from '../input/cookies.ts'
import type { ServerPlugin } from './plugin.ts'

/**
 * A scenario server's `cookies` block as the plugin a plugin author would write with Paper's cookie
 * API (1.20.5+): `store` -> Player#storeCookie for each entry when the player joins; `require` ->
 * Player#retrieveCookie during login (PlayerLoginEvent) and a kick with the plugin's own text unless
 * the answer is the expected payload. Payloads are UTF-8 text.
 */
export function createCookiePlugin(cookies: ServerCookies): ServerPlugin {
  const required = cookies.require
  return {
    name: 'cookies',
    ...(required
      ? {
          loginCookies: () => [required.key],
          onLoginCookies: (_candidate, answers) => {
            const payload = answers.get(required.key)
            if (payload !== undefined && payload.equals(Buffer.from(required.value, 'utf8'))) return undefined
            return required.kickMessage ?? defaultCookieKickMessage(required.key)
          },
        }
      : {}),
    onJoin: (player) => {
      for (const [key, value] of Object.entries(cookies.store ?? {})) player.storeCookie(key, Buffer.from(value, 'utf8'))
    },
  }
}
