import { describe, expect, it } from 'vitest'
import type { Backend } from '../backends/backend.ts'
import { ResourceScope } from '../resource-scope.ts'
import type { ServerConfig, StartedServer } from '../server/types.ts'
import type { AccountSpec, SessionServerControl } from '../session/types.ts'
import { harnessErrorReason, issueAccounts, IssuedAccounts, setUpMock, startLoginServers } from './pipeline.ts'

/** A mock that records what it was asked, in order, and starts nothing. */
function recordingMock(calls: string[]): SessionServerControl {
  const fail = () => Promise.reject(new Error('not used'))
  return {
    getUrl: () => 'http://127.0.0.1:1',
    getServerFacingUrl: () => 'http://server-facing:1',
    getAdminUrl: () => 'http://127.0.0.1:1/__harness',
    createAccount: async (spec: AccountSpec) => {
      calls.push(`account ${spec.name}`)
      return { name: spec.name, id: spec.id ?? `id-${spec.name}`, accessToken: `token-${spec.name}` }
    },
    createUser: fail,
    revoke: async (name: string) => void calls.push(`revoke ${name}`),
    use: async (fault) => (calls.push(`fault ${fault.route}`), 'f'),
    resetFaults: async () => {},
    reset: async () => {},
    journal: async () => [],
    clearJournal: async () => {},
    stop: async () => {},
    [Symbol.asyncDispose]: async () => {},
  }
}

describe('login pipeline', () => {
  it('sets up the mock in one order: accounts, revocations, faults', async () => {
    const calls: string[] = []
    const accounts = await setUpMock(recordingMock(calls), {
      accounts: [{ name: 'Alice' }, { name: 'Bob', id: '0123456789abcdef0123456789abcdef' }],
      revoke: ['Bob'],
      faults: [
        { route: 'hasJoined', mode: 'hang' },
        { route: '*', mode: 'status', status: 503 },
      ],
    })
    expect(calls).toEqual(['account Alice', 'account Bob', 'revoke Bob', 'fault hasJoined', 'fault *'])
    expect(accounts.get('bob')?.id).toBe('0123456789abcdef0123456789abcdef')
  })

  it('starts the mock, sets it up, then starts the server pointed at its server-facing URL, both in the given scope', async () => {
    const calls: string[] = []
    const mock = recordingMock(calls)
    const server = { stop: async () => {} } as unknown as StartedServer
    const scope = new ResourceScope({ name: 'test', parent: null })
    let config: ServerConfig | undefined
    const backend: Backend = {
      name: 'embedded',
      prepare: async () => {},
      startSessionServer: async (s) => (calls.push('session'), s.use(mock)),
      startServer: async (c, s) => (calls.push('server'), (config = c), s.use(server)),
      startProxy: () => Promise.reject(new Error('no proxy in this test')),
      leftoverAdvice: () => '',
    }
    const servers = await startLoginServers(
      backend,
      { accounts: [{ name: 'Alice' }] },
      (url) => ({ auth: 'premium', version: '1.20.4', sessionServer: url }),
      scope,
    )
    expect(calls).toEqual(['session', 'account Alice', 'server'])
    expect(config?.sessionServer).toBe('http://server-facing:1')
    expect(servers.server).toBe(server)
    await scope.dispose()
  })

  it('gives a premium bot its issued token and a cracked one none; a premium name never issued is a clear error', () => {
    const accounts = new IssuedAccounts()
    accounts.add({ name: 'Alice', id: 'a'.repeat(32), accessToken: 't' })
    expect(accounts.botAccount('premium', 'alice')).toEqual({ kind: 'premium', name: 'Alice', id: 'a'.repeat(32), accessToken: 't' })
    expect(accounts.botAccount('revoked', 'ALICE').kind).toBe('revoked')
    expect(accounts.botAccount('cracked', 'Steve')).toEqual({ kind: 'cracked', name: 'Steve' })
    expect(() => accounts.botAccount('premium', 'Bob')).toThrow('no account was issued for Bob')
  })

  it('issues accounts in batches, keeping their order', async () => {
    const calls: string[] = []
    const issued = await issueAccounts(
      recordingMock(calls),
      ['a', 'b', 'c'].map((name) => ({ name })),
      2,
    )
    expect(issued.map((a) => a.name)).toEqual(['a', 'b', 'c'])
  })

  it('names a harness failure the same way for every caller', () => {
    expect(harnessErrorReason(new Error('port in use'))).toBe('harness error: port in use')
  })
})
