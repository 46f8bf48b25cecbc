import { attemptLogin } from '../bot/login-attempt.ts'
import { lightLogin } from '../bot/light-client.ts'
import type { LoginAttemptOptions } from '../bot/types.ts'
import type { OutcomeCode } from '../outcome/codes.ts'
import type { StormClientKind } from './types.ts'

/** One login as the pool hands it to a client thread: plain data, so it crosses postMessage. */
export interface StormJob {
  id: number
  client: StormClientKind
  options: LoginAttemptOptions
}

export interface StormJobResult {
  id: number
  outcome: OutcomeCode
  message: string
  joined: boolean
  ms: number
  events?: string[]
  /** Set when the attempt threw instead of settling (bad options, a bug); counts as a failure. */
  error?: string
  inputError?: boolean
}

/** Runs one job with the chosen client; never throws (a throw becomes a connection_error result). */
export async function runJob(job: StormJob): Promise<StormJobResult> {
  try {
    const attempt = job.client === 'bot' ? await attemptLogin(job.options) : await lightLogin(job.options)
    const result: StormJobResult = {
      id: job.id,
      outcome: attempt.outcome,
      message: attempt.message,
      joined: attempt.joined,
      ms: attempt.ms,
    }
    // Events only travel back for logins that did not join: they are what someone debugs.
    if (!attempt.joined) result.events = attempt.events
    return result
  } catch (error) {
    const e = error as Error
    return {
      id: job.id,
      outcome: 'connection_error',
      message: e?.message ?? String(error),
      joined: false,
      ms: 0,
      error: e?.message ?? String(error),
      inputError: e?.name === 'HarnessInputError',
    }
  }
}
