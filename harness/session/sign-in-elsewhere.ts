/**
 * "Logged in elsewhere": a second launcher signs the account in on the session server, which (as
 * Mojang did) leaves every earlier token stale, so a client still holding one is refused at
 * `join` and shows "Invalid session". Done over HTTP like a real launcher, so it works the same
 * against an in-process mock, a remote one or one in a container.
 */
import type { SessionServerControl } from './types.ts'

export async function signInElsewhere(
  session: Pick<SessionServerControl, 'getUrl'>,
  login: string,
  password = 'signed-in-elsewhere',
  timeoutMs = 5000,
): Promise<void> {
  const target = `${session.getUrl()}/authenticate`
  let response: Response
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agent: { name: 'Minecraft', version: 1 }, username: login, password, clientToken: 'another-launcher' }),
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    throw new Error(`signing ${login} in elsewhere failed: POST ${target}: ${String((error as Error).cause ?? error)}`, { cause: error })
  }
  const text = await response.text()
  if (response.status !== 200)
    throw new Error(
      `signing ${login} in elsewhere failed: POST ${target} answered ${response.status} ${text.slice(0, 200)} (an account with a password needs it)`,
    )
}
