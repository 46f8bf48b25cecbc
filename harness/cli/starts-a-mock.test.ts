import { describe, expect, it } from 'vitest'
import { startsAMock } from './starts-a-mock.ts'

describe('startsAMock', () => {
  it('is true for the commands that start a mock session server', () => {
    for (const command of ['run', 'storm', 'check', 'diff', 'server', 'session-server']) expect(startsAMock([command]), command).toBe(true)
    expect(startsAMock(['run', '--backend', 'embedded', 'scenarios/premium.ts'])).toBe(true)
  })

  it('is false for commands without one and for a command that only prints', () => {
    expect(startsAMock(['merge-reports', 'blob-report'])).toBe(false)
    expect(startsAMock(['containers', 'build-image'])).toBe(false)
    expect(startsAMock([])).toBe(false)
    expect(startsAMock(['run', '--list'])).toBe(false)
    expect(startsAMock(['storm', '--help'])).toBe(false)
    expect(startsAMock(['--version'])).toBe(false)
  })
})
