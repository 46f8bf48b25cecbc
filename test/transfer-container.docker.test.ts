/**
 * scenarios/transfer.ts through containers (`run --backend container`): what the stand-in image can
 * do runs there (the unsolicited cookie, refused by the same code as embedded), and the scenarios
 * with a transfer step or a cookie hook are left out with a note naming --backend embedded. Under
 * CI=true a missing Docker fails this test; elsewhere it is skipped with the reason.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { runCli } from './support/cli.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[transfer container test skipped] ${docker.reason}`)

describe.skipIf(skip)('scenarios/transfer.ts on the container backend', () => {
  it('runs the unsolicited cookie on the stand-in image and leaves out transfer steps and cookie hooks', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'mclh-')), 'report.json')
    const run = await runCli(
      ['run', 'scenarios/transfer.ts', '--backend', 'container', '--versions', '1.20.6,latest', '--reporter', 'json', '--out', out],
      { timeoutMs: 240_000, env: { MC_LOGIN_HARNESS_RUN_ID: `transfer-${process.pid}-${Date.now()}` } },
    )
    expect(run.code, run.stderr.slice(-4000)).toBe(0)
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      results: Array<{ scenario: string; version: string; pass: boolean; outcome: string; message: string }>
    }
    expect(report.results.map((r) => [r.version, r.pass, r.outcome, r.message])).toEqual([
      ['1.20.6', true, 'kicked', 'Unexpected custom data from client'],
      [expect.any(String), true, 'kicked', 'Unexpected custom data from client'],
    ])
    expect(run.stderr).toMatch(/^note: left out 10 transfer\/cookie scenario case\(s\) \(scenarios\/transfer\.ts\)/m)
  }, 300_000)
})
