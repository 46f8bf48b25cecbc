import { expect } from 'vitest'
import type { LoginAttempt } from '../bot/types.ts'
import { isOutcomeCode, type OutcomeCode } from '../outcome/codes.ts'

/**
 * Matchers that read like what a player saw. They accept any LoginAttempt-shaped value so users
 * can also assert on attempts from their own bots.
 */
interface LoginMatchers<R = unknown> {
  /** The bot reached the world and was not kicked. */
  toHaveJoined(): R
  /** The attempt ended with this outcome code (and, if given, this exact text or a text matching the RegExp). */
  toBeKickedWith(outcome: OutcomeCode, message?: string | RegExp): R
  /** Any outcome, including `success`. */
  toHaveOutcome(outcome: OutcomeCode): R
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- must repeat vitest's own declaration, `Assertion<T = any>`
  interface Assertion<T = any> extends LoginMatchers<T> {}
  interface AsymmetricMatchersContaining extends LoginMatchers {}
}

function describeAttempt(attempt: LoginAttempt): string {
  const key = attempt.key ? ` [${attempt.key}]` : ''
  return `${attempt.outcome}${key}${attempt.message ? ` "${attempt.message}"` : ''} after ${Math.round(attempt.ms)} ms`
}

function isAttempt(value: unknown): value is LoginAttempt {
  return typeof value === 'object' && value !== null && 'outcome' in value && 'message' in value
}

expect.extend({
  toHaveJoined(received: unknown) {
    if (!isAttempt(received)) return { pass: false, message: () => `expected a login attempt, got ${this.utils.printReceived(received)}` }
    return {
      pass: received.outcome === 'success',
      message: () =>
        this.isNot ? `expected the bot not to join, but it did` : `expected the bot to join, but it saw ${describeAttempt(received)}`,
    }
  },
  toBeKickedWith(received: unknown, outcome: string, message?: string | RegExp) {
    if (!isOutcomeCode(outcome)) throw new TypeError(`toBeKickedWith: "${outcome}" is not an outcome code`)
    if (!isAttempt(received)) return { pass: false, message: () => `expected a login attempt, got ${this.utils.printReceived(received)}` }
    const textMatches =
      message === undefined || (typeof message === 'string' ? received.message === message : message.test(received.message))
    const wanted = `${outcome}${message === undefined ? '' : ` with ${typeof message === 'string' ? JSON.stringify(message) : String(message)}`}`
    return {
      pass: received.outcome === outcome && textMatches,
      message: () => `expected the bot ${this.isNot ? 'not ' : ''}to end with ${wanted}, but it saw ${describeAttempt(received)}`,
    }
  },
  toHaveOutcome(received: unknown, outcome: string) {
    if (!isOutcomeCode(outcome)) throw new TypeError(`toHaveOutcome: "${outcome}" is not an outcome code`)
    if (!isAttempt(received)) return { pass: false, message: () => `expected a login attempt, got ${this.utils.printReceived(received)}` }
    return {
      pass: received.outcome === outcome,
      message: () => `expected outcome ${this.isNot ? 'other than ' : ''}${outcome}, but it saw ${describeAttempt(received)}`,
    }
  },
})
