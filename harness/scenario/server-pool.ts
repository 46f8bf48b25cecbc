/**
 * Server reuse across a run's cases (`run --reuse`): a case whose server config is the same as an
 * earlier case's (version, auth, properties, lists, container block) gets that case's server and
 * mock session server, once the earlier case is done with them, instead of starting new ones. A
 * real Paper server takes 20-60 s to start, so in a plugin author's CI this is most of the run.
 *
 * A pair (mock + server) serves one case at a time. A case that finds no idle pair of its config
 * starts one, up to `serversPerConfig` (default 1), else waits for one to come back; the runner
 * picks cases so that a free worker rarely waits (runner.ts nextCasePicker). Between cases the
 * pair is brought back to as started:
 *   - the server: every player gone (status ping reads 0 online), since a bot still connected
 *     would count against max-players or be "logged in from another location" in the next case;
 *   - the mock: reset() (faults, accounts, tokens, joins, journal, rate limiter).
 * What cannot be reset is never shared (`unshareableReason`): a password guard keeps its
 * registrations, operators can change the server, and a plugin keeps whatever it keeps unless its
 * author declares it stateless (the backend decides: `Backend.unshareableReason`).
 * A case that ended in a harness error, or a pair that would not drain or reset, is stopped, not
 * kept. Every pair lives in the pool's scope, so the run's end and Ctrl-C stop them.
 */
import { createRequire } from 'node:module'
import type { ResourceScope } from '../resource-scope.ts'
import type { ServerConfig, StartedServer } from '../server/types.ts'
import type { SessionServerControl } from '../session/types.ts'
import type { Backend } from '../backends/backend.ts'

const require = createRequire(import.meta.url)
// The ping alone: the package's index would also load its client's Microsoft sign-in and its server.
const ping: (options: Record<string, unknown>) => Promise<unknown> = require('minecraft-protocol/src/ping.js')

export interface CaseServers {
  session: SessionServerControl
  server: StartedServer
}

export interface ServerLease extends CaseServers {
  /** True when the pair served an earlier case. */
  reused: boolean
  /** The case is done with the pair. `healthy` false (a harness error) stops it instead of keeping it. Never throws (a failed stop goes to the run's owner). */
  release(healthy: boolean): Promise<void>
}

export interface ReuseStats {
  /** Cases that leased a pair. */
  cases: number
  /** Pairs started. */
  started: number
  /** Pairs stopped before the run's end because they would not drain or reset, or their case failed to run. */
  retired: number
  /** Cases that could not share, by reason. */
  unshareable: Map<string, number>
}

interface Pair extends CaseServers {
  key: string
  scope: ResourceScope
}

export interface ServerPoolOptions {
  /** How long a released server may take to show 0 players online (default 10 s). */
  drainTimeoutMs?: number
  /**
   * Pairs of one config at most (default 1): a case whose config has that many busy waits for one
   * rather than start another. 1 suits real servers (a Paper start is worth several scenarios);
   * more suits fast-starting ones and runs with many scenarios of one config.
   */
  serversPerConfig?: number
}

const DEFAULT_DRAIN_TIMEOUT_MS = 10_000
/** Between status pings while players are still online: the server notices a closed socket within a tick or two. */
const DRAIN_POLL_MS = 100

/**
 * Why a server of this config must not serve two cases, whatever the backend (state the harness
 * cannot reset); undefined when it may.
 */
export function unshareableReason(config: ServerConfig, backend: Backend): string | undefined {
  if (config.guard) return 'a password guard keeps its registrations'
  if (config.lists?.ops?.length) return 'operators can change the server'
  // Paper's throttle remembers the addresses that logged in; nothing resets it between cases.
  if ((config.connectionThrottleMs ?? 0) > 0) return 'the connection throttle remembers addresses'
  return backend.unshareableReason?.(config)
}

/**
 * The config as a canonical string: two cases share a pair only when every field but the mock's
 * URL (which is the pair's own) is the same.
 */
export function shareKey(config: ServerConfig): string {
  const { sessionServer: _thePairsOwn, ...rest } = config
  return canonicalJson(rest)
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value instanceof RegExp) return JSON.stringify(String(value))
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** A config's pairs: the idle ones, how many exist, and the cases waiting for one. */
interface Slot {
  idle: Pair[]
  total: number
  /** Each gets a pair handed over, or `undefined`: a pair was stopped, start one. */
  waiters: ((pair: Pair | undefined) => void)[]
}

/** How soon a case could start with its pair: 0 one is idle, 1 one would start, 2 it would wait for a busy one. */
export type Readiness = 0 | 1 | 2

export class ServerPool {
  private readonly slots = new Map<string, Slot>()
  private readonly stats: ReuseStats = { cases: 0, started: 0, retired: 0, unshareable: new Map() }
  private readonly drainTimeoutMs: number
  private readonly serversPerConfig: number

