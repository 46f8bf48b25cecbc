/**
 * `run --out` never lies: a bad path is refused before anything runs, a stale report is gone as
 * soon as a new run starts, and an interrupted run leaves a report marked incomplete that lists
 * what did not run.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { killAllCli, runCli, spawnCli } from './support/cli.ts'

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
  it('a directory, a path under a file, or an unwritable directory: exit 2 before running, saying what to fix', async () => {
    const asDir = await runCli(['run', FIXTURE, '--out', dir])
    expect(asDir.code).toBe(2)
    expect(asDir.stderr).toContain(`--out ${dir} is a directory; give a file path`)
    expect(asDir.stdout).not.toContain('[1/')

    const file = path.join(dir, 'plain-file')
    await writeFile(file, 'x')
    const underFile = await runCli(['run', FIXTURE, '--out', path.join(file, 'report.json')])
    expect(underFile.code).toBe(2)
    expect(underFile.stderr).toMatch(/--out .*plain-file\/report\.json: cannot create the directory/)

    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked')
      await mkdir(locked)
      await chmod(locked, 0o500)
      const unwritable = await runCli(['run', FIXTURE, '--out', path.join(locked, 'report.json')])
      expect(unwritable.code).toBe(2)
      expect(unwritable.stderr).toMatch(/not writable \(EACCES/)
    }
  })

  for (const reporter of ['json', 'junit'] as const) {
    it(`${reporter}: SIGINT mid-run replaces the stale report with what ran, marked incomplete, listing what did not`, async () => {
      const out = path.join(dir, `interrupted.${reporter}`)
      await writeFile(out, 'a stale report from an earlier run')
      const child = spawnCli(['run', FIXTURE, '--concurrency', '1', '--versions', '1.20.4', '--reporter', reporter, '--out', out], { CI: 'true' })
      await child.waitFor(/\[1\/3\].*Quick/, 60_000, 'stderr')
      // The long case is under way; the stale file is already gone.
      await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' })
      child.child.kill('SIGINT')
      expect(await child.exit()).toBe(130)
      const text = await readFile(out, 'utf8')
      if (reporter === 'json') {
        const report = JSON.parse(text)
        expect(report.complete).toBe(false)
        expect(report.results.map((r: { bot: string }) => r.bot)).toContain('Quick (cracked)')
        expect(report.unrun).toEqual(
          expect.arrayContaining([
            { scenario: 'never reached', bot: 'Later (cracked)', version: '1.20.4' },
          ]),
        )
        expect(report.results.length + report.unrun.length).toBeGreaterThanOrEqual(3)
      } else {
        expect(text).toMatch(/<testsuites name="mc-login-harness" tests="3" failures="\d+" errors="0" skipped="[12]"/)
        expect(text).toContain('never reached › Later (cracked) [1.20.4]')
        expect(text).toContain('<skipped message="not run: the run was interrupted" />')
      }
    })
  }

  it('a complete run says so in JSON', async () => {
    const out = path.join(dir, 'complete.json')
    const result = await runCli(['run', 'test/fixtures/reports/odd-properties.ts', '--versions', '1.8.8', '--reporter', 'json', '--out', out])
    expect(result.code).toBe(0)
    expect(JSON.parse(await readFile(out, 'utf8')).complete).toBe(true)
    // The same properties-file warnings `server` and `check` print.
    expect(result.stderr).toMatch(/warning: .*odd\.properties:3: unknown key "mystery-key" ignored/)
  })

  it('--versions \'\' is bad input (exit 2), not "every scenario\'s own versions"', async () => {
    const result = await runCli(['run', FIXTURE, '--versions', ''])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--versions is empty')
  })
})
