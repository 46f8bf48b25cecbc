import { describe, expect, it } from 'vitest'
import { hasJoinedLoad } from '../../bench/session-hasjoined.ts'

describe('mock session server under load', () => {
  it('answers 1,000 hasJoined, 50 at a time, on fresh connections, without an error', async () => {
    const result = await hasJoinedLoad(1000, 50, false)
    expect(result.errors).toBe(0)
    expect(result.count).toBe(1000)
  })
})
