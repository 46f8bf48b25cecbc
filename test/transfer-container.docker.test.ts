/**
 * scenarios/transfer.ts through containers (`run --backend container`) on the local stand-in image:
 * every server in its own container, the transfer asked of the lobby's console (`docker exec`), the
 * bot reconnecting to the target container's published port with intention TRANSFER, the cookie
 * hook through HARNESS_COOKIES. Under CI=true a missing Docker fails this test; elsewhere it is
 * skipped with the reason.
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
  it('passes on the stand-in image as it does embedded', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'mclh-')), 'report.json')
    const run = await runCli(
      ['run', 'scenarios/transfer.ts', '--backend', 'container', '--versions', 'latest', '--reporter', 'json', '--out', out],
      { timeoutMs: 420_000, env: { MC_LOGIN_HARNESS_RUN_ID: `transfer-${process.pid}-${Date.now()}` } },
    )
    expect(run.code, run.stderr.slice(-4000)).toBe(0)
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      results: Array<{ scenario: string; version: string; pass: boolean; outcome: string; message: string }>
    }
    const failed = report.results.filter((r) => !r.pass).map((r) => `${r.scenario} @ ${r.version}: ${r.outcome} ${r.message}`)
    expect(failed).toEqual([])
    // Six scenarios (three containers for most: the session server, the lobby, the target), and the
    // transfers really happened (accepted and refused). One version: each case starts its own containers.
    expect(report.results).toHaveLength(6)
    expect(report.results.filter((r) => r.outcome === 'transfer_refused')).toHaveLength(1)
  }, 480_000)
})
