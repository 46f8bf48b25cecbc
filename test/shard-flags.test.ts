/**
 * `run --shard`, `--label`, `storm --shard` and `merge-reports`: refusals (exit 2, what to fix)
 * and `--list` of a shard, called in-process: all decided before anything starts.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runMain } from './support/in-process-cli.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mclh-shard-flags-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const listed = (stdout: string) => stdout.split('\n').filter((l) => l.includes('\t'))

describe('run --shard', () => {
  it('refuses a shard that is not one, naming the flag', async () => {
    const result = await runMain(['run', '--builtin', '--shard', '4/3', '--list'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--shard 4/3: the index must be 1 to 3 (shards count from 1)')
  })

  it('--label only with --reporter blob', async () => {
    const result = await runMain(['run', '--builtin', '--label', 'x', '--list'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--label: only with --reporter blob')
  })

  it('--list of each shard: together every case of the run, once', async () => {
    const whole = listed((await runMain(['run', '--builtin', '--list'])).stdout)
    const parts = []
    for (const i of [1, 2, 3]) {
      const result = await runMain(['run', '--builtin', '--list', '--shard', `${i}/3`])
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(new RegExp(`as shard ${i}/3 \\(of ${whole.length} in the whole run\\)`))
      parts.push(...listed(result.stdout))
    }
    expect(parts.sort()).toEqual([...whole].sort())
  })
})

describe('merge-reports', () => {
  it('a folder that is not there, or holds no blob: exit 2 with what to give', async () => {
    const missing = await runMain(['merge-reports', path.join(dir, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no such folder')
    const empty = await runMain(['merge-reports', dir])
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('no *.json blob in the folder; run each shard with --shard i/n --reporter blob')
  })

  it('a file that is not a blob: exit 2, naming it', async () => {
    const folder = path.join(dir, 'other')
    await rm(folder, { recursive: true, force: true })
    await mkdir(folder)
    await writeFile(path.join(folder, 'report.json'), JSON.stringify({ results: [] }))
    const result = await runMain(['merge-reports', folder])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${path.join(folder, 'report.json')}: not a blob report of mc-login-harness`)
  })
})
