import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'


const harness = (args: string[], timeoutMs?: number) => runCli(args, { timeoutMs })

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
    for (const code of ['success', 'invalid_session', 'auth_servers_unreachable', 'unverified_username', 'auth_servers_down', 'kicked', 'not_whitelisted']) {
      expect(seen, `outcome ${code} in the suite`).toContain(code)
    }
    const unverified = report.results.find((r: { outcome: string }) => r.outcome === 'unverified_username')
    expect(unverified.key).toBe('multiplayer.disconnect.unverified_username')
    expect(unverified.message).toBe('Failed to verify username!')
  }, 300_000)

  it('writes JUnit XML', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-'))
    const out = path.join(dir, 'junit.xml')
    const result = await harness(['run', 'scenarios/cracked.ts', '--reporter', 'junit', '--out', out])
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

  // Each of these used to load and then fail the run (exit 1): the scenario schema's fault and
  // step rules now are the mock's own (harness/input), so they are bad input at load.
  it.each([
    ['status-missing.ts', 'session.faults[0].status', 'status is required with mode "status" (204 or 400-599)'],
    ['status-redirect.ts', 'session.faults[0].status', 'status 302 is a redirect, which the mock cannot answer meaningfully'],
    ['bad-pattern.ts', 'bots[0].steps[0].pattern', '"(" is not a valid regular expression'],
  ])('exits 2 at load for %s, naming the file and %s', async (file, field, message) => {
    const result = await harness(['run', `test/fixtures/scenarios/bad-input/${file}`])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(new RegExp(`test/fixtures/scenarios/bad-input/${file.replace('.', '\\.')} \\(scenario "[^"]+"\\) › ${field.replace(/[.[\]]/g, '\\$&')}: `))
    expect(result.stderr).toContain(message)
    // Refused before anything started: no case ran, no report row.
    expect(result.stdout).not.toMatch(/passed|failed/)
  })

  it('reports every broken file of the folder in one exit 2', async () => {
    const result = await harness(['run', 'test/fixtures/scenarios/bad-input'])
    expect(result.code).toBe(2)
    for (const file of ['bad-pattern.ts', 'status-missing.ts', 'status-redirect.ts']) expect(result.stderr).toContain(`test/fixtures/scenarios/bad-input/${file} (scenario`)
  })

  it('configures the server from a scenario\'s server.properties', async () => {
    const result = await harness(['run', 'test/fixtures/scenarios/host-properties.ts', '--versions', '1.20.4'])
    expect(result.stdout).toContain('3 passed, 0 failed')
    expect(result.code).toBe(0)
  })

  it('lets a bot use a session server of its own', async () => {
    const result = await harness(['run', 'test/fixtures/scenarios/own-session-server.ts'])
    expect(result.stdout).toContain('2 passed, 0 failed')
    expect(result.code).toBe(0)
  })

  it('exits 2 naming the scenario, the properties file, the line and the key for a bad value', async () => {
    const result = await harness(['run', 'test/fixtures/bad-properties/scenario.ts'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('test/fixtures/bad-properties/scenario.ts (scenario "bad properties") › server.propertiesFile:')
    expect(result.stderr).toMatch(/bad-value\.properties:2: online-mode=yes/)
  })

  it('exits 2 for a bad flag value', async () => {
    const result = await harness(['run', '--versions', '1.99'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--versions: "1.99" is not a supported version')
  })

  it('exits 2 for the container flags on embedded servers, and for a --plugin that is not there (before Docker is asked)', async () => {
    const embedded = await harness(['run', '--builtin', '--plugin', 'build/libs/x.jar', '--list'])
    expect(embedded.code).toBe(2)
    expect(embedded.stderr).toMatch(/^error: --plugin: only for servers in containers .*add --backend container/m)
    const missing = await harness(['run', '--builtin', '--backend', 'container', '--plugin', 'build/libs/x.jar', '--list'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^error: --plugin "build\/libs\/x.jar": no plugin jar at \S+build\/libs\/x\.jar \(resolved from "build\/libs\/x.jar" relative to the working directory/m)
  })
})

describe('run --reuse', () => {
  it('runs the cracked and premium scenarios on one shared server per config and says so', async () => {
    const result = await harness(['run', 'scenarios/cracked.ts', 'scenarios/premium.ts', '--reuse', '--versions', '1.20.4'])
    expect(result.stderr + result.stdout).not.toMatch(/✗/)
    expect(result.code).toBe(0)
    // cracked.ts: 2 scenarios of one config; premium.ts: 4 plain premium ones and a whitelisted one.
    expect(result.stderr).toMatch(/^reuse: 7 scenario run\(s\) on 3 shared server\(s\)$/m)
  })

  it('exits 2 for its companion flags without it, or --stateless-plugins on embedded servers', async () => {
    const perConfig = await harness(['run', '--builtin', '--servers-per-config', '2', '--list'])
    expect(perConfig.code).toBe(2)
    expect(perConfig.stderr).toMatch(/^error: --servers-per-config: only with --reuse.*add --reuse/m)
    const stateless = await harness(['run', '--builtin', '--backend', 'container', '--stateless-plugins', '--list'])
    expect(stateless.code).toBe(2)
    expect(stateless.stderr).toMatch(/^error: --stateless-plugins: only with --reuse/m)
    const embedded = await harness(['run', '--builtin', '--reuse', '--stateless-plugins', '--list'])
    expect(embedded.code).toBe(2)
    expect(embedded.stderr).toMatch(/^error: --stateless-plugins: only for servers in containers/m)
  })
})

describe('run: choosing scenarios', () => {
  it('--grep matches scenario names only: a bot name selects nothing, and exit 2 lists the names there are', async () => {
    // "Steve" is a bot in the cracked, premium and guarded scenarios, never a scenario name.
    const result = await harness(['run', '--grep', 'Steve'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--grep "Steve": no scenario name matches')
    expect(result.stderr).toContain('"cracked: a cracked client joins"')
  })

  it('--grep with a negative lookahead runs every scenario except those named so', async () => {
    const result = await harness(['run', 'scenarios/cracked.ts', 'scenarios/premium.ts', '--grep', '^(?!premium)', '--reporter', 'json'])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as { results: Array<{ scenario: string }> }
    const names = new Set(report.results.map((r) => r.scenario))
    expect([...names].sort()).toEqual(['cracked: a cracked client joins', 'cracked: impersonating a premium name succeeds (the risk)'])
  })

  it('--skip (repeatable) leaves out scenarios by name', async () => {
    const result = await harness(['run', 'scenarios/cracked.ts', 'scenarios/premium.ts', '--skip', '^premium', '--skip', 'impersonat', '--reporter', 'json'])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as { results: Array<{ scenario: string }> }
    expect([...new Set(report.results.map((r) => r.scenario))]).toEqual(['cracked: a cracked client joins'])
  })

  it('--list prints what would run and starts nothing, leaving an --out file alone', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-'))
    const out = path.join(dir, 'junit.xml')
    await writeFile(out, 'earlier report\n')
    const result = await harness(['run', '--list', '--grep', '^cracked', '--versions', '1.8.8,1.20.4', '--reporter', 'junit', '--out', out])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'cracked: a cracked client joins\t1.8.8\tscenarios/cracked.ts',
      'cracked: a cracked client joins\t1.20.4\tscenarios/cracked.ts',
      'cracked: impersonating a premium name succeeds (the risk)\t1.8.8\tscenarios/cracked.ts',
      'cracked: impersonating a premium name succeeds (the risk)\t1.20.4\tscenarios/cracked.ts',
      '4 case(s) of 2 scenario(s) would run on the embedded backend',
    ])
    expect(await readFile(out, 'utf8')).toBe('earlier report\n')
  })

  it('exits 2 for an invalid --grep or --skip regular expression, saying which', async () => {
    const grep = await harness(['run', '--grep', '(premium'])
    expect(grep.code).toBe(2)
    expect(grep.stderr).toContain('--grep "(premium" is not a valid regular expression')
    const skip = await harness(['run', '--skip', '[a-'])
    expect(skip.code).toBe(2)
    expect(skip.stderr).toContain('--skip "[a-" is not a valid regular expression')
  })

  it('with no paths and no ./scenarios/ folder, runs the packaged built-in suite and says so', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'mclh-plugin-repo-'))
    const result = await runCli(['run', '--grep', '^cracked: a cracked client joins$', '--reporter', 'json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const notice = /^no scenario paths given and no \.\/scenarios\/ folder here: running the built-in scenarios from (.*) \(say --builtin/m.exec(result.stderr)
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
    const result = await runCli(['run', 'own.ts', '--builtin', '--grep', '^(own|cracked): a cracked client joins$', '--reporter', 'json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).not.toContain('no scenario paths given')
    const report = JSON.parse(result.stdout) as { results: Array<{ scenario: string }> }
    expect(report.results.map((r) => r.scenario).sort()).toEqual(['cracked: a cracked client joins', 'own: a cracked client joins'])
  })
})
