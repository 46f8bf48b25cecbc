import { type ResourceScope, rootScope } from '../resource-scope.ts'
import type { ServerConfig, StartedServer } from '../server/types.ts'
import {
  attemptFields,
  attemptOn,
  certificateModeFor,
  harnessErrorReason,
  loginScope,
  setUpMock,
  startLoginServers,
  type LoginServers,
  type MockSetup,
} from '../login-pipeline/pipeline.ts'
import type { ReportRow } from '../report/types.ts'
import type { Backend } from '../backends/backend.ts'
import type { LoginAttemptOptions } from '../bot/types.ts'
import { HarnessInputError } from '../errors.ts'
import { judge } from './expectation.ts'
import { routeBot, startProxyTopology, type ProxyTopology } from '../proxy/topology.ts'
import { TEST_CONNECTION_THROTTLE_MS } from '../input/index.ts'
import type { ScenarioCase } from './matrix.ts'
import type { ScenarioBot } from './schema.ts'
import { runStormCase, stormErrorRow } from './storm-case.ts'
import { shareKey, unshareableReason, type ServerLease, type ServerPool } from './server-pool.ts'
import { leadCase, longestFirst } from './shard.ts'

/**
 * One bot's result in one case: the row every reporter prints. The shape is owned by report/
 * (reporters read rows, never the runner); the runner only fills it.
 */
export type BotResult = ReportRow

export interface RunOptions {
  backend: Backend
  /**
   * The run's scope, the one the backend was prepared in: each case's scope is made under it, so a
   * case's servers stop before what prepare() made. Default: the process's root scope.
   */
  scope?: ResourceScope
  /** Cases in flight at once. Deliberate waits (authlib's 5 s) make concurrency the main lever. */
  concurrency?: number
  /**
   * Reuse servers across cases of the same config (`run --reuse`): a pool made in the run's scope
   * (scenario/server-pool.ts). Without one, every case starts its own.
   */
  pool?: ServerPool
  /** Stop scheduling new cases after the first failure. */
  bail?: boolean
  onCaseStart?: (c: ScenarioCase) => void
  onResult?: (result: BotResult) => void
}

/**
 * The rows a case reports: one per bot, and one for its storm. Progress totals count these (a
 * total of bots alone let a storm scenario's progress read [20/19]).
 */
export function plannedRows(c: ScenarioCase): number {
  return c.scenario.bots.length + (c.scenario.storm ? 1 : 0)
}

/**
 * Runs the cases (concurrently, up to `concurrency`), the longest expected first (shard.ts's cost
 * model), and returns every bot's result in the cases' order, whatever order they ran in. When the
 * longest case is the run's critical path because of a wait on its mock, it gets a head start
 * (leadCase()).
 */
export async function runCases(cases: ScenarioCase[], options: RunOptions): Promise<BotResult[]> {
  const concurrency = Math.max(1, options.concurrency ?? 8)
  const results: BotResult[][] = new Array(cases.length)
  let next = 0
  let failed = false
  const parent = options.scope ?? rootScope
  const pickNext = nextCasePicker(cases, options.backend, options.pool)
  const headStart = leadCase(cases, options.backend.name, concurrency) === undefined ? undefined : new HeadStart()
  const worker = async (lead: boolean) => {
    if (!lead) await headStart?.over
    while (next < cases.length) {
      if (options.bail && failed) return
      // Ctrl-C (or the run's scope going away): start no new case; disposing stops the running ones.
      if (parent.signal.aborted) return
      next++
      const index = pickNext()
      const c = cases[index]!
      options.onCaseStart?.(c)
      const onWaiting = lead ? headStart?.end : undefined
      lead = false
      try {
        results[index] = await runCase(
          c,
          options.backend,
          (r) => {
            if (!r.pass) failed = true
            options.onResult?.(r)
          },
          parent,
          options.pool,
          onWaiting,
        )
      } finally {
        onWaiting?.()
      }
    }
  }
  // The lead worker ends the head start when its first case does, or at once if it runs none.
  const lead = worker(true).finally(() => headStart?.end())
  await Promise.all([lead, ...Array.from({ length: Math.min(concurrency, cases.length) - 1 }, () => worker(false))])
  return results.filter(Boolean).flat()
}

