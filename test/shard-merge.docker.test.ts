/**
 * Sharded runs on the stand-in image (`--backend container`), merged, report what one unsharded
 * run reports. A small case set (one scenario of each configuration but the slow ones: the whole
 * suite's containers take minutes on a loaded 2-core runner, three times over); the embedded
 * test (shard-merge.int.test.ts) covers the whole suite.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { listHarnessResources } from '../harness/server/container/cleanup.ts'
import { runCli } from './support/cli.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[container shards skipped] ${docker.reason}`)

const GREP =
  '^(premium: a premium account joins|premium: a cracked client is refused|cracked: a cracked client joins|outage: hasJoined answers 503|guarded: a wrong password)'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mclh-shards-docker-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const rows = async (file: string) =>
  (JSON.parse(await readFile(file, 'utf8')) as { results: Array<Record<string, unknown>> }).results.map(({ ms: _ms, ...rest }) => rest)

describe.skipIf(skip)('run --backend container --shard, then merge-reports', () => {
  it('2 shards merged give the rows and exit code of one unsharded run, and leave nothing behind', async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const runId = `shards-${process.pid}-${Date.now()}`
    const common = ['run', '--builtin', '--backend', 'container', '--grep', GREP, '--concurrency', '2']
    const env = { MC_LOGIN_HARNESS_RUN_ID: runId }
    const wholeOut = path.join(dir, 'whole.json')
    const whole = await runCli([...common, '--reporter', 'json', '--out', wholeOut], { env, timeoutMs: 240_000 })
    const wholeRows = await rows(wholeOut)
    expect(wholeRows.length, whole.stderr.slice(-3000)).toBe(5)

    const blobs = path.join(dir, 'blobs')
    // A run id of its own per shard: a run removes what carries its id when it ends, which would
    // take the containers of a shard still running on the same engine.
    const shards = await Promise.all(
      [1, 2].map((i) =>
        runCli([...common, '--concurrency', '1', '--shard', `${i}/2`, '--reporter', 'blob', '--out', path.join(blobs, `${i}.json`)], {
          env: { MC_LOGIN_HARNESS_RUN_ID: `${runId}-${i}` },
          timeoutMs: 240_000,
        }),
      ),
    )
    for (const shard of shards) expect([0, 1], shard.stderr.slice(-3000)).toContain(shard.code)
    const mergedOut = path.join(dir, 'merged.json')
    const merged = await runCli(['merge-reports', blobs, '--reporter', 'json', '--out', mergedOut])
    expect(await rows(mergedOut)).toEqual(wholeRows)
    expect(merged.code, merged.stderr).toBe(whole.code)
    expect(whole.code).toBe(0)

    for (const id of [runId, `${runId}-1`, `${runId}-2`]) {
      const left = await listHarnessResources({ runId: id })
      expect(left.containers.map((c) => c.Names)).toEqual([])
      expect(left.networks.map((n) => n.Name)).toEqual([])
    }
  }, 600_000)
})
