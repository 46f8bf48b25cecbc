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
