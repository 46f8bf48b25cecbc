import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'

interface Row {
  scenario: string
  bot: string
  version: string
  outcome: string
  message: string
  pass: boolean
}

async function run(args: string[]): Promise<{ code: number | null; rows: Row[]; output: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mclh-authme-'))
  try {
    const out = path.join(dir, 'report.json')
    const result = await runCli([...args, '--reporter', 'json', '--out', out], { timeoutMs: 180_000 })
    const rows = (JSON.parse(await readFile(out, 'utf8')) as { results: Row[] }).results
    return { code: result.code, rows, output: result.stdout + result.stderr }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe('built-in AuthMe scenarios on the embedded server', () => {
  it("pass on the oldest, a middle and the newest version, with AuthMe's words", async () => {
    const { code, rows, output } = await run(['run', 'scenarios/authme.ts', '--versions', '1.8.8,1.20.4,latest'])
    expect(code, output).toBe(0)
    expect(rows.length).toBe(8 * 3)
    expect(rows.every((r) => r.pass)).toBe(true)
    const antiBot = rows.filter((r) => r.bot.startsWith('Burst4') || r.bot.startsWith('Burst5'))
    expect(new Set(antiBot.map((r) => r.message))).toEqual(
      new Set(['AntiBot protection mode is enabled! You have to wait some minutes before joining the server.']),
    )
    expect(rows.filter((r) => r.bot === 'Steve again').map((r) => r.message)).toEqual(
      Array(3).fill('The same username is already playing on the server!'),
    )
  }, 240_000)

  it('fail where the server does not do what AuthMe does (a vanilla cracked server, AntiBot off)', async () => {
    // Inside the project, where `mc-login-harness` resolves for the scenario file.
    await mkdir(path.join(process.cwd(), '.harness-tmp'), { recursive: true })
    const dir = await mkdtemp(path.join(process.cwd(), '.harness-tmp', 'authme-'))
    try {
      const source = await readFile('scenarios/authme.ts', 'utf8')
      const file = path.join(dir, 'vanilla.ts')
      // The same scenarios on a server without AuthMe's rules: vanilla lets the burst in and
      // kicks the player already online instead of the newcomer.
      await writeFile(file, source.replace(/server: \{ auth: 'guarded'[^\n]*\}( \})?,\n/g, "server: { auth: 'cracked' },\n"))
      const { code, rows } = await run(['run', file, '--versions', '1.20.4'])
      expect(code).toBe(1)
      expect(rows.find((r) => r.bot.startsWith('Burst4'))).toMatchObject({ outcome: 'success', pass: false })
      expect(rows.find((r) => r.bot === 'Steve again')).toMatchObject({ outcome: 'success', pass: false })
      expect(rows.find((r) => r.bot === 'Steve stays online')).toMatchObject({ pass: true })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 240_000)
})
