/**
 * `storm --shard i/n`: shard processes fire their share of the logins with names of their own,
 * and their JSON reports merge (mergeStormReports) into the storm one process would have fired.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mergeStormReports } from '../harness/storm/merge.ts'
import { LatencyHistogram } from '../harness/storm/stats.ts'
import type { StormReport } from '../harness/storm/types.ts'
import { runCli } from './support/cli.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mclh-storm-shards-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('storm --shard', () => {
  it('two shard processes fire 21 logins between them, and merge into one storm of 21', async () => {
    const runs = await Promise.all(
      [1, 2].map((i) =>
        runCli([
          'storm',
          '--n',
          '21',
          '--concurrency',
          '5',
          '--version',
          '1.20.4',
          '--shard',
          `${i}/2`,
          '--reporter',
          'json',
          '--out',
          path.join(dir, `${i}.json`),
        ]),
      ),
    )
    for (const run of runs) expect(run.code, run.stderr).toBe(0)
    const shards = await Promise.all(
      [1, 2].map(async (i) => JSON.parse(await readFile(path.join(dir, `${i}.json`), 'utf8')) as StormReport),
    )
    expect(shards.map((s) => [s.n, s.concurrency])).toEqual([
      [11, 3],
      [10, 2],
    ])
    const merged = mergeStormReports(shards)
    expect(merged).toMatchObject({ n: 21, ok: 21, failures: 0, outcomes: { success: 21 }, pass: true })
    expect(LatencyHistogram.decode(merged.latencyHistogram).count).toBe(21)
    expect(merged.loginsPerSec).toBeCloseTo(shards[0]!.loginsPerSec + shards[1]!.loginsPerSec, 1)
  }, 120_000)

  it('a share that would be empty is refused before anything starts', async () => {
    const run = await runCli(['storm', '--n', '1', '--shard', '2/2'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--n 1 split 2 ways leaves shard 2/2 none; give --n of at least 2')
  })
})
