import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path, { delimiter, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { MockSessionServer } from '../session/index.ts'
import { attempt } from './test-clients.ts'

const root = resolve(import.meta.dirname, '../..')
const bin = resolve(root, 'node_modules/.bin')
const children = new Set<ChildProcess>()

/** The real command line as a user runs it (tsx's `env node` must find the project's Node 24). */
function cli(...args: string[]): ChildProcess {
  const child = spawn(resolve(bin, 'tsx'), ['harness/cli/main.ts', 'server', ...args], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

function output(child: ChildProcess) {
  const lines: string[] = []
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const waiters: Array<{ re: RegExp; resolve: (m: RegExpMatchArray) => void }> = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line)
    for (const w of [...waiters]) {
      const m = line.match(w.re)
      if (m) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
    }
  })
  return {
    lines,
    stderr: () => stderr,
    waitFor(re: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
      for (const line of lines) {
        const m = line.match(re)
        if (m) return Promise.resolve(m)
      }
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no line matching ${re} within ${timeoutMs} ms; got ${JSON.stringify(lines)}; stderr: ${stderr}`)), timeoutMs)
        child.once('exit', (code) => rej(new Error(`exited with ${code} before ${re}; lines ${JSON.stringify(lines)}; stderr: ${stderr}`)))
        waiters.push({ re, resolve: (m) => { clearTimeout(timer); res(m) } })
      })
    },
  }
}

async function exitCode(child: ChildProcess, timeoutMs = 10_000): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    await once(child, 'exit')
    clearTimeout(timer)
  }
  return child.exitCode
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const probe = net.createServer()
    probe.once('error', () => res(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => res(true)))
  })
}

afterEach(() => {
  for (const child of children) child.kill('SIGKILL')
})

describe('mc-login-harness server', () => {
  it('premium against a mock: prints where it listens, joins and kicks as vanilla, stops on SIGINT', async () => {
    const mock = await new MockSessionServer().start()
    try {
      const child = cli('--auth', 'premium', '--version', '1.20.4', '--session-server', mock.getUrl())
      const out = output(child)
      const [, port] = await out.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/)
      const account = await mock.createAccount({ name: 'CliPremium' })
      const joined = await attempt({
        port: Number(port),
        version: '1.20.4',
        username: account.name,
        premium: { sessionServer: mock.getUrl(), accessToken: account.accessToken, id: account.id },
      })
      expect(joined.kind).toBe('joined')
      const offline = await attempt({ port: Number(port), version: '1.20.4', username: 'CliOffline' })
      expect(offline).toMatchObject({ kind: 'kicked', reason: { translate: 'multiplayer.disconnect.unverified_username' } })
      await out.waitFor(/^kick CliOffline \(login\): "Failed to verify username!"$/)
      child.kill('SIGINT')
      expect(await exitCode(child)).toBe(130)
      expect(await portIsFree(Number(port))).toBe(true)
    } finally {
      await mock.stop()
    }
  })

  it('takes login settings from a server.properties, explicit flags winning, and rejects bad values', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-cli-'))
    try {
      const good = path.join(dir, 'server.properties')
      await writeFile(good, 'online-mode=true\nwhite-list=true\nserver-port=0\nmystery=1\n')
      const child = cli('--properties', good, '--auth', 'cracked', '--whitelist', 'Friend', '--version', '1.8.8')
      const out = output(child)
      const [, port] = await out.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/)
      expect(out.stderr()).toContain('unknown key "mystery" ignored')
      expect(out.stderr()).toContain('--auth cracked overrides online-mode=true')
      expect((await attempt({ port: Number(port), version: '1.8.8', username: 'Friend' })).kind).toBe('joined')
      expect(await attempt({ port: Number(port), version: '1.8.8', username: 'Other' })).toMatchObject({
        kind: 'kicked',
        reason: { text: 'You are not white-listed on this server!' },
      })
      child.kill('SIGTERM')
      expect(await exitCode(child)).toBe(143)

      const bad = path.join(dir, 'bad.properties')
      await writeFile(bad, 'max-players=-3\n')
      const failing = cli('--properties', bad)
      const failed = output(failing)
      expect(await exitCode(failing)).toBe(2)
      expect(failed.stderr()).toContain(`${bad}:1: max-players=-3 is not allowed`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
