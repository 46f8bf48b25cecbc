/**
 * A stop that fails after a case or a probe ran changes none of its rows, and is not dropped: it
 * reaches the scope of whoever owns the run (the CLI prints it as left running).
 */
import { describe, expect, it } from 'vitest'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { planProbes } from '../check/probes.ts'
import { runProbe } from '../check/run-probe.ts'
import { ResourceScope, StopError, stopFailures } from '../resource-scope.ts'
import { validateScenario } from '../scenario/load.ts'
import { runCases } from '../scenario/runner.ts'
import { VANILLA_LOGIN_DEFAULTS } from '../server/properties.ts'
import type { ServerConfig } from '../server/types.ts'

const VERSION = '1.20.4'

/** The embedded backend, but each game server's stop fails after it really stopped (a daemon that errs on the way out). */
class FailingStopBackend extends EmbeddedBackend {
  override async startServer(config: ServerConfig, scope: ResourceScope) {
    const inner = await super.startServer(config, scope.child({ name: 'inner' }))
    const stop = inner.stop.bind(inner)
    class StartedFlakyServer {
      getPort = () => inner.getPort()
      stop = async () => {
        await stop()
        throw new Error('EIO while closing')
      }
    }
    scope.use(new StartedFlakyServer())
    return inner
  }
}

describe('stop failures after a login', () => {
  it('a case: its rows stand, and the run scope names what would not stop', async () => {
    const run = new ResourceScope({ parent: null, name: 'run' })
    const scenario = validateScenario(
      { name: 'cracked joins', server: { auth: 'cracked' }, bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }] },
      'inline',
      'inline.ts',
    )
    const rows = await runCases([{ scenario, version: VERSION }], { backend: new FailingStopBackend(), scope: run })
    expect(rows.map((r) => [r.outcome, r.pass])).toEqual([['success', true]])
    const error = await run.dispose().then(
      () => undefined,
      (e: unknown) => e,
    )
    const failures = stopFailures(error)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toBeInstanceOf(StopError)
    expect((failures[0] as Error).message).toMatch(
      /^case "cracked joins" on 1\.20\.4: stopping StartedFlakyServer on port \d+ failed: EIO while closing$/,
    )
  })

  it('a probe: its row stands, and the check scope names what would not stop', async () => {
    const check = new ResourceScope({ parent: null, name: 'check' })
    const plan = planProbes({
      propertiesFile: 'server.properties',
      properties: { ...VANILLA_LOGIN_DEFAULTS, onlineMode: false },
      onlineMode: false,
      whiteList: false,
      opName: 'Notch',
      whitelistNames: [],
    }).find((p) => p.probe === 'cracked')!
    const row = await runProbe(plan, VERSION, new FailingStopBackend(), check)
    expect(row.outcome).toBe('success')
    await expect(check.dispose()).rejects.toThrow(/^probe cracked: stopping StartedFlakyServer on port \d+ failed: EIO while closing$/)
  })
})
