/**
 * Sharded runs of the built-in suite (embedded), merged with `merge-reports`, report what one
 * unsharded run reports: the same rows in the same order, the same exit code. The shards run one
 * after another: side by side on a loaded 2-core runner they tripled the load and timed out logins
 * (authlib's 5 s, a bot's 20 s), which says nothing about the merge.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mclh-shards-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface JsonRow {
  scenario: string
  bot: string
  version: string
  expected: string
  outcome: string
  key: string | null
  message: string
  pass: boolean
  ms: number
}
/** What a row says, without its timings (which differ from run to run; a storm's message has its rate and latencies). */
const what = (text: string) =>
  (JSON.parse(text) as { results: JsonRow[] }).results.map(({ ms: _ms, message, ...rest }) => ({
    ...rest,
    message: message.replace(/; [\d.]+ logins\/s, p50 [\d.]+ ms, p95 [\d.]+ ms$/, ''),
  }))

describe('run --shard i/n --reporter blob, then merge-reports', () => {
  let whole: { code: number; rows: ReturnType<typeof what> }

  beforeAll(async () => {
    const out = path.join(dir, 'whole.json')
    const run = await runCli(['run', '--builtin', '--reporter', 'json', '--out', out])
    whole = { code: run.code, rows: what(await readFile(out, 'utf8')) }
    expect(whole.rows.length, run.stderr).toBeGreaterThan(10)
  }, 180_000)

  for (const total of [2, 3]) {
    it(`${total} shards merged give the rows and exit code of one unsharded run`, async () => {
      const blobs = path.join(dir, `blobs-${total}`)
      const shards = []
      for (let i = 0; i < total; i++) {
        shards.push(
          await runCli([
            'run',
            '--builtin',
            '--shard',
            `${i + 1}/${total}`,
            '--reporter',
            'blob',
            '--out',
            path.join(blobs, `report-${i + 1}.json`),
            '--label',
            `shard machine ${i + 1}`,
          ]),
        )
      }
      for (const shard of shards) expect([0, 1], shard.stderr).toContain(shard.code)
      // Every shard ran something (the suite has more cases than shards) and none ran everything.
      const sizes = await Promise.all(
        (await readdir(blobs)).map(async (f) => JSON.parse(await readFile(path.join(blobs, f), 'utf8')).results.length as number),
      )
      expect(sizes).toHaveLength(total)
      for (const size of sizes) expect(size).toBeGreaterThan(0)
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(whole.rows.length)

      const out = path.join(dir, `merged-${total}.json`)
      const merged = await runCli(['merge-reports', blobs, '--reporter', 'json', '--out', out])
      expect(merged.stderr).toContain(`shard 1/${total} (shard machine 1)`)
      expect(what(await readFile(out, 'utf8'))).toEqual(whole.rows)
      expect(merged.code, merged.stderr).toBe(whole.code)

      // The other renderers read the same merged report.
      const junit = await runCli(['merge-reports', blobs, '--reporter', 'junit'])
      expect(junit.stdout).toContain(`<testsuites name="mc-login-harness" tests="${whole.rows.length}"`)
    }, 240_000)
  }

  it('a failing shard fails the merge (exit 1), as it would fail the whole run', async () => {
    const blobs = path.join(dir, 'failing')
    const scenario = path.join(dir, 'failing.scenario.mjs')
    await writeFile(
      scenario,
      `export default [
        { name: 'passes', server: { auth: 'cracked' }, bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }], versions: ['1.20.4'] },
        { name: 'fails', server: { auth: 'cracked' }, bots: [{ account: { kind: 'cracked', name: 'Alex' }, expect: 'unverified_username' }], versions: ['1.20.4'] },
      ]\n`,
    )
    const shards = await Promise.all(
      [1, 2].map((i) => runCli(['run', scenario, '--shard', `${i}/2`, '--reporter', 'blob', '--out', path.join(blobs, `r${i}.json`)])),
    )
    expect(shards.map((s) => s.code).sort()).toEqual([0, 1])
    const merged = await runCli(['merge-reports', blobs])
    expect(merged.code).toBe(1)
    expect(merged.stdout).toMatch(/1 passed, 1 failed/)
    // One shard's blob gone: named, and bad input (exit 2), not a pass.
    await rm(path.join(blobs, 'r2.json'))
    const missing = await runCli(['merge-reports', blobs])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('cannot merge: shard 2/2 missing')
  }, 120_000)
})
