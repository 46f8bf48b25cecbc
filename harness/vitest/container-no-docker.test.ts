/**
 * The container fixtures without a Docker daemon (the probe stubbed to say so): a test that asks
 * for a container fails under CI=true, with the reason; its body never runs. (Outside CI the
 * fixture skips with the same reason: not exercised here, so that the suite's summary never
 * counts a skipped test.)
 */
import { afterAll, afterEach, beforeEach, describe, expect, vi } from 'vitest'

vi.mock('../server/container/docker-probe.ts', async (original) => ({
  ...(await original<typeof import('../server/container/docker-probe.ts')>()),
  probeDocker: async () => ({ ok: false, reason: 'no Docker daemon answers (stubbed by this test)' }),
}))

const { containerTest } = await import('./container.ts')

const ran: string[] = []
const states: Array<[string, string | undefined, string | undefined]> = []

containerTest.afterEach(({ task }) => {
  states.push([task.name, task.result?.state, task.result?.errors?.[0]?.message])
})

afterAll(() => {
  expect(ran).toEqual([])
  expect(states).toContainEqual([
    'under CI=true: fails, naming the missing daemon',
    'fail',
    expect.stringMatching(/^CI=true and no Docker daemon answers \(stubbed/),
  ])
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('without Docker', () => {
  describe('under CI=true', () => {
    beforeEach(() => {
      vi.stubEnv('CI', 'true')
    })
    // `fails`: vitest counts this test as passing when it fails, which is what CI=true must do here.
    containerTest.fails('under CI=true: fails, naming the missing daemon', async ({ crackedContainer }) => {
      ran.push(crackedContainer.getId())
    })
  })
})
