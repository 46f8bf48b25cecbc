import type { LoginAttempt, LoginAttemptOptions } from './types.ts'
import { createProtocolClient } from './protocol-client.ts'
import { AttemptRecorder } from './recorder.ts'
import { skipUnreadPackets, type UnreadPacketsClient } from './unread-packets.ts'

export const DEFAULT_LIGHT_DEADLINE_MS = 20_000

/**
 * One login with a bare minecraft-protocol client, for storms where no world is needed: it
 * counts as joined at the first play packet (`login`, which from 1.20.2 follows the configuration
 * phase), then disconnects. Steps are not supported (no chat parsing without mineflayer);
 * passing any is an error rather than silently skipping them. It reads only the id of the
 * packets it never looks into (the registries and tags: unread-packets.ts).
 */
export async function lightLogin(options: LoginAttemptOptions): Promise<LoginAttempt> {
  if (options.steps && options.steps.length > 0) {
    throw new TypeError('lightLogin: steps need a mineflayer bot; use attemptLogin() for scripted steps')
  }
  const started = performance.now()
  const client = createProtocolClient(options)
  skipUnreadPackets(client as unknown as UnreadPacketsClient)
  const recorder = new AttemptRecorder(client, options.version, started, options.platform)
  const deadline = options.deadlineMs ?? DEFAULT_LIGHT_DEADLINE_MS
  recorder.timer(deadline, () => recorder.timeout(`no login within ${deadline} ms`))
  recorder.listen(client, 'login', () => {
    recorder.note('play')
    if (recorder.isSettled) return
    recorder.record.spawned = true
    recorder.finish()
  })
  await recorder.settled
  return recorder.close()
}
