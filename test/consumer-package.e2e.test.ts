/**
 * The package as a plugin author gets it: `npm pack` of this repository, installed from the
 * tarball (and the npm registry for its dependencies) into a fresh project that has never seen
 * these sources. That project type-checks against the four entries with `tsc --init`'s strict
 * NodeNext defaults, runs the docs' vitest and container examples (docs/examples/, the files the
 * README shows) with vitest's default settings, and runs the CLI on its own scenario file. Slow
 * by nature (an npm install), so the pack and the install happen once for the file; npm's cache
 * makes the install mostly offline after the first run.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { writePluginJar } from '../harness/server/container/testing/plugin-jar-fixture.ts'

const exec = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string
  devDependencies: Record<string, string>
}

// The Node running the tests (the pinned one) first on PATH, so npm, npx and the installed bin use it.
const env = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
  NO_COLOR: '1',
  CI: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
}
// npm scripts export npm_* settings describing *this* project (its package.json, its prefix);
// the consumer's npm must not inherit them.
for (const key of Object.keys(env))
  if (key.startsWith('npm_package_') || key === 'npm_config_prefix' || key === 'INIT_CWD') delete env[key as keyof typeof env]

async function sh(cwd: string, command: string, args: string[], timeoutMs: number) {
  return shWith(cwd, {}, command, args, timeoutMs)
}

async function shWith(cwd: string, extra: Record<string, string>, command: string, args: string[], timeoutMs: number) {
  try {
    const { stdout, stderr } = await exec(command, args, {
      cwd,
      env: { ...env, ...extra },
      timeout: timeoutMs,
      maxBuffer: 32 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) }
  }
}

let work: string
let consumer: string
let tarball: string

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-login-harness-consumer-'))
  consumer = path.join(work, 'consumer')
  fs.mkdirSync(consumer)

  // `npm pack` runs `prepare` (the build), so the tarball holds a fresh dist/.
  const packed = await sh(ROOT, 'npm', ['pack', '--json', '--pack-destination', work], 180_000)
  expect(packed.code, packed.stderr).toBe(0)
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string }>
  tarball = path.join(work, info!.filename)

  fs.writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'my-plugin-tests', private: true, type: 'module', scripts: { test: 'vitest run' } }, null, 2),
  )
  const installed = await sh(
    consumer,
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarball,
      `typescript@${pkg.devDependencies.typescript}`,
      `vitest@${pkg.devDependencies.vitest}`,
      `@types/node@${pkg.devDependencies['@types/node']}`,
    ],
    300_000,
  )
  expect(installed.code, installed.stderr).toBe(0)
}, 480_000)

// The consumer's own local image, under its own tag: built from the installed package, not from
// this repository's sources, and never rebuilding the tag this repository's other tests run on.
const CONSUMER_IMAGE = `mc-login-harness/embedded:consumer-${process.pid}`
const docker = await probeDocker()

afterAll(async () => {
  if (work) fs.rmSync(work, { recursive: true, force: true })
  await exec('docker', ['rmi', '-f', CONSUMER_IMAGE]).catch(() => {})
})

describe('the packed package in a fresh consumer project', () => {
  test('ships the compiled library, the CLI and the image inputs, and no tests or sources', async () => {
    const listed = await sh(work, 'tar', ['-tzf', tarball], 30_000)
    expect(listed.code, listed.stderr).toBe(0)
    const files = listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''))
    expect(files).toContain('dist/index.js')
    expect(files).toContain('dist/index.d.ts')
    expect(files).toContain('dist/cli/bin.js')
    expect(files).toContain('dist/storm/worker-main.js')
    expect(files).toContain('fixtures/image/Dockerfile')
    // No test, and no test-only helper (harness/**/testing/, e.g. bot/testing, server/container/testing).
    expect(files.filter((f) => /\.test\.|(^|\/)test\/|(^|\/)testing\//.test(f))).toEqual([])
    // TypeScript only as declarations, and the built-in scenario files (data for `run`, loaded through tsx).
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('scenarios/'))).toEqual([])
    expect(files).toContain('scenarios/premium.ts')
  })

  test('npx tsc with a default strict NodeNext tsconfig reports no errors on the four entries', async () => {
    const init = await sh(consumer, 'npx', ['tsc', '--init'], 60_000)
    expect(init.code, init.stdout + init.stderr).toBe(0)
    const config = fs.readFileSync(path.join(consumer, 'tsconfig.json'), 'utf8')
    expect(config).toMatch(/"module":\s*"nodenext"/i)
    expect(config).toMatch(/"strict":\s*true/)
    fs.writeFileSync(
      path.join(consumer, 'uses-harness.ts'),
      [
        "import { MockSessionServer, EmbeddedMinecraftServer, defineScenario, type ServerConfig } from 'mc-login-harness'",
        "import { test, expect } from 'mc-login-harness/vitest'",
        "import { MinecraftServerContainer, ensureLocalImage } from 'mc-login-harness/container'",
        "import { containerTest, type StartedMinecraftServerContainer } from 'mc-login-harness/vitest/container'",
        '',
        "const config: ServerConfig = { auth: 'cracked', version: '1.20.4', whitelist: ['Alice'], guard: { kind: 'authme', storeFile: 'g.json' }, properties: { serverPort: 25565 } }",
        "export const withOptions = containerTest.override({ mcVersion: '1.20.4', serverType: 'PAPER', plugins: ['x.jar'], containerEnv: { A: 'b' } })",
        'export const port = (server: StartedMinecraftServerContainer): number => server.getPort()',
        "export const scenario = defineScenario({ name: 'x', server: { auth: 'cracked' }, bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: { outcome: 'success' } }] })",
        'export const pieces = [MockSessionServer, EmbeddedMinecraftServer, MinecraftServerContainer, ensureLocalImage, test, expect, config, containerTest] as const',
        '',
      ].join('\n'),
    )
    const checked = await sh(consumer, 'npx', ['tsc', '--noEmit', '-p', '.'], 120_000)
    expect(checked.stdout + checked.stderr).toBe('')
    expect(checked.code).toBe(0)
  })

  test("the README's vitest example (docs/examples/vitest-login.int.test.ts) passes with vitest's defaults (5 s test timeout)", async () => {
    fs.mkdirSync(path.join(consumer, 'test'), { recursive: true })
    fs.copyFileSync(path.join(ROOT, 'docs/examples/vitest-login.int.test.ts'), path.join(consumer, 'test/login.test.ts'))
    const ran = await sh(consumer, 'npx', ['vitest', 'run'], 180_000)
    expect(ran.code, ran.stdout + ran.stderr).toBe(0)
    expect(ran.stdout).toMatch(/Tests\s+1 passed/)
  })

  test('npx mc-login-harness run with no scenarios/ folder falls back to the packaged built-in suite (from dist/)', async () => {
    expect(fs.existsSync(path.join(consumer, 'scenarios'))).toBe(false)
    const ran = await sh(
      consumer,
      'npx',
      ['mc-login-harness', 'run', '--grep', '^cracked: a cracked client joins$', '--reporter', 'json'],
      180_000,
    )
    expect(ran.code, ran.stdout + ran.stderr).toBe(0)
    expect(ran.stderr).toContain('running the built-in scenarios from node_modules/mc-login-harness/scenarios')
    const report = JSON.parse(ran.stdout.slice(ran.stdout.indexOf('{'))) as { results: Array<{ scenario: string; pass: boolean }> }
    expect(report.results.map((r) => [r.scenario, r.pass])).toEqual([['cracked: a cracked client joins', true]])
  })

  test('npx mc-login-harness run runs the consumer’s own TypeScript scenario file and the built-in ones', async () => {
    fs.mkdirSync(path.join(consumer, 'scenarios'), { recursive: true })
    fs.writeFileSync(
      path.join(consumer, 'scenarios/cracked.ts'),
      [
        "import { defineScenario } from 'mc-login-harness'",
        '',
        'export default defineScenario({',
        "  name: 'consumer: a cracked server lets anyone in',",
        "  server: { auth: 'cracked' },",
        "  bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: { outcome: 'success' } }],",
        '})',
        '',
      ].join('\n'),
    )
    const builtIn = 'node_modules/mc-login-harness/scenarios/cracked.ts'
    const ran = await sh(consumer, 'npx', ['mc-login-harness', 'run', 'scenarios', builtIn, '--reporter', 'json'], 180_000)
    expect(ran.code, ran.stdout + ran.stderr).toBe(0)
    const report = JSON.parse(ran.stdout.slice(ran.stdout.indexOf('{'))) as { results: Array<{ scenario: string; pass: boolean }> }
    expect(report.results.filter((r) => !r.pass)).toEqual([])
    expect(report.results.map((r) => r.scenario)).toContain('consumer: a cracked server lets anyone in')
    expect(report.results.filter((r) => r.scenario.startsWith('cracked:')).length).toBeGreaterThan(0)
  })

  test('a CommonJS project as `npm init -y` makes it loads its own TypeScript scenario file importing mc-login-harness', async () => {
    // npm's default package.json has no "type": its .ts files are CommonJS, so the scenario's
    // import becomes a require() of the package, which needs an exports condition besides "import".
    const cjs = path.join(work, 'cjs-consumer')
    fs.mkdirSync(path.join(cjs, 'scenarios'), { recursive: true })
    const init = await sh(cjs, 'npm', ['init', '-y'], 60_000)
    expect(init.code, init.stderr).toBe(0)
    expect(JSON.parse(fs.readFileSync(path.join(cjs, 'package.json'), 'utf8')).type ?? 'commonjs').toBe('commonjs')
    const installed = await sh(cjs, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], 300_000)
    expect(installed.code, installed.stderr).toBe(0)
    fs.writeFileSync(
      path.join(cjs, 'scenarios/nogriefers.ts'),
      [
        "import { defineScenario } from 'mc-login-harness'",
        '',
        'export default defineScenario({',
        "  name: 'nogriefers: a cracked client joins',",
        "  server: { auth: 'cracked' },",
        "  bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],",
        '})',
        '',
      ].join('\n'),
    )
    const ran = await sh(cjs, 'npx', ['mc-login-harness', 'run', 'scenarios', '--versions', '1.20.4', '--reporter', 'json'], 180_000)
    expect(ran.stderr).not.toMatch(/could not be loaded/)
    expect(ran.code, ran.stdout + ran.stderr).toBe(0)
    const report = JSON.parse(ran.stdout.slice(ran.stdout.indexOf('{'))) as { results: Array<{ scenario: string; pass: boolean }> }
    expect(report.results.map((r) => [r.scenario, r.pass])).toEqual([['nogriefers: a cracked client joins', true]])
  }, 600_000)

  test.skipIf(!docker.ok && !mustHaveDocker())(
    "the workflow template's container step: the plugin author's jar on a Paper stand-in, built-in cracked scenarios plus their own, and a plugin that cannot enable fails the run",
    async () => {
      if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
      // What the template sets (ci/github-actions/minecraft-login.yml), but the local stand-in image
      // instead of itzg (no registry here) and the author's jar as their build would leave it.
      const libs = path.join(consumer, 'build/libs')
      fs.mkdirSync(libs, { recursive: true })
      const jar = writePluginJar(libs, 'my-plugin-1.0.jar', 'name: MyPlugin\nversion: 1.0.0\nmain: com.example.Main\napi-version: "1.20"\n')
      const template = fs.readFileSync(path.join(ROOT, 'ci/github-actions/minecraft-login.yml'), 'utf8')
      expect(template).toContain('MC_LOGIN_HARNESS_SERVER_TYPE: PAPER')
      expect(template).toContain('MC_LOGIN_HARNESS_PLUGINS:')
      const stepEnv = {
        MC_LOGIN_HARNESS_IMAGE: 'local',
        MC_LOGIN_HARNESS_LOCAL_IMAGE: CONSUMER_IMAGE,
        MC_LOGIN_HARNESS_SERVER_TYPE: 'PAPER',
        MC_LOGIN_HARNESS_PLUGINS: jar,
      }
      const runArgs = (grep: string) => [
        'mc-login-harness',
        'run',
        '--builtin',
        'scenarios',
        '--grep',
        grep,
        '--backend',
        'container',
        '--versions',
        '1.20.4',
        '--concurrency',
        '2',
        '--reporter',
        'junit',
        '--out',
        'reports/junit.xml',
      ]
      const ran = await shWith(consumer, stepEnv, 'npx', runArgs('^(cracked|consumer):'), 600_000)
      expect(ran.code, ran.stdout + ran.stderr).toBe(0)
      const junit = fs.readFileSync(path.join(consumer, 'reports/junit.xml'), 'utf8')
      expect(junit).toMatch(/<testsuites name="mc-login-harness" tests="[1-9]\d*" failures="0" errors="0"/)
      expect(junit).toContain('consumer: a cracked server lets anyone in')
      expect(junit).toContain('cracked: a cracked client joins')

      // The same step with a jar whose plugin cannot enable (a missing dependency): the run fails
      // and the report carries the server's own words, though the server printed "Done".
      const broken = writePluginJar(libs, 'broken-1.0.jar', 'name: Broken\nversion: 1.0.0\nmain: com.example.Main\ndepend: [Vault]\n')
      const failed = await shWith(consumer, { ...stepEnv, MC_LOGIN_HARNESS_PLUGINS: broken }, 'npx', runArgs('^consumer:'), 600_000)
      expect(failed.code, failed.stdout + failed.stderr).toBe(1)
      expect(fs.readFileSync(path.join(consumer, 'reports/junit.xml'), 'utf8')).toMatch(/Broken/)
    },
    900_000,
  )

  test.skipIf(!docker.ok && !mustHaveDocker())(
    "the README's container example (docs/examples/container-login.docker.test.ts) passes from the packed entry (mc-login-harness/vitest/container) on the local stand-in",
    async () => {
      if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
      fs.mkdirSync(path.join(consumer, 'container-test'), { recursive: true })
      fs.copyFileSync(path.join(ROOT, 'docs/examples/container-login.docker.test.ts'), path.join(consumer, 'container-test/login.test.ts'))
      // The consumer's own image tag (built by the step above, or here from the installed package).
      const ran = await shWith(
        consumer,
        { MC_LOGIN_HARNESS_LOCAL_IMAGE: CONSUMER_IMAGE },
        'npx',
        ['vitest', 'run', 'container-test'],
        600_000,
      )
      expect(ran.code, ran.stdout + ran.stderr).toBe(0)
      expect(ran.stdout).toMatch(/Tests\s+1 passed/)
    },
    700_000,
  )

  test("the sharded workflow template end to end: two shard jobs' commands, then the merge job's, one JUnit and one HTML report", async () => {
    // Its steps as GitHub would run them (bash -eo pipefail), with the matrix filled in for two
    // shards; the embedded backend instead of Paper containers (no itzg image here).
    const workflow = parse(fs.readFileSync(path.join(ROOT, 'ci/github-actions/minecraft-login-sharded.yml'), 'utf8')) as {
      env: Record<string, string>
      jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>
    }
    const bash = (script: string) =>
      shWith(consumer, { ...workflow.env }, 'bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], 300_000)
    const shardStep = workflow.jobs.login!.steps.find((s) => s.run?.includes('npx --no-install mc-login-harness run'))!.run!
    expect(shardStep).toContain('--backend container')
    fs.rmSync(path.join(consumer, 'blob-report'), { recursive: true, force: true })
    const shards = await Promise.all(
      [1, 2].map((i) =>
        bash(
          shardStep
            .replace('--backend container', '--backend embedded')
            .replaceAll('${{ matrix.shard }}', String(i))
            .replaceAll('${{ strategy.job-total }}', '2'),
        ),
      ),
    )
    for (const shard of shards) expect(shard.code, shard.stdout + shard.stderr).toBe(0)
    // What download-artifact (merge-multiple) leaves: every shard's blob in one folder.
    fs.rmSync(path.join(consumer, 'all-blob-reports'), { recursive: true, force: true })
    fs.cpSync(path.join(consumer, 'blob-report'), path.join(consumer, 'all-blob-reports'), { recursive: true })
    expect(fs.readdirSync(path.join(consumer, 'all-blob-reports')).sort()).toEqual(['report-1.json', 'report-2.json'])

    const mergeStep = workflow.jobs.merge!.steps.find((s) => s.run?.includes('merge-reports'))!.run!
    const merged = await bash(mergeStep)
    expect(merged.code, merged.stdout + merged.stderr).toBe(0)
    expect(merged.stderr).toMatch(/shard 1\/2 .*\n.*shard 2\/2 /)
    const junit = fs.readFileSync(path.join(consumer, 'reports/junit.xml'), 'utf8')
    expect(junit).toMatch(/<testsuites name="mc-login-harness" tests="[1-9]\d+" failures="0"/)
    for (const name of [
      'cracked: a cracked client joins',
      'outage: hasJoined hangs until authlib gives up (5 s)',
      'guarded: register, then log in again',
    ])
      expect(junit).toContain(name)
    expect(fs.readFileSync(path.join(consumer, 'reports/report.html'), 'utf8')).toMatch(/^<!doctype html>/i)
  }, 600_000)
})
