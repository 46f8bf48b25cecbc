/**
 * Load check for the mock session server: N hasJoined requests (default 1000), C at a time
 * (default 50), half of them for a joined player (200) and half not (204), over keep-alive
 * loopback connections. Exits 1 on any error or wrong status.
 *
 *   node_modules/.bin/tsx bench/session-hasjoined.ts [count] [concurrency]
 * Runs once over keep-alive connections and once with a fresh connection per request.
 */
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { MockSessionServer } from '../harness/session/index.ts'

export interface LoadResult {
  count: number
  concurrency: number
  errors: number
  ms: number
  perSecond: number
  p50: number
  p95: number
}

function get(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')))
    req.on('error', reject)
    req.end()
  })
}

/** `keepAlive: false` opens a connection per request, as authlib and the yggdrasil package do. */
export async function hasJoinedLoad(count = 1000, concurrency = 50, keepAlive = true): Promise<LoadResult> {
  const mock = await new MockSessionServer().withAccount({ name: 'Alice' }).start()
  const agent = new Agent({ keepAlive, maxSockets: concurrency })
  try {
    const alice = mock.getAccount('Alice')!
    const join = await fetch(`${mock.getUrl()}/session/minecraft/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: alice.accessToken, selectedProfile: alice.id, serverId: 'bench' }),
    })
    if (join.status !== 204) throw new Error(`join answered ${join.status}`)
    const latencies: number[] = []
    let errors = 0
    let next = 0
    const worker = async () => {
      while (next < count) {
        const i = next++
        const joined = i % 2 === 0
        const t0 = performance.now()
        try {
          const status = await get(
            agent,
            `${mock.getUrl()}/session/minecraft/hasJoined?username=${joined ? 'Alice' : 'Bob'}&serverId=bench&ip=127.0.0.1`,
          )
          if (status !== (joined ? 200 : 204)) errors++
        } catch {
          errors++
        }
        latencies.push(performance.now() - t0)
      }
    }
    const started = performance.now()
    await Promise.all(Array.from({ length: concurrency }, worker))
    const ms = performance.now() - started
    latencies.sort((a, b) => a - b)
    return {
      count,
      concurrency,
      errors,
      ms: Math.round(ms),
      perSecond: Math.round((count / ms) * 1000),
      p50: Number(latencies[Math.floor(count * 0.5)]!.toFixed(2)),
      p95: Number(latencies[Math.floor(count * 0.95)]!.toFixed(2)),
    }
  } finally {
    agent.destroy()
    await mock.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count, concurrency] = process.argv.slice(2).map(Number)
  let failed = false
  for (const keepAlive of [true, false]) {
    const result = await hasJoinedLoad(count || 1000, concurrency || 50, keepAlive)
    console.log(JSON.stringify({ keepAlive, ...result }))
    failed ||= result.errors > 0
  }
  process.exitCode = failed ? 1 : 0
}