  /** `scope`: the pool's own (under the run's); every pair is a child of it. */
  constructor(
    private readonly backend: Backend,
    private readonly scope: ResourceScope,
    options: ServerPoolOptions = {},
  ) {
    this.drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS
    this.serversPerConfig = Math.max(1, options.serversPerConfig ?? 1)
  }

  /** Counts a case that ran on servers of its own, by why. */
  noteUnshareable(reason: string): void {
    this.stats.unshareable.set(reason, (this.stats.unshareable.get(reason) ?? 0) + 1)
  }

  /** For the runner's choice of the next case: one whose pair is idle first, one that would wait last. */
  readiness(key: string): Readiness {
    const slot = this.slots.get(key)
    if (!slot || slot.idle.length > 0) return slot ? 0 : 1
    return slot.total < this.serversPerConfig ? 1 : 2
  }

  /**
   * An idle pair of this config, else a new one (the mock first, then the server pointed at it:
   * `config(url)` gives the server config for a mock's server-facing URL), else, with
   * `serversPerConfig` pairs of it busy, the first of them to come back.
   */
  async acquire(config: (sessionServerUrl: string) => ServerConfig): Promise<ServerLease> {
    this.stats.cases++
    // The key does not depend on the URL; any placeholder gives the same one.
    const key = shareKey(config(''))
    const slot = this.slotOf(key)
    let pair = slot.idle.pop()
    if (!pair && slot.total >= this.serversPerConfig) pair = await this.waitFor(slot)
    if (pair) return this.lease(pair, true)
    slot.total++
    const scope = this.scope.child({ concurrent: true, name: `shared servers #${this.stats.started + 1}` })
    try {
      const session = await this.backend.startSessionServer(scope)
      const server = await this.backend.startServer(config(session.getServerFacingUrl()), scope)
      this.stats.started++
      return this.lease({ key, scope, session, server }, false)
    } catch (error) {
      this.free(slot)
      // The start's error is the case's; a stop that failed too goes to the run's owner.
      await scope.disposeHandingUp()
      throw error
    }
  }

  /** What reuse did in this run, for the run's summary. */
  summary(): ReuseStats {
    return { ...this.stats, unshareable: new Map(this.stats.unshareable) }
  }

  private slotOf(key: string): Slot {
    let slot = this.slots.get(key)
    if (!slot) this.slots.set(key, (slot = { idle: [], total: 0, waiters: [] }))
    return slot
  }

  /** A busy pair's return (or leave to start one, when a pair is stopped); Ctrl-C ends the wait. */
  private waitFor(slot: Slot): Promise<Pair | undefined> {
    const signal = this.scope.signal
    return new Promise((resolve, reject) => {
      const abort = () => {
        slot.waiters = slot.waiters.filter((w) => w !== take)
        reject(new Error('the run is stopping: no shared server was handed over'))
      }
      const take = (pair: Pair | undefined) => {
        signal.removeEventListener('abort', abort)
        resolve(pair)
      }
      if (signal.aborted) return abort()
      signal.addEventListener('abort', abort, { once: true })
      slot.waiters.push(take)
    })
  }

  /** A pair of `slot` is gone: a waiting case may start one in its place. */
  private free(slot: Slot): void {
    slot.total--
    slot.waiters.shift()?.(undefined)
  }

  private lease(pair: Pair, reused: boolean): ServerLease {
    let released = false
    const slot = this.slotOf(pair.key)
    return {
      session: pair.session,
      server: pair.server,
      reused,
      release: async (healthy) => {
        if (released) return
        released = true
        if (healthy && !this.scope.disposed) {
          try {
            await drain(pair.server, this.drainTimeoutMs)
            await pair.session.reset()
            if (!this.scope.disposed) {
              const waiter = slot.waiters.shift()
              if (waiter) waiter(pair)
              else slot.idle.push(pair)
              return
            }
          } catch {
            // Not clean: a new pair is cheaper than a case that inherits the last one's state.
          }
        }
        this.stats.retired++
        this.free(slot)
        // Never throws: a pair that would not stop is reported by the run's owner, not the case.
        await pair.scope.disposeHandingUp()
      },
    }
  }
}

/**
 * Waits until the server's status shows nobody online. A status ping is the one view every
 * server gives (the embedded one, the local image, a real Paper in itzg), so a poll it is.
 */
async function drain(server: StartedServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let online = -1
  for (;;) {
    const left = deadline - Date.now()
    if (left <= 0) throw new Error(`${online} player(s) still online after ${timeoutMs} ms`)
    const status = (await ping({
      host: server.getHost(),
      port: server.getPort(),
      version: server.getVersion(),
      closeTimeout: Math.max(500, left),
      noPongTimeout: 500,
    })) as { players?: { online?: number } }
    online = status.players?.online ?? 0
    if (online === 0) return
    await new Promise((resolve) => setTimeout(resolve, Math.min(DRAIN_POLL_MS, left)))
  }
}