/** The longest a head start lasts when the lead case's wait has not begun (its mock never held a request). */
export const HEAD_START_CAP_MS = 2_000

/** The lead case's head start: `over` resolves at the first end() (or the cap), once. */
class HeadStart {
  readonly over: Promise<void>
  readonly end: () => void

  constructor(capMs = HEAD_START_CAP_MS) {
    let release!: () => void
    this.over = new Promise<void>((resolve) => (release = resolve))
    const cap = setTimeout(() => this.end(), capMs)
    // A cap never keeps the process: whatever ends the run ends the head start too.
    cap.unref()
    this.end = () => {
      clearTimeout(cap)
      release()
    }
  }
}

/**
 * Which case a free worker takes: the longest expected of those left, or with a pool, the longest
 * whose shared server is idle, else the longest that starts a server (a new config, or one that
 * cannot share), and only then one that would wait for a busy server, so reuse rarely leaves a
 * worker idle. Results keep case order.
 */
function nextCasePicker(cases: ScenarioCase[], backend: Backend, pool: ServerPool | undefined): () => number {
  const remaining = longestFirst(cases, backend.name)
  if (!pool) return () => remaining.shift()!
  const keys = cases.map((c) => {
    const config = serverConfig(c, '')
    return unshareableReason(config, backend) === undefined ? shareKey(config) : undefined
  })
  return () => {
    let best = 0
    let bestRank = 3
    for (let j = 0; j < remaining.length && bestRank > 0; j++) {
      const key = keys[remaining[j]!]
      const rank = key === undefined ? 1 : pool.readiness(key)
      if (rank < bestRank) [best, bestRank] = [j, rank]
    }
    return remaining.splice(best, 1)[0]!
  }
}

/**
 * `rows` (results of `cases`, in any order: as they finished) in the cases' order, each case's rows
 * in the order they came: what a report lists, so it reads the same however the run was scheduled.
 */
export function inCaseOrder(rows: readonly BotResult[], cases: readonly ScenarioCase[]): BotResult[] {
  const key = (file: string, scenario: string, version: string) => JSON.stringify([file, scenario, version])
  const position = new Map(cases.map((c, i) => [key(c.scenario.file, c.scenario.name, c.version), i] as const))
  const at = (r: BotResult) => position.get(key(r.file, r.scenario, r.version)) ?? cases.length
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => at(a.row) - at(b.row) || a.i - b.i)
    .map(({ row }) => row)
}

/**
 * One case: a fresh session server and game server (or, with a `pool`, a pair of its config the
 * pool keeps), the bots in the order the scenario lists them (later bots may depend on earlier
 * ones, e.g. register then login), then everything stopped whatever happened: the case's own
 * scope (under `parent`) owns what it starts, and a leased pair goes back to the pool.
 * `onWaiting` is called when the case's mock begins holding a request for a fault (the runner's
 * head start, leadCase()).
 */
