/**
 * `run --out` never lies: a bad path is refused before anything runs (test/cli-flags.test.ts), a
 * stale report is gone as soon as a new run starts, and an interrupted run leaves a report marked
 * incomplete that lists what did not run. Cases start longest first; a report lists them in the
 * order the suite declares them either way.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { killAllCli, spawnCli } from './support/cli.ts'
import { runMain } from './support/in-process-cli.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mclh-reports-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
afterEach(killAllCli)

const FIXTURE = 'test/fixtures/reports/interrupted.ts'

describe('run --out', () => {
  for (const reporter of ['json', 'junit'] as const) {
    it(`${reporter}: SIGINT mid-run replaces the stale report with what ran, marked incomplete, listing what did not`, async () => {
      // The fixture's long case starts first (longest expected first) though written second.
      const out = path.join(dir, `interrupted.${reporter}`)
      await writeFile(out, 'a stale report from an earlier run')
      const child = spawnCli(['run', FIXTURE, '--concurrency', '1', '--versions', '1.20.4', '--reporter', reporter, '--out', out], {
        CI: 'true',
      })
      await child.waitFor(/\[1\/3\].*Quick/, 60_000, 'stderr')
      // The long case is under way; the stale file is already gone.
      await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' })
      child.child.kill('SIGINT')
      expect(await child.exit()).toBe(130)
      const text = await readFile(out, 'utf8')
      if (reporter === 'json') {
        const report = JSON.parse(text)
        expect(report.complete).toBe(false)
        expect(report.results[0].bot).toBe('Quick (premium)')
        // The case written first, though it would have run last, is listed as not run.
        expect(report.unrun[0]).toEqual({ scenario: 'never reached', bot: 'Later (cracked)', version: '1.20.4' })
        expect(report.results.length + report.unrun.length).toBe(3)
      } else {
        expect(text).toMatch(/<testsuites name="mc-login-harness" tests="3" failures="\d+" errors="0" skipped="[12]"/)
        expect(text).toContain('never reached › Later (cracked) [1.20.4]')
        expect(text).toContain('<skipped message="not run: the run was interrupted" />')
      }
    })
  }

  it('lists results in the order the suite declares them, not the order they ran in', async () => {
    const out = path.join(dir, 'order.json')
    const result = await runMain([
      'run',
      'test/fixtures/reports/declared-order.ts',
      '--concurrency',
      '1',
      '--versions',
      '1.20.4',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    expect(result.code).toBe(0)
    // The delayed case was expected to take longer, so it ran first ...
    expect(result.stderr).toMatch(/\[1\/2\].*delayed › Delayed[^\n]*\n\[2\/2\].*quick › Quick/)
    // ... and the report lists the cases as written, as does the table.
    const report = JSON.parse(await readFile(out, 'utf8'))
    expect(report.results.map((r: { scenario: string }) => r.scenario)).toEqual(['quick', 'delayed'])
    expect(result.stdout.indexOf('Quick (cracked)')).toBeLessThan(result.stdout.indexOf('Delayed (premium)'))
  })

  it('a complete run says so in JSON', async () => {
    const out = path.join(dir, 'complete.json')
    const result = await runMain([
      'run',
      'test/fixtures/reports/odd-properties.ts',
      '--versions',
      '1.8.8',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    expect(result.code).toBe(0)
    expect(JSON.parse(await readFile(out, 'utf8')).complete).toBe(true)
    // The same properties-file warnings `server` and `check` print.
    expect(result.stderr).toMatch(/warning: .*odd\.properties:3: unknown key "mystery-key" ignored/)
  })
})
