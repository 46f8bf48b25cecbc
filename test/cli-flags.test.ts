/**
 * The command line's refusals (exit 2, and what to fix), called in-process: each is decided
 * before anything starts, so a separate process would prove nothing more. One process test per
 * exit code stays in the *.int.test.ts files (support/cli.ts).
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CliContext } from '../harness/cli/context.ts'
import { ResourceScope } from '../harness/resource-scope.ts'
import { runMain } from './support/in-process-cli.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mclh-flags-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('run: bad input is exit 2 before anything starts', () => {
  // Each of these used to load and then fail the run (exit 1): the scenario schema's fault and
  // step rules now are the mock's own (harness/input), so they are bad input at load.
  it.each([
    ['status-missing.ts', 'session.faults[0].status', 'status is required with mode "status" (204 or 400-599)'],
    ['status-redirect.ts', 'session.faults[0].status', 'status 302 is a redirect, which the mock cannot answer meaningfully'],
    ['bad-pattern.ts', 'bots[0].steps[0].pattern', '"(" is not a valid regular expression'],
  ])('exits 2 at load for %s, naming the file and %s', async (file, field, message) => {
    const result = await runMain(['run', `test/fixtures/scenarios/bad-input/${file}`])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      new RegExp(
        `test/fixtures/scenarios/bad-input/${file.replace('.', '\\.')} \\(scenario "[^"]+"\\) › ${field.replace(/[.[\]]/g, '\\$&')}: `,
      ),
    )
    expect(result.stderr).toContain(message)
    // Refused before anything started: no case ran, no report row.
    expect(result.stdout).not.toMatch(/passed|failed/)
  })

  it('reports every broken file of the folder in one exit 2', async () => {
    const result = await runMain(['run', 'test/fixtures/scenarios/bad-input'])
    expect(result.code).toBe(2)
    for (const file of ['bad-pattern.ts', 'status-missing.ts', 'status-redirect.ts'])
      expect(result.stderr).toContain(`test/fixtures/scenarios/bad-input/${file} (scenario`)
  })

  it('exits 2 naming the scenario, the properties file, the line and the key for a bad value', async () => {
    const result = await runMain(['run', 'test/fixtures/bad-properties/scenario.ts'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('test/fixtures/bad-properties/scenario.ts (scenario "bad properties") › server.propertiesFile:')
    expect(result.stderr).toMatch(/bad-value\.properties:2: online-mode=yes/)
  })

  it('exits 2 for a bad flag value', async () => {
    const result = await runMain(['run', '--versions', '1.99'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--versions: "1.99" is not a supported version')
  })

  it('exits 2 for a flag value commander refuses, with the usage', async () => {
    const result = await runMain(['run', '--concurrency', 'x'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--concurrency must be a whole number from 1 to 256, got "x"')
    const unknown = await runMain(['run', '--nope'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("error: unknown option '--nope'")
  })

  it("--versions '' is bad input (exit 2), not \"every scenario's own versions\"", async () => {
    const result = await runMain(['run', 'test/fixtures/reports/interrupted.ts', '--versions', ''])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--versions is empty')
  })

  it('exits 2 for the container flags on embedded servers, and for a --plugin that is not there (before Docker is asked)', async () => {
    const embedded = await runMain(['run', '--builtin', '--plugin', 'build/libs/x.jar', '--list'])
    expect(embedded.code).toBe(2)
    expect(embedded.stderr).toMatch(/^error: --plugin: only for servers in containers .*add --backend container/m)
    const missing = await runMain(['run', '--builtin', '--backend', 'container', '--plugin', 'build/libs/x.jar', '--list'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(
      /^error: --plugin "build\/libs\/x.jar": no plugin jar at \S+build\/libs\/x\.jar \(resolved from "build\/libs\/x.jar" relative to the working directory/m,
    )
  })

  it("exits 2 for --reuse's companion flags without it, or --stateless-plugins on embedded servers", async () => {
    const perConfig = await runMain(['run', '--builtin', '--servers-per-config', '2', '--list'])
    expect(perConfig.code).toBe(2)
    expect(perConfig.stderr).toMatch(/^error: --servers-per-config: only with --reuse.*add --reuse/m)
    const stateless = await runMain(['run', '--builtin', '--backend', 'container', '--stateless-plugins', '--list'])
    expect(stateless.code).toBe(2)
    expect(stateless.stderr).toMatch(/^error: --stateless-plugins: only with --reuse/m)
    const embedded = await runMain(['run', '--builtin', '--reuse', '--stateless-plugins', '--list'])
    expect(embedded.code).toBe(2)
    expect(embedded.stderr).toMatch(/^error: --stateless-plugins: only for servers in containers/m)
  })

  it('--grep matches scenario names only: a bot name selects nothing, and exit 2 lists the names there are', async () => {
    // "Steve" is a bot in the cracked, premium and guarded scenarios, never a scenario name.
    const result = await runMain(['run', '--grep', 'Steve'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--grep "Steve": no scenario name matches')
    expect(result.stderr).toContain('"cracked: a cracked client joins"')
  })

  it('exits 2 for an invalid --grep or --skip regular expression, saying which', async () => {
    const grep = await runMain(['run', '--grep', '(premium'])
    expect(grep.code).toBe(2)
    expect(grep.stderr).toContain('--grep "(premium" is not a valid regular expression')
    const skip = await runMain(['run', '--skip', '[a-'])
    expect(skip.code).toBe(2)
    expect(skip.stderr).toContain('--skip "[a-" is not a valid regular expression')
  })

  it('--out: a directory, a path under a file, or an unwritable directory: exit 2 before running, saying what to fix', async () => {
    const fixture = 'test/fixtures/reports/interrupted.ts'
    const asDir = await runMain(['run', fixture, '--out', dir])
    expect(asDir.code).toBe(2)
    expect(asDir.stderr).toContain(`--out ${dir} is a directory; give a file path`)
    expect(asDir.stdout).not.toContain('[1/')

    const file = path.join(dir, 'plain-file')
    await writeFile(file, 'x')
    const underFile = await runMain(['run', fixture, '--out', path.join(file, 'report.json')])
    expect(underFile.code).toBe(2)
    expect(underFile.stderr).toMatch(/--out .*plain-file\/report\.json: cannot create the directory/)

    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked')
      await mkdir(locked)
      await chmod(locked, 0o500)
      const unwritable = await runMain(['run', fixture, '--out', path.join(locked, 'report.json')])
      expect(unwritable.code).toBe(2)
      expect(unwritable.stderr).toMatch(/not writable \(EACCES/)
    }
  })
})

describe('help', () => {
  it('goes to stdout and exits 0, for the program and for a command', async () => {
    const top = await runMain(['--help'])
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('Usage: mc-login-harness [options] [command]')
    const run = await runMain(['run', '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('--reporter <name>')
  })
})

describe('run --list', () => {
  it('prints what would run and starts nothing, leaving an --out file alone (exit 0)', async () => {
    const out = path.join(dir, 'junit.xml')
    await writeFile(out, 'earlier report\n')
    const result = await runMain(['run', '--list', '--grep', '^cracked', '--versions', '1.8.8,1.20.4', '--reporter', 'junit', '--out', out])
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
})

describe('run --backend container with real proxies (MC_LOGIN_HARNESS_PROXY_IMAGE=itzg)', () => {
  it('leaves out the BungeeCord cases real BungeeCord cannot run against the mock, with a note naming them and why', async () => {
    vi.stubEnv('MC_LOGIN_HARNESS_PROXY_IMAGE', 'itzg')
    try {
      const result = await runMain(['run', 'scenarios/proxy.ts', '--backend', 'container', '--versions', '1.20.4', '--list'])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toMatch(
        /^note: left out 6 proxy scenario case\(s\) \(proxy: BungeeCord legacy forwarding to a backend without bungeecord: true; .*\): bungeecord in online mode asks Mojang's session server, hard-coded/m,
      )
      const listed = result.stdout.split('\n').filter(Boolean)
      expect(listed.at(-1)).toBe('6 case(s) of 6 scenario(s) would run on the container backend')
      expect(listed.filter((line) => /bungee/i.test(line.split('\t')[0]!))).toEqual([])
    } finally {
      vi.unstubAllEnvs()
    }
  })
})

describe('check and diff: bad input is exit 2', () => {
  const ONLINE = 'fixtures/properties/online.properties'
  const OFFLINE = 'fixtures/properties/offline.properties'

  it('exits 2 for a missing file, naming the flag and the file', async () => {
    const result = await runMain(['diff', '--before', OFFLINE, '--after', 'fixtures/properties/missing.properties'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--after fixtures/properties/missing.properties: no such file')
  })

  it('exits 2 for a bad value, naming the file, line and key', async () => {
    const file = path.join(dir, 'server.properties')
    await writeFile(file, 'motd=hi\nonline-mode=yes\n')
    const result = await runMain(['check', '--properties', file])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${file}:2: online-mode=yes is not allowed; online-mode takes true or false`)
  })

  it('exits 2 for an unknown probe in --accept, listing the probe ids', async () => {
    const result = await runMain(['diff', '--before', OFFLINE, '--after', ONLINE, '--accept', 'crackd'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--accept: "crackd" is not a probe id; use one of: premium, premium-session-503')
  })
})

describe('storm: bad input is exit 2 before sending anything', () => {
  it('exits 2 for a target that is not loopback', async () => {
    const result = await runMain(['storm', '--host', '192.0.2.10', '--port', '25565'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('is not a loopback address')
  })

  it('exits 2 when a premium storm at an existing server has no mock to issue accounts on', async () => {
    const result = await runMain(['storm', '--host', '127.0.0.1', '--port', '25565', '--auth', 'premium'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--session-server URL --session-admin URL')
  })
})

describe('server and session-server: bad input is exit 2 before anything listens', () => {
  it('server: a bad value in --properties, naming the file, line and key', async () => {
    const bad = path.join(dir, 'bad.properties')
    await writeFile(bad, 'max-players=-3\n')
    const result = await runMain(['server', '--properties', bad])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${bad}:1: max-players=-3 is not allowed`)
  })

  it('server: a guard store in a missing directory', async () => {
    const missing = path.join(dir, 'no-such-dir', 'authme.json')
    const result = await runMain(['server', '--auth', 'guarded', '--version', '1.20.4', '--guard-store', missing])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`guard store ${missing}: directory ${path.dirname(missing)} does not exist`)
  })

  it('session-server: a bad --port', async () => {
    const result = await runMain(['session-server', '--port', 'abc'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--port must be a port number 0-65535/)
  })
})

describe('what a command could not stop', () => {
  /** A context writing to a string, under a scope of the test's. */
  const context = () => {
    let stderr = ''
    const ctx = new CliContext(
      { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } },
      new ResourceScope({ parent: null }),
    )
    return { ctx, stderr: () => stderr }
  }

  it('is a warning naming each thing left running and how to remove it, and the run exits 1 however it went', async () => {
    const { ctx, stderr } = context()
    const scope = ctx.scope.child({ name: 'run' })
    class StartedMinecraftServerContainer {
      getId = () => '3f2a9c1b7d4e5f60'
      stop = () => Promise.reject(new Error('(HTTP code 500) server error'))
    }
    scope.use(new StartedMinecraftServerContainer())
    scope.child({ name: 'case "premium" on 1.20.4', timeoutMs: 20, perStopMs: 0 }).use({ stop: () => new Promise<void>(() => {}) })
    await ctx.disposeCommandScope(scope, 'remove them with `mc-login-harness containers cleanup --run r1`')
    expect(stderr().split('\n').filter(Boolean)).toEqual([
      'warning: left running: case "premium" on 1.20.4: stopping a handle did not finish in time (timeout 20 ms); left running',
      'warning: left running: run: stopping StartedMinecraftServerContainer 3f2a9c1b7d4e failed: (HTTP code 500) server error',
      'warning: 2 thing(s) this command started could not be stopped; remove them with `mc-login-harness containers cleanup --run r1`',
    ])
    expect(ctx.leaked).toBe(true)
    expect(ctx.finalExitCode()).toBe(1)
    ctx.exitCode = 2
    expect(ctx.finalExitCode()).toBe(2)
  })

  it('says nothing and changes no exit code when everything stopped', async () => {
    const { ctx, stderr } = context()
    const scope = ctx.scope.child({ name: 'run' })
    scope.use({ stop: async () => {} })
    await ctx.disposeCommandScope(scope, 'unused')
    expect(stderr()).toBe('')
    expect(ctx.finalExitCode()).toBe(0)
  })
})
