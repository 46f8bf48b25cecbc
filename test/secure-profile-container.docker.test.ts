/**
 * scenarios/secure-profile.ts through containers (`run --backend container`): every case on the
 * stand-in image for 1.19, 1.19.2, 1.19.4, 1.20.4 and the newest version, the server container
 * trusting the key the mock container publishes at /publickeys. Under CI=true a missing Docker
 * fails this test; elsewhere it is skipped with the reason.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { listHarnessResources } from '../harness/server/container/cleanup.ts'
import { runCli } from './support/cli.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[secure-profile container test skipped] ${docker.reason}`)

/** The versions the scenarios name for themselves ('latest' is reported as the newest release). */
const PINNED = ['1.19', '1.19.2', '1.19.4', '1.20.4']

describe.skipIf(skip)('scenarios/secure-profile.ts on the container backend', () => {
  it('passes every case on 1.19, 1.19.2, 1.19.4, 1.20.4 and the newest version, and leaves nothing behind', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const runId = `secure-profile-${process.pid}-${Date.now()}`
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'mclh-')), 'report.json')
    // A hang guard: 24 cases, each a mock container and a server container (317 s here at load average 18 on 2 cores).
    const run = await runCli(['run', 'scenarios/secure-profile.ts', '--backend', 'container', '--reporter', 'json', '--out', out], {
      timeoutMs: 540_000,
      env: { MC_LOGIN_HARNESS_RUN_ID: runId },
    })
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      results: Array<{ scenario: string; version: string; pass: boolean; outcome: string; message?: string; error?: string }>
    }
    const failures = report.results.filter((r) => !r.pass)
    expect(failures, 'failed rows').toEqual([])
    expect(run.code, run.stderr.slice(-4000)).toBe(0)

    // Every one of the five versions ran, each with the cases its rules exist on.
    const byVersion = new Map<string, string[]>()
    for (const r of report.results) byVersion.set(r.version, [...(byVersion.get(r.version) ?? []), r.scenario])
    const newest = [...byVersion.keys()].filter((v) => !PINNED.includes(v))
    expect(newest, 'one newest version besides the pinned ones').toHaveLength(1)
    const count = (v: string) => byVersion.get(v)?.length ?? 0
    // 1.19: both-modes cases + no key + bad signature; 1.19.2 adds the expired key at login;
    // 1.19.3+: both-modes cases + three chat-session cases.
    expect(PINNED.map(count)).toEqual([4, 5, 5, 5])
    expect(count(newest[0]!)).toBe(5)
    expect(report.results).toHaveLength(24)

    // The refusals really happened on the stand-in, with vanilla's words (not a pass by accident).
    const row = (version: string, name: RegExp) => report.results.find((r) => r.version === version && name.test(r.scenario))
    expect(row('1.19.2', /expired key is refused at login/)).toMatchObject({ outcome: 'kicked' })
    expect(row('1.20.4', /no key joins, but chat is refused/)).toMatchObject({ outcome: 'chat_refused' })
    expect(row(newest[0]!, /signed by someone else ends the session/)).toMatchObject({ outcome: 'kicked' })

    const left = await listHarnessResources({ runId })
    expect(left.containers.map((c) => `${c.Names} ${c.State}`)).toEqual([])
    expect(left.networks.map((n) => n.Name)).toEqual([])
  }, 600_000)
})
