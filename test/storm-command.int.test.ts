import { watch } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { killAllCli, runCli, spawnCli } from './support/cli.ts'
import { runMain } from './support/in-process-cli.ts'

afterEach(killAllCli)

describe('storm command', () => {
  it('storms its own server and writes the JSON report; the table still prints', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'storm-cli-'))
    try {
      const out = path.join(dir, 'storm.json')
      const result = await runCli([
        'storm',
        '--auth',
        'premium',
        '--n',
        '30',
        '--concurrency',
        '10',
        '--version',
        '1.20.4',
        '--reporter',
        'json',
        '--out',
        out,
      ])
      expect(result.code, result.stderr).toBe(0)
      const report = JSON.parse(await readFile(out, 'utf8'))
      expect(report.outcomes).toEqual({ success: 30 })
      expect(report.complete).toBe(true)
      expect(report.target).toMatchObject({ auth: 'premium', version: '1.20.4', startedByStorm: true })
      expect(result.stdout).toContain('storm passed')
      expect(result.stdout).toMatch(/throughput\s*│\s*[\d.]+ logins\/s/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('SIGINT mid-storm: the stale --out report is gone at once and an incomplete one takes its place', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'storm-cli-'))
    try {
      const out = path.join(dir, 'storm.json')
      await writeFile(out, '{"stale": true}')
      const removed = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the stale report was not removed within 60 s')), 60_000)
        const watcher = watch(dir, () => {
          void stat(out).catch(() => {
            clearTimeout(timer)
            watcher.close()
            resolve()
          })
        })
      })
      // A ramp of 2 logins/s for 100,000 logins: still running whenever the signal comes.
      const child = spawnCli([
        'storm',
        '--n',
        '100000',
        '--ramp-per-sec',
        '2',
        '--workers',
        '0',
        '--version',
        '1.8.8',
        '--reporter',
        'json',
        '--out',
        out,
      ])
      await removed
      child.child.kill('SIGINT')
      expect(await child.exit()).toBe(130)
      const report = JSON.parse(await readFile(out, 'utf8'))
      expect(report).toMatchObject({ complete: false, n: 100000 })
      expect(report.settled).toBeLessThan(100000)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('exits 1 when logins fail (a session server slower than a 1 s storm bound) and names the outcome', async () => {
    const result = await runMain([
      'storm',
      '--auth',
      'premium',
      '--n',
      '10',
      '--version',
      '1.20.4',
      '--slow-session-ms',
      '3000',
      '--slow-for-ms',
      '5000',
      '--time-bound-ms',
      '1000',
    ])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/storm failed: .*timeout/)
  })
})
