/**
 * One stock storm in a fresh process (spawned by bench/main.ts), so its memory and GC figures
 * are its own and not the leftovers of the suite runs before it. Prints the result as JSON.
 *   tsx bench/raw-storm.ts '{"mode":"offline","n":200,"version":"1.20.4","timeBoundMs":75000}'
 */
import { MockSessionServer } from '../harness/session/mock-session-server.ts'
import { rawLogin, rawStorm, startRawServer, type RawAccount, type RawOptions } from './raw.ts'

const {
  mode,
  n,
  version,
  timeBoundMs,
  concurrency = 50,
} = JSON.parse(process.argv[2] ?? '{}') as {
  mode: 'offline' | 'premium'
  n: number
  version: string
  timeBoundMs: number
  concurrency?: number
}

const mock = mode === 'premium' ? await new MockSessionServer().start() : undefined
try {
  const options: RawOptions = { version, online: mode === 'premium', sessionUrl: mock?.getUrl() }
  const issue = async (name: string): Promise<RawAccount> => {
    if (!mock) return { name }
    const a = await mock.createAccount({ name })
    return { name: a.name, id: a.id, accessToken: a.accessToken }
  }
  const accounts: RawAccount[] = []
  for (let i = 0; i < n; i++) accounts.push(await issue(`Raw${i}`))
  const server = await startRawServer(options)
  try {
    // One login first, as the harness storm warms its codecs: start-up is not storm throughput.
    await rawLogin(server.port, await issue('RawWarmup'), options)
    const result = await rawStorm(server.port, accounts, options, concurrency, timeBoundMs)
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    await server.stop()
  }
} finally {
  await mock?.stop()
}
