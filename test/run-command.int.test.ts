import { statSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { once } from 'node:events'
import { killAllCli, runCli, spawnCli } from './support/cli.ts'
import { runMain } from './support/in-process-cli.ts'

// One process test per exit code (0: the built-in suite, 1: a failed expectation, 2: a misspelt
// scenario) and those that need their own working directory; the rest call the CLI in-process.

const harness = (args: string[], timeoutMs?: number) => runCli(args, { timeoutMs })

afterEach(killAllCli)

describe('run command', () => {
  it('passes the built-in suite on the embedded backend, with the outcomes a player sees', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-'))
    const out = path.join(dir, 'report.json')
    // The whole built-in suite in one process: well under a minute idle, over 60 s on a loaded 2-core runner.
    // The limits only catch a hang; speed is measured in bench/, not here.
    const result = await harness(['run', '--reporter', 'json', '--out', out], 240_000)
    expect(result.stderr + result.stdout).not.toMatch(/✗/)
    expect(result.code).toBe(0)
    const report = JSON.parse(await readFile(out, 'utf8'))
    expect(report.summary.failed).toBe(0)
    expect(report.summary.passed).toBe(report.results.length)
    const seen = new Set(report.results.map((r: { outcome: string }) => r.outcome))
    for (const code of [
      'success',
      'invalid_session',
      'auth_servers_unreachable',
      'unverified_username',
      'auth_servers_down',
      'kicked',
      'not_whitelisted',
    ]) {
      expect(seen, `outcome ${code} in the suite`).toContain(code)
    }
    const unverified = report.results.find((r: { outcome: string }) => r.outcome === 'unverified_username')
    expect(unverified.key).toBe('multiplayer.disconnect.unverified_username')
    expect(unverified.message).toBe('Failed to verify username!')
  }, 300_000)

  it.runIf(statSync('/dev/full', { throwIfNoEntry: false })?.isCharacterDevice())(
    'run --out /dev/full says the write failed and exits non-zero',
    async () => {
      const result = await runMain([
        'run',
        'scenarios/cracked.ts',
        '--grep',
        'a cracked client joins$',
        '--reporter',
        'json',
        '--out',
        '/dev/full',
      ])
      expect(result.stderr).toContain('--out /dev/full: could not write the report (ENOSPC')
      expect(result.stderr).not.toContain('report written')
      expect(result.code).not.toBe(0)
      expect(statSync('/dev/full').isCharacterDevice()).toBe(true)
    },
  )

  it('writes JUnit XML', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-'))
    const out = path.join(dir, 'junit.xml')
    const result = await runMain(['run', 'scenarios/cracked.ts', '--reporter', 'junit', '--out', out])
    expect(result.code).toBe(0)
    const xml = await readFile(out, 'utf8')
    expect(xml).toMatch(/<testsuites name="mc-login-harness" tests="2" failures="0"/)
  })

  it('exits 1 when an expectation fails', async () => {
    const result = await harness(['run', 'test/fixtures/scenarios/wrong-expectation.ts'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('expected unverified_username, got success')
  })

  it('exits 2 with the file and field for a misspelt scenario', async () => {
    const result = await harness(['run', 'test/fixtures/scenarios/misspelt.ts'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('test/fixtures/scenarios/misspelt.ts')
    expect(result.stderr).toContain('unknown field "expcet" (did you mean "expect"?)')
  })

  it("configures the server from a scenario's server.properties", async () => {
    const result = await runMain(['run', 'test/fixtures/scenarios/host-properties.ts', '--versions', '1.20.4'])
    expect(result.stdout).toContain('3 passed, 0 failed')
    expect(result.code).toBe(0)
  })

  it('lets a bot use a session server of its own', async () => {
    const result = await runMain(['run', 'test/fixtures/scenarios/own-session-server.ts'])
    expect(result.stdout).toContain('2 passed, 0 failed')
    expect(result.code).toBe(0)
  })
})

describe('run --reuse', () => {
  it('runs the cracked and premium scenarios on one shared server per config and says so', async () => {
    const result = await runMain(['run', 'scenarios/cracked.ts', 'scenarios/premium.ts', '--reuse', '--versions', '1.20.4'])
    expect(result.stderr + result.stdout).not.toMatch(/✗/)
    expect(result.code).toBe(0)
    // cracked.ts: 2 scenarios of one config; premium.ts: 4 plain premium ones and a whitelisted one.
    expect(result.stderr).toMatch(/^reuse: 7 scenario run\(s\) on 3 shared server\(s\)$/m)
  })

  it('never shares a proxy topology: each proxy case starts its own backends and proxy, and says why', async () => {
    const result = await runMain(['run', 'scenarios/proxy.ts', '--reuse', '--versions', '1.20.4', '--grep', 'session server down'])
    expect(result.stderr + result.stdout).not.toMatch(/✗/)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(
      /^reuse: 0 scenario run\(s\) on 0 shared server\(s\); 2 on servers of their own \(2: a proxy in front of the server\)$/m,
    )
  })
})

describe('run: choosing scenarios', () => {
  it('--grep with a negative lookahead runs every scenario except those named so', async () => {
    const result = await runMain(['run', 'scenarios/cracked.ts', 'scenarios/premium.ts', '--grep', '^(?!premium)', '--reporter', 'json'])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as { results: Array<{ scenario: string }> }
    const names = new Set(report.results.map((r) => r.scenario))
    expect([...names].sort()).toEqual(['cracked: a cracked client joins', 'cracked: impersonating a premium name succeeds (the risk)'])
  })

  it('exits 0 without a stack trace when its reader closed the pipe (`run --list | head -1`)', async () => {
    const cli = spawnCli(['run', '--list'])
    // The read end closes before the command writes anything: every write it makes meets EPIPE.
    cli.child.stdout!.destroy()
    const [code] = (await once(cli.child, 'exit')) as [number | null]
    expect(cli.stderr()).not.toMatch(/EPIPE|Unhandled/)
    expect(code).toBe(0)
  })

  it('--skip (repeatable) leaves out scenarios by name', async () => {
    const result = await runMain([
      'run',
      'scenarios/cracked.ts',
      'scenarios/premium.ts',
      '--skip',
      '^premium',
      '--skip',
      'impersonat',
      '--reporter',
      'json',
    ])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as { results: Array<{ scenario: string }> }
    expect([...new Set(report.results.map((r) => r.scenario))]).toEqual(['cracked: a cracked client joins'])
  })

  it('with no paths and no ./scenarios/ folder, runs the packaged built-in suite and says so', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'mclh-plugin-repo-'))
    const result = await runCli(['run', '--grep', '^cracked: a cracked client joins$', '--reporter', 'json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const notice =
      /^no scenario paths given and no \.\/scenarios\/ folder here: running the built-in scenarios from (.*) \(say --builtin/m.exec(
        result.stderr,
      )
    expect(notice, result.stderr).not.toBeNull()
    // The package's own scenarios/, found from the CLI's module (here the sources; dist/ in an install).
    expect(path.resolve(cwd, notice![1]!)).toBe(path.resolve(import.meta.dirname, '../scenarios'))
    const report = JSON.parse(result.stdout) as { results: Array<{ scenario: string; pass: boolean }> }
    expect(report.results.map((r) => [r.scenario, r.pass])).toEqual([['cracked: a cracked client joins', true]])
  })

  it('--builtin adds the built-in suite to the given paths, without the fallback notice', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'mclh-plugin-repo-'))
    const own = path.join(cwd, 'own.ts')
    await writeFile(
      own,
      "export default { name: 'own: a cracked client joins', server: { auth: 'cracked' }, bots: [{ account: { kind: 'cracked', name: 'Alex' }, expect: 'success' }] }\n",
    )
    const result = await runCli(['run', 'own.ts', '--builtin', '--grep', '^(own|cracked): a cracked client joins$', '--reporter', 'json'], {
      cwd,
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).not.toContain('no scenario paths given')
    const report = JSON.parse(result.stdout) as { results: Array<{ scenario: string }> }
    expect(report.results.map((r) => r.scenario).sort()).toEqual(['cracked: a cracked client joins', 'own: a cracked client joins'])
  })
})
