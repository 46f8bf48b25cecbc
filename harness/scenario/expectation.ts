import type { LoginAttempt } from '../bot/types.ts'
import { expectedText } from '../outcome/classify.ts'
import type { OutcomeCode } from '../outcome/codes.ts'
import type { Platform } from '../platforms.ts'
import type { ScenarioExpect } from './schema.ts'

export interface Verdict {
  pass: boolean
  /** The expected outcome code (what reports show under "expected"). */
  expected: string
  /** Why it failed, in words; empty when it passed. */
  reason: string
}

/** The server the attempt was made against: what `platformText` looks its text up by. */
export interface JudgeContext {
  version: string
  platform: Platform
}

/** Compares what a bot saw with what the scenario expects: code first, then text and timing. */
export function judge(expect: ScenarioExpect, attempt: LoginAttempt, context?: JudgeContext): Verdict {
  const wanted = typeof expect === 'string' ? { outcome: expect } : expect
  const reasons: string[] = []
  if ('platformText' in wanted && wanted.platformText) {
    const text = context ? expectedText(wanted.outcome as OutcomeCode, context.version, context.platform) : undefined
    if (text === undefined)
      reasons.push(
        `platformText: ${context ? `${context.platform} ${context.version}` : 'this server'} has no fixed text for ${wanted.outcome}; give message instead`,
      )
    else if (attempt.message !== text)
      reasons.push(`expected ${context!.platform}'s message ${JSON.stringify(text)}, got ${JSON.stringify(attempt.message)}`)
  }
  if (attempt.outcome !== wanted.outcome)
    reasons.push(`expected ${wanted.outcome}, got ${attempt.outcome}${attempt.message ? ` ("${attempt.message}")` : ''}`)
  if (wanted.message !== undefined) {
    const ok = typeof wanted.message === 'string' ? attempt.message === wanted.message : wanted.message.test(attempt.message)
    if (!ok)
      reasons.push(
        `expected message ${typeof wanted.message === 'string' ? JSON.stringify(wanted.message) : String(wanted.message)}, got ${JSON.stringify(attempt.message)}`,
      )
  }
  if (wanted.withinMs !== undefined && attempt.ms > wanted.withinMs)
    reasons.push(`took ${attempt.ms} ms, expected within ${wanted.withinMs} ms`)
  if (wanted.afterMs !== undefined && attempt.ms < wanted.afterMs)
    reasons.push(`took ${attempt.ms} ms, expected at least ${wanted.afterMs} ms`)
  if ('uuid' in wanted && wanted.uuid !== undefined) {
    const undashed = (u: string | undefined) => u?.replaceAll('-', '').toLowerCase()
    if (undashed(attempt.uuid) !== undashed(wanted.uuid))
      reasons.push(`expected to be given UUID ${wanted.uuid}, got ${attempt.uuid ?? 'none (no login success)'}`)
  }
  return { pass: reasons.length === 0, expected: wanted.outcome, reason: reasons.join('; ') }
}
