import { describe, expect, it } from 'vitest'
import type { Backend } from '../backends/backend.ts'
import { planCheck } from './run-check.ts'
import { HOST_AUTHME_DEFAULTS } from './server-files.ts'

/** `check` runs the host's AuthMe values, never the harness's test set-up (planning reads files only). */
describe('check with an AuthMe config', () => {
  const OFFLINE = 'fixtures/properties/offline.properties'
  const fakeBackend = (name: 'embedded' | 'container') => ({ name }) as unknown as Backend

  it('keeps AntiBot and maxRegPerIp as AuthMe runs them (embedded: loopback is exempt anyway)', async () => {
    const { setup, fileWarnings } = await planCheck({
      propertiesFile: OFFLINE,
      authme: HOST_AUTHME_DEFAULTS,
      backend: fakeBackend('embedded'),
    })
    expect(setup.guard).toMatchObject({ maxRegPerIp: 1, forceSingleSession: true, antiBot: { delaySeconds: 60, sensibility: 10 } })
    expect(fileWarnings.join('\n')).not.toMatch(/per-address/)
  })

  it('in a container lifts only the per-address limits, and says so', async () => {
    const { setup, fileWarnings } = await planCheck({
      propertiesFile: OFFLINE,
      authme: { ...HOST_AUTHME_DEFAULTS, maxJoinPerIp: 2 },
      backend: fakeBackend('container'),
    })
    expect(setup.guard).toMatchObject({ maxRegPerIp: 0, maxLoginPerIp: 0, maxJoinPerIp: 0, antiBot: { delaySeconds: 60 } })
    expect(fileWarnings).toContainEqual(
      expect.stringMatching(
        /^AuthMe's per-address limits \(maxRegPerIp 1, maxLoginPerIp 0, maxJoinPerIp 2\) were not applied: in a container every probe comes from the Docker gateway's one address/,
      ),
    )
  })
})