export async function runCase(
  c: ScenarioCase,
  backend: Backend,
  onResult: (r: BotResult) => void = () => {},
  parent: ResourceScope = rootScope,
  pool?: ServerPool,
  onWaiting?: () => void,
): Promise<BotResult[]> {
  const { scenario, version } = c
  const results: BotResult[] = []
  const report = (bot: ScenarioBot, fields: Omit<BotResult, 'scenario' | 'file' | 'bot' | 'version'>) => {
    const result: BotResult = { scenario: scenario.name, file: scenario.file, bot: botLabel(bot), version, ...fields }
    results.push(result)
    onResult(result)
  }
  const scope = loginScope(parent, `case "${scenario.name}" on ${version}`)
  let stormDone = false
  let lease: ServerLease | undefined
  let healthy = false
  let stopListening: (() => void) | undefined
  try {
    let servers: LoginServers
    // A proxy topology is the case's own: its backends are started with it, never shared.
    const unshareable = pool
      ? scenario.proxy
        ? 'a proxy in front of the server'
        : unshareableReason(serverConfig(c, ''), backend)
      : undefined
    if (pool && unshareable === undefined) {
      // A kept pair is already running: the case's accounts and faults go on its mock now.
      lease = await pool.acquire((url) => serverConfig(c, url))
      servers = { session: lease.session, server: lease.server, accounts: await setUpMock(lease.session, mockSetup(c)) }
    } else {
      if (unshareable !== undefined) pool?.noteUnshareable(unshareable)
      // A server of its own starts with the case's accounts and faults already on its mock.
      servers = await startLoginServers(backend, mockSetup(c), (url) => serverConfig(c, url), scope)
    }
    // The runner's lead case: its deliberate wait begins when its mock holds a request (a mock that
    // cannot tell, a remote one, ends the head start now).
    if (onWaiting) {
      if (servers.session.onHold) stopListening = servers.session.onHold(() => onWaiting())
      else onWaiting()
    }
    let topology: ProxyTopology | undefined
    if (scenario.proxy) {
      topology = await startProxyTopology({
        proxy: scenario.proxy,
        version,
        backend,
        scope,
        session: servers.session,
        server: servers.server,
        backendConfig: (block, url) => ({
          ...block,
          version,
          sessionServer: url,
          connectionThrottleMs: block.connectionThrottleMs ?? TEST_CONNECTION_THROTTLE_MS,
        }),
      })
    }
    const transfers = await startTransferTargets(c, backend, servers, scope)
    for (const [index, bot] of scenario.bots.entries()) {
      const route = routeBot(bot, servers.server, topology)
      const attempt = await attemptOn(
        servers,
        version,
        {
          target: route.target,
          handshakeHost: route.handshakeHost,
          // A token made stale by a sign-in elsewhere is met exactly as a revoked one: join refused.
          kind: bot.account.kind === 'loggedInElsewhere' ? 'revoked' : bot.account.kind,
          name: bot.account.name,
          profileKey: bot.account.kind === 'premium' ? bot.account.profileKey : undefined,
          sessionServer: bot.sessionServer,
          steps: bot.steps,
          deadlineMs: bot.deadlineMs,
          localAddress: bot.sourceAddress,
          platform: servers.server.getPlatform(),
          transfers,
          unsolicitedCookie: bot.unsolicitedCookie,
          // A bot that stays online leaves when the case ends, before its server stops.
        },
        bot.stayOnline ? scope : undefined,
      )
      const verdict = judge(bot.expect, attempt, { version, platform: servers.server.getPlatform() })
      report(bot, { expected: verdict.expected, ...attemptFields(attempt), pass: verdict.pass, reason: verdict.reason })
      if (!bot.stayOnline) await awaitLeaveBeforeRelogin(servers.server, scenario.bots, index, attempt.joined)
    }
    // The storm comes after the bots, so a failing storm never hides what a bot saw.
    if (scenario.storm) {
      const row = await runStormCase(c, servers.server, servers.session, scope)
      stormDone = true
      results.push(row)
      onResult(row)
    }
    healthy = true
  } catch (error) {
    // A harness failure (a server that would not start, a bad properties file) fails every bot
    // not yet run, with the reason, instead of vanishing from the report.
    const reason = harnessErrorReason(error)
    for (const bot of scenario.bots.slice(results.length)) {
      const expected = typeof bot.expect === 'string' ? bot.expect : bot.expect.outcome
      report(bot, { expected, outcome: 'error', key: null, message: '', pass: false, ms: 0, reason })
    }
    if (scenario.storm && !stormDone) {
      const row = stormErrorRow(c, reason)
      results.push(row)
      onResult(row)
    }
  } finally {
    stopListening?.()
    // Server, then mock. A stop that fails changes nothing the bots saw, so it is handed up to the
    // run's scope, whose owner reports what was left running. A leased pair goes back to the pool
    // (stopped instead when the case did not run to its end).
    await lease?.release(healthy)
    await scope.disposeHandingUp()
  }
  return results
}

/**
 * The scenario's further `servers` (transfer targets), started on the case's backend against its
 * mock and owned by its scope, and how a `transfer` step makes the scenario's server send the bot
 * there: the server's own transfer (StartedServer.transfer), which the container backend lacks.
 */
