import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { delimiter, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { http, yggdrasilClient } from './test-clients.ts'

const root = resolve(import.meta.dirname, '../..')
const bin = resolve(root, 'node_modules/.bin')
const children = new Set<ChildProcess>()

/** Runs the real command line as a user would; tsx's `env node` must find the project's Node 24. */
function cli(...args: string[]): ChildProcess {
  const child = spawn(resolve(bin, 'tsx'), ['harness/cli/main.ts', 'session-server', ...args], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

/** Resolves with the first `count` stdout lines, or rejects on exit or after the timeout. */
function firstLines(child: ChildProcess, count: number, timeoutMs = 30_000): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const lines: string[] = []
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => reject(new Error(`no ${count} lines within ${timeoutMs} ms; got ${JSON.stringify(lines)}; stderr: ${stderr}`)), timeoutMs)
    const reader = createInterface({ input: child.stdout! })
    reader.on('line', (line) => {
      lines.push(line)
      if (lines.length === count) {
        clearTimeout(timer)
        resolvePromise(lines)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code} after ${JSON.stringify(lines)}; stderr: ${stderr}`))
    })
  })
}

async function exitOf(child: ChildProcess, timeoutMs = 15_000): Promise<{ code: number | null; stderr: string }> {
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  if (child.exitCode === null && child.signalCode === null) {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    await once(child, 'exit')
    clearTimeout(timer)
  }
  return { code: child.exitCode, stderr }
}

afterEach(() => {
  for (const child of children) child.kill('SIGKILL')
})

describe('mc-login-harness session-server', () => {
  it('prints the session URL, the admin URL and the -D flags, serves, and stops on SIGTERM', async () => {
    const child = cli('--account', 'Alice:pw', '--account', 'Bob')
    const [session, admin, flags, alice] = await firstLines(child, 5)
    expect(session).toMatch(/^session http:\/\/127\.0\.0\.1:\d+$/)
    expect(admin).toMatch(/^admin http:\/\/127\.0\.0\.1:\d+$/)
    const url = session!.split(' ')[1]!
    const adminUrl = admin!.split(' ')[1]!
    for (const api of ['auth', 'account', 'session', 'services', 'profiles']) expect(flags).toContain(`-Dminecraft.api.${api}.host=${url}`)
    expect(flags).toContain('-Dminecraft.api.env=custom')
    expect(flags).toContain(`-Dmojang.sessionserver=${url}/session/minecraft/hasJoined`)
    expect(alice).toMatch(/^account Alice [0-9a-f]{32} \w+$/)

    await expect(yggdrasilClient(url).auth({ user: 'Alice', pass: 'pw' })).resolves.toMatchObject({ selectedProfile: { name: 'Alice' } })
    expect((await http('POST', `${adminUrl}/__harness/accounts`, { body: { name: 'Carol' } })).status).toBe(201)
    expect((await http('POST', `${adminUrl}/__harness/faults`, { body: { route: '*', mode: 'down' } })).status).toBe(201)
    await expect(http('GET', `${url}/publickeys`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect((await http('DELETE', `${adminUrl}/__harness/faults`)).status).toBe(204)
    expect((await http('GET', `${url}/users/profiles/minecraft/Carol`)).status).toBe(200)
    const journal = (await http('GET', `${adminUrl}/__harness/journal`)).json() as { route: string }[]
    expect(journal.map((e) => e.route)).toEqual(['authenticate', 'profileByName'])

    child.kill('SIGTERM')
    const { code } = await exitOf(child)
    expect(code).toBe(143)
    await expect(http('GET', `${url}/publickeys`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  it('exits 2 with a message saying what to fix for a bad flag or a port in use', async () => {
    const bad = await exitOf(cli('--port', 'abc'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--port must be a port number 0-65535/)

    const first = cli()
    const [session] = await firstLines(first, 1)
    const port = session!.split(':').at(-1)!
    const clash = await exitOf(cli('--port', port))
    expect(clash.code).toBe(2)
    expect(clash.stderr).toMatch(/cannot listen.*EADDRINUSE/)
    first.kill('SIGTERM')
    expect((await exitOf(first)).code).toBe(143)
  })
})
