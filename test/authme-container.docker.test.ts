/**
 * AuthMe's rules on the local stand-in image (`run --backend container`): the built-in AuthMe
 * scenarios, and maxRegPerIp, which only a container shows: bots reach it from the Docker
 * gateway, one address that AuthMe does not exempt (it exempts only loopback, where the embedded
 * server's bots come from). Under CI=true a missing Docker fails this test.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mustHaveDocker, probeDocker } from '../harness/server/container/docker-probe.ts'
import { runCli } from './support/cli.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[AuthMe container tests skipped] ${docker.reason}`)

interface Row {
  bot: string
  outcome: string
  message: string
  pass: boolean
  reason?: string
}

async function run(args: string[]): Promise<{ code: number | null; rows: Row[]; stderr: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mclh-authme-'))
  try {
    const out = path.join(dir, 'report.json')
    const result = await runCli([...args, '--backend', 'container', '--reporter', 'json', '--out', out], { timeoutMs: 300_000 })
    return { code: result.code, rows: (JSON.parse(await readFile(out, 'utf8')) as { results: Row[] }).results, stderr: result.stderr }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe.skipIf(skip)('AuthMe on the stand-in image', () => {
  it("the built-in AuthMe scenarios pass with AuthMe's words", async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const { code, rows, stderr } = await run(['run', 'scenarios/authme.ts', '--versions', '1.20.4'])
    expect(
      rows.filter((r) => !r.pass),
      stderr.slice(-2000),
    ).toEqual([])
    expect(code).toBe(0)
    expect(rows.find((r) => r.bot.startsWith('Burst4'))!.message).toBe(
      'AntiBot protection mode is enabled! You have to wait some minutes before joining the server.',
    )
    expect(rows.find((r) => r.bot === 'Steve again')!.message).toBe('The same username is already playing on the server!')
  }, 360_000)

  it("maxRegPerIp: 1 refuses the second registration from the gateway's address; the harness's default (0) does not", async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-authme-'))
    try {
      const registers = (name: string, answer: string) => ({
        account: { kind: 'cracked', name },
        steps: [
          { do: 'waitForChat', pattern: '/register' },
          { do: 'chat', text: '/register hunter22 hunter22' },
          { do: 'waitForChat', pattern: answer },
        ],
        expect: 'success',
      })
      const scenarios = [
        {
          name: 'maxRegPerIp 1',
          server: { auth: 'guarded', guard: { kind: 'authme', maxRegPerIp: 1 } },
          bots: [
            registers('First', 'Successfully registered'),
            registers('Second', 'exceeded the maximum number of registrations \\(1/1 first\\) for your connection'),
          ],
        },
        {
          name: 'harness default',
          server: { auth: 'guarded' },
          bots: [registers('First', 'Successfully registered'), registers('Second', 'Successfully registered')],
        },
      ]
      const file = path.join(dir, 'per-ip.mjs')
      await writeFile(file, `export default ${JSON.stringify(scenarios)}\n`)
      const { code, rows, stderr } = await run(['run', file, '--versions', '1.20.4'])
      expect(
        rows.filter((r) => !r.pass),
        stderr.slice(-2000),
      ).toEqual([])
      expect(rows).toHaveLength(4)
      expect(code).toBe(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 360_000)
})
