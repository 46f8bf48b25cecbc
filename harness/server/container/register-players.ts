/**
 * Pre-registered password-guard players on a container server, registered the way a player
 * would: itzg has no variable for AuthMe's accounts (they live in its database), so once the
 * server is ready, one bot per player joins, answers the guard's prompt with
 * `/register <pw> <pw>`, waits for the guard's answer and leaves; the next joins only after the
 * server logged the previous one out, so a scenario's bot of the same name is never refused as
 * "already playing". The local image's guard answers with AuthMe's words, so this path runs here
 * too. Any failure says which player, what the server answered and the log tail.
 */
import { attemptLogin } from '../../bot/login-attempt.ts'
import { AUTHME_MESSAGES } from '../guard/authme.ts'

/** What the started server offers this (a StartedMinecraftServerContainer). */
export interface RegistrationTarget {
  getHost(): string
  getPort(): number
  getVersion(): string
  getServerLog(): string
  waitForServerLog(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>
}

export interface RegistrationTimeouts {
  /** For the guard's first prompt after spawn (AuthMe sends it 2 s after join, then every 5 s). */
  promptMs: number
  /** For the guard's answer to /register (AuthMe hashes and saves before answering). */
  answerMs: number
  /** For the server to log the bot out after it left. */
  leaveMs: number
}

export const REGISTRATION_TIMEOUTS: RegistrationTimeouts = { promptMs: 20_000, answerMs: 15_000, leaveMs: 10_000 }

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Every answer AuthMe (messages_en) gives to /register, success first. */
const ANSWERS = [
  AUTHME_MESSAGES.registerSuccess,
  AUTHME_MESSAGES.passwordMismatch,
  AUTHME_MESSAGES.passwordLength,
  AUTHME_MESSAGES.passwordIsName,
  AUTHME_MESSAGES.unsafePassword,
  AUTHME_MESSAGES.alreadyRegistered,
  AUTHME_MESSAGES.registerUsage,
  AUTHME_MESSAGES.error,
  AUTHME_MESSAGES.passwordCharacters,
  AUTHME_MESSAGES.maxRegistration,
]
const ANSWER = new RegExp(ANSWERS.map(escape).join('|'))

/** Registers each player in turn; throws (the server left running: the caller stops it) when one cannot be. */
export async function registerThroughGame(
  server: RegistrationTarget,
  players: Record<string, string>,
  timeouts: RegistrationTimeouts = REGISTRATION_TIMEOUTS,
): Promise<void> {
  for (const [name, password] of Object.entries(players)) {
    const attempt = await attemptLogin({
      host: server.getHost(),
      port: server.getPort(),
      version: server.getVersion(),
      account: { kind: 'cracked', name },
      steps: [
        { do: 'waitForChat', pattern: escape('/register'), timeoutMs: timeouts.promptMs },
        { do: 'chat', text: `/register ${password} ${password}` },
        { do: 'waitForChat', pattern: ANSWER.source, timeoutMs: timeouts.answerMs },
      ],
      deadlineMs: 20_000 + timeouts.promptMs + timeouts.answerMs,
    })
    const answer = [...attempt.chat].reverse().find((line) => ANSWER.test(line))
    const registered = attempt.outcome === 'success' && answer !== undefined && answer.includes(AUTHME_MESSAGES.registerSuccess)
    if (!registered) {
      const said = attempt.chat.length > 0 ? attempt.chat.map((l) => JSON.stringify(l)).join(', ') : 'nothing'
      const why =
        attempt.outcome === 'success'
          ? `the guard answered ${JSON.stringify(answer)}`
          : `${attempt.outcome}${attempt.message ? `: ${attempt.message}` : ''}`
      throw new Error(
        `guard.registered: could not register ${name} through the game (/register): ${why}; the server said in chat: ${said}${logTail(server)}`,
      )
    }
    // AuthMe refuses a name that is still online: the scenario's own bot must not find this one there.
    try {
      await server.waitForServerLog(new RegExp(`\\b${escape(name)} (left the game|lost connection)`), timeouts.leaveMs)
    } catch {
      throw new Error(
        `guard.registered: ${name} registered, but the server did not log them out within ${timeouts.leaveMs} ms after they left${logTail(server)}`,
      )
    }
  }
}

function logTail(server: RegistrationTarget): string {
  const tail = server.getServerLog().split('\n').slice(-20).join('\n').trim()
  return tail ? `\n--- last log lines ---\n${tail}` : ''
}