async function startTransferTargets(
  c: ScenarioCase,
  backend: Backend,
  servers: LoginServers,
  scope: ResourceScope,
): Promise<LoginAttemptOptions['transfers']> {
  const entries = c.scenario.servers ?? []
  if (entries.length === 0) return undefined
  const targets: Record<string, { host: string; port: number }> = {}
  for (const entry of entries) {
    const started = await backend.startServer(
      {
        ...entry.server,
        version: c.version,
        sessionServer: servers.session.getServerFacingUrl(),
        connectionThrottleMs: entry.server.connectionThrottleMs ?? TEST_CONNECTION_THROTTLE_MS,
      },
      scope,
    )
    // Where the bot reaches it: what the transfer packet carries.
    targets[entry.name] = { host: started.getHost(), port: started.getPort() }
  }
  const from = servers.server
  const transfer = from.transfer?.bind(from)
  const stepsTransfer = c.scenario.bots.some((bot) => (bot.steps ?? []).some((step) => step.do === 'transfer'))
  if (!transfer) {
    if (!stepsTransfer) return undefined
    throw new HarnessInputError(
      `the ${backend.name} backend cannot make a running server transfer a player yet; run scenarios with transfer steps with --backend embedded`,
    )
  }
  return { targets, transferBy: transfer }
}

/** How long the server may take to see a bot that left go (its leave, after the client's close). */
export const RELOGIN_LEAVE_TIMEOUT_MS = 15_000

/**
 * Test set-up: before a later bot logs in under the same name (case-insensitive), wait until the
 * server has let this one go. A real server takes a moment to see a closed connection leave, and
 * AuthMe's ForceSingleSession refuses the new login of a name still online, so "register, then log
 * in again" would otherwise race the first bot's quit. A bot that never reached play left nothing.
 */
async function awaitLeaveBeforeRelogin(server: StartedServer, bots: readonly ScenarioBot[], index: number, joined: boolean): Promise<void> {
  if (!joined) return
  const name = bots[index]!.account.name.toLowerCase()
  if (!bots.slice(index + 1).some((b) => b.account.name.toLowerCase() === name)) return
  await server.waitForLeave(bots[index]!.account.name, RELOGIN_LEAVE_TIMEOUT_MS)
}

export function botLabel(bot: ScenarioBot): string {
  return bot.name ?? `${bot.account.name} (${bot.account.kind})`
}

/**
 * The case's mock: an account for every premium name (its bots' but cracked ones, and the
 * scenario's extra accounts); revoked ones revoked, loggedInElsewhere ones signed in again by
 * another launcher; then its faults.
 */
function mockSetup(c: ScenarioCase): MockSetup {
  const accounts = c.scenario.bots.map((b) => b.account)
  const premiumNames = new Set([
    ...(c.scenario.session?.accounts ?? []),
    ...accounts.filter((a) => a.kind !== 'cracked').map((a) => a.name),
  ])
  return {
    accounts: [...premiumNames].map((name) => {
      // One key setting per name: the first premium bot of that name that asks for an expired or forged key.
      const profileKey = accounts
        .map((a) => (a.kind === 'premium' && a.name.toLowerCase() === name.toLowerCase() ? certificateModeFor(a.profileKey) : undefined))
        .find(Boolean)
      return profileKey ? { name, profileKey } : { name }
    }),
    revoke: accounts.filter((a) => a.kind === 'revoked').map((a) => a.name),
    signInElsewhere: accounts.filter((a) => a.kind === 'loggedInElsewhere').map((a) => a.name),
    faults: c.scenario.session?.faults ?? [],
  }
}

/** The case's server config, pointed at the mock's server-facing URL. */
function serverConfig(c: ScenarioCase, sessionServerUrl: string): ServerConfig {
  // Every field of the scenario's server block passes through as it is (ServerConfig is typed
  // from the same schema), so a new one needs no line here; only what the loader resolved
  // (the properties file, the container block's paths) and what the run supplies are set.
  const { propertiesFile: _readByTheLoader, container: _resolvedByTheLoader, ...fields } = c.scenario.server
  return {
    ...fields,
    version: c.version,
    sessionServer: sessionServerUrl,
    properties: { ...c.scenario.fileProperties, ...fields.properties },
    guard: fields.guard ?? (fields.auth === 'guarded' ? { kind: 'authme' } : undefined),
    // The harness's test set-up: Paper's throttle off unless the scenario tests it (docs/paper.md).
    connectionThrottleMs: fields.connectionThrottleMs ?? TEST_CONNECTION_THROTTLE_MS,
    container: c.scenario.containerServer,
  }
}
