import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MockSessionServer } from '../session/index.ts'
import { killAllCli, spawnCli } from '../../test/support/cli.ts'
import { attempt } from './test-clients.ts'

function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const probe = net.createServer()
    probe.once('error', () => res(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => res(true)))
  })
}

afterEach(killAllCli)

describe('mc-login-harness server', () => {
  it('premium against a mock: prints where it listens, joins and kicks as vanilla, stops on SIGINT', async () => {
    await using mock = await new MockSessionServer().start()
    const out = spawnCli(['server', '--auth', 'premium', '--version', '1.20.4', '--session-server', mock.getUrl()])
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
    out.child.kill('SIGINT')
    expect(await out.exit()).toBe(130)
    expect(await portIsFree(Number(port))).toBe(true)
  })

  it('takes login settings from a server.properties, explicit flags winning', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mclh-cli-'))
    try {
      const good = path.join(dir, 'server.properties')
      await writeFile(good, 'online-mode=true\nwhite-list=true\nserver-port=0\nmystery=1\n')
      const out = spawnCli(['server', '--properties', good, '--auth', 'cracked', '--whitelist', 'Friend', '--version', '1.8.8'])
      const [, port] = await out.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/)
      expect(out.stderr()).toContain('unknown key "mystery" ignored')
      expect(out.stderr()).toContain('--auth cracked overrides online-mode=true')
      expect((await attempt({ port: Number(port), version: '1.8.8', username: 'Friend' })).kind).toBe('joined')
      expect(await attempt({ port: Number(port), version: '1.8.8', username: 'Other' })).toMatchObject({
        kind: 'kicked',
        reason: { text: 'You are not white-listed on this server!' },
      })
      out.child.kill('SIGTERM')
      expect(await out.exit()).toBe(143)
      // A bad value (exit 2) is refused before anything starts: test/cli-flags.test.ts.
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
