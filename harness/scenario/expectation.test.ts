import { describe, expect, it } from 'vitest'
import type { LoginAttempt } from '../bot/types.ts'
import { judge } from './expectation.ts'

const attempt = (fields: Partial<LoginAttempt>): LoginAttempt => ({
  outcome: 'success',
  key: null,
  message: '',
  joined: true,
  ms: 100,
  chat: [],
  events: [],
  ...fields,
})

describe('judge', () => {
  it('passes a matching code', () => {
    expect(judge('success', attempt({}))).toEqual({ pass: true, expected: 'success', reason: '' })
  })

  it('fails a different code and says what was seen', () => {
    const verdict = judge('success', attempt({ outcome: 'unverified_username', message: 'Failed to verify username!' }))
    expect(verdict.pass).toBe(false)
    expect(verdict.reason).toBe('expected success, got unverified_username ("Failed to verify username!")')
  })

  it('checks exact text and RegExp', () => {
    const kicked = attempt({ outcome: 'kicked', message: 'Wrong password!' })
    expect(judge({ outcome: 'kicked', message: 'Wrong password!' }, kicked).pass).toBe(true)
    expect(judge({ outcome: 'kicked', message: 'Wrong password' }, kicked).pass).toBe(false)
    expect(judge({ outcome: 'kicked', message: /^Wrong/ }, kicked).pass).toBe(true)
  })

  it('checks timing bounds', () => {
    expect(judge({ outcome: 'success', withinMs: 50 }, attempt({ ms: 100 })).reason).toBe('took 100 ms, expected within 50 ms')
    expect(judge({ outcome: 'success', afterMs: 500 }, attempt({ ms: 100 })).reason).toBe('took 100 ms, expected at least 500 ms')
  })
})

describe('judge: platformText', () => {
  const refused = (message: string) => attempt({ outcome: 'not_whitelisted', joined: false, message })
  const expectPlatform = { outcome: 'not_whitelisted' as const, platformText: true as const }

  it("compares with what the server's platform and version send, from the classifier's tables", () => {
    expect(
      judge(expectPlatform, refused('You are not white-listed on this server!'), { version: '1.21.4', platform: 'vanilla' }).pass,
    ).toBe(true)
    expect(judge(expectPlatform, refused('You are not whitelisted on this server!'), { version: '1.21.4', platform: 'paper' }).pass).toBe(
      true,
    )
    const wrong = judge(expectPlatform, refused('You are not white-listed on this server!'), { version: '1.21.4', platform: 'paper' })
    expect(wrong.reason).toBe(
      'expected paper\'s message "You are not whitelisted on this server!", got "You are not white-listed on this server!"',
    )
  })

  it('fails, saying so, where the platform has no fixed text for the outcome', () => {
    const verdict = judge({ outcome: 'throttled', platformText: true }, attempt({ outcome: 'throttled', message: 'x' }), {
      version: '1.21.4',
      platform: 'vanilla',
    })
    expect(verdict.reason).toMatch(/vanilla 1\.21\.4 has no fixed text for throttled; give message instead/)
  })
})
