import { createProtocolClient, type RawClient } from '../bot/protocol-client.ts'
import type { BotAccount } from '../bot/types.ts'
import { type ResourceScope, rootScope } from '../resource-scope.ts'
import type { Backend } from '../backends/backend.ts'
import { attemptFields, attemptOn, harnessErrorReason, loginScope, startLoginServers, type LoginBot } from '../login-pipeline/pipeline.ts'
import type { ProfileEntry, StartedServer } from '../server/types.ts'
import { toUndashedUuid } from '../uuid.ts'
import type { ProbePlan } from './probes.ts'
import type { ProbeResult } from './types.ts'

/** How long the crowd of the server-full probe gets to be online. */
const CROWD_JOIN_MS = 20_000

/** What the whitelist-removed probe needs of a server: the embedded server's reload. */
interface ReloadableServer extends StartedServer {
  events: {
    once(event: 'join', listener: (player: { name: string }) => void): unknown
    off(event: 'join', listener: (player: { name: string }) => void): unknown
  }
  reloadWhitelist(entries: ProfileEntry[]): string[]
}

function reloadable(server: StartedServer): server is ReloadableServer {
  return typeof (server as Partial<ReloadableServer>).reloadWhitelist === 'function'
}

/** A server that says who joined with which UUID (the embedded server's join event). */
interface JoinReporting {
  events: {
    on(event: 'join', listener: (player: { name: string; uuid: string }) => void): unknown
    off(event: 'join', listener: (player: { name: string; uuid: string }) => void): unknown
  }
}

/**
 * Watches for `name` joining `server` (the embedded server's join event): `uuid()` is the UUID the
 * server gave them (what its whitelist, bans and plugins see behind a proxy). A bot's login
 * succeeds only after the server let it in, so reading it after a successful attempt needs no
 * wait. Undefined where the server does not report joins (a container).
 */
function watchJoin(server: StartedServer, name: string): { uuid(): string | undefined } | undefined {
  const events = (server as Partial<JoinReporting>).events
  if (typeof events?.on !== 'function') return undefined
  let seen: string | undefined
  const onJoin = (player: { name: string; uuid: string }) => {
    if (player.name !== name) return
    seen = player.uuid
    events.off('join', onJoin)
  }
  events.on('join', onJoin)
  return {
    uuid: () => {
      events.off('join', onJoin)
      return seen
    },
  }
}

/**
 * One probe: a fresh mock session server with the probe's accounts (with the UUIDs the host's
 * files list), a fresh game server from the host's files, then the probe's player; everything
 * started is stopped whatever happens (the probe's own scope, under `parent`, owns it). Probes
 * only observe: the row is what the player saw.
 */
export async function runProbe(
  plan: ProbePlan,
  version: string,
  backend: Backend,
  parent: ResourceScope = rootScope,
): Promise<ProbeResult> {
  const base = { probe: plan.probe, label: plan.label, who: plan.who, note: plan.note }
  const scope = loginScope(parent, `probe ${plan.probe}`)
  const crowd: RawClient[] = []
  try {
    const setup = { accounts: plan.accounts, revoke: plan.revoke, faults: plan.faults }
    const servers = await startLoginServers(backend, setup, (url) => ({ ...plan.server, version, sessionServer: url }), scope)
    const { server, session } = servers
    let target: LoginBot['target']
    let joined: ReturnType<typeof watchJoin>
    if (plan.bot.via === 'proxy') {
      if (!plan.proxy) throw new Error(`probe ${plan.probe}: the bot goes through a proxy, but the plan has none`)
      const { serverName, ...proxy } = plan.proxy
      target = await backend.startProxy({ ...proxy, version, backends: [{ name: serverName, server }], session: servers.session }, scope)
      joined = watchJoin(server, plan.bot.name)
    }
    if (plan.crowd) {
      const { kind, prefix, count } = plan.crowd
      const joins = Array.from({ length: count }, (_, i) =>
        joinAndStay(target ?? server, version, servers.accounts.botAccount(kind, `${prefix}${i + 1}`), session.getUrl()),
      )
      // Every client is kept (also of a failed join) so the finally below closes them all.
      const settled = await Promise.allSettled(joins.map((j) => j.then((c) => (crowd.push(c), c))))
      const failed = settled.find((s) => s.status === 'rejected')
      if (failed) throw (failed as PromiseRejectedResult).reason
    }
    let removal: (() => void) | undefined
    if (plan.removeFromWhitelist) {
      if (!reloadable(server)) throw new Error(`the ${backend.name} backend cannot reload a whitelist while the server runs`)
      const removed = plan.removeFromWhitelist
      const rest = (plan.server.lists?.whitelist ?? []).filter((e) => toUndashedUuid(e.uuid) !== toUndashedUuid(removed.uuid))
      const onJoin = () => server.reloadWhitelist(rest)
      server.events.once('join', onJoin)
      removal = () => server.events.off('join', onJoin)
    }
    const attempt = await attemptOn(servers, version, { ...plan.bot, target, platform: server.getPlatform() })
    removal?.()
    const uuid = joined?.uuid()
    return { ...base, ...attemptFields(attempt), ...(attempt.outcome === 'success' && uuid ? { backendUuid: uuid } : {}) }
  } catch (error) {
    return { ...base, outcome: 'error', key: null, message: harnessErrorReason(error), ms: 0 }
  } finally {
    // end() only half-closes; the socket must go, or it keeps the process alive for its keepalive.
    for (const client of crowd) {
      client.end('probe over')
      client.socket?.destroy()
    }
    // A stop that fails changes nothing the player saw: it is handed up to the check's scope,
    // whose owner reports what was left running.
    await scope.disposeHandingUp()
  }
}

type LoginTarget = Pick<StartedServer, 'getHost' | 'getPort'>

/** A bare client that logs in and stays until ended: one of the players already online. */
function joinAndStay(server: LoginTarget, version: string, who: BotAccount, sessionServer: string): Promise<RawClient> {
  const client = createProtocolClient({ host: server.getHost(), port: server.getPort(), version, account: who, sessionServer })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not get in within ${CROWD_JOIN_MS} ms`), CROWD_JOIN_MS)
    const fail = (why: string) => {
      clearTimeout(timer)
      client.end('probe')
      client.socket?.destroy()
      reject(new Error(`the server-full probe's player ${who.name} ${why}`))
    }
    const onEnd = (reason: string) => fail(`was disconnected before joining (${reason})`)
    client.once('login', () => {
      clearTimeout(timer)
      client.removeListener('end', onEnd)
      resolve(client)
    })
    client.once('end', onEnd)
    client.on('error', () => {})
  })
}
