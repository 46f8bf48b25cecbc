import type { BotAccount } from '../bot/types.ts'
import { ResourceScope, shutdownSignal } from '../resource-scope.ts'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { issueAccounts } from '../login-pipeline/pipeline.ts'
import type { StartedServer } from '../server/types.ts'
import type { IssuedAccount, SessionServerControl } from '../session/types.ts'
import { fetchPlayerCertificate, versionUsesProfileKeys, type PlayerCertificateJson } from '../bot/profile-keys.ts'
import { kindOf, resolveStormOptions, type ResolvedStormOptions } from './options.ts'
import { ClientPool } from './pool.ts'
import { warmProtocol } from './warm.ts'
import type { StormJobResult } from './attempt.ts'
import { histogram, LatencyHistogram, RssSampler } from './stats.ts'
import { latencyBins, outcomesOverTime } from './charts.ts'
import type { OutcomeCode } from '../outcome/codes.ts'
import type { StormAttemptResult, StormOptions, StormReport } from './types.ts'
import { sessionCall } from '../session-http.ts'
import { mapInBatches } from '../in-batches.ts'

/** Failures kept with their events in a report (and in a merged one). */
export const FAILURE_SAMPLES = 20
/** Premium accounts are issued this many at a time (a remote mock answers each over HTTP). */
const ACCOUNT_BATCH = 64
/** One profile request before the storm; a mock that takes longer is broken, not slow. */
const PROFILE_WARM_TIMEOUT_MS = 10_000

/** A premium storm account with the key its launcher already holds (1.19+). */
type StormAccount = IssuedAccount & { cachedCertificate?: PlayerCertificateJson }

/**
 * Fires `n` logins at a server, at most `concurrency` at once and (with a ramp) at most
 * `rampPerSec` started per second, then reports throughput, latency percentiles and the outcome
 * histogram. Starts (and stops) an embedded server and a mock session server unless given a
 * target. Bounded: no login starts after `timeBoundMs`, and each has its own deadline.
 */
export async function runStorm(options: StormOptions): Promise<StormReport> {
  const o = resolveStormOptions(options)
  const premiumCount = Array.from({ length: o.n }, (_, i) => kindOf(i, o.premiumShare)).filter((k) => k === 'premium').length
  const needSession = premiumCount > 0 || o.outage !== undefined
  // What the storm starts (mock, server, client pool) is stopped with this scope, last first.
  const scope = new ResourceScope({ parent: options.scope, name: 'storm' })
  try {
    // The storm's own servers are embedded ones, started as every case and probe starts them.
    const backend = new EmbeddedBackend()
    let session = options.session
    if (!session && needSession) session = await backend.startSessionServer(scope)
    let server: StartedServer | undefined = options.server
    let startedByStorm = false
    let auth = server?.getAuth() ?? 'unknown'
    let host: string
    let port: number
    if (o.target) {
      host = o.target.host
      port = o.target.port
    } else {
      if (!server) {
        const mode = premiumCount > 0 ? 'premium' : 'cracked'
        auth = mode
        server = await backend.startServer(
          // A storm is everyone at once: vanilla's default of 20 slots would turn it into a full-server test.
          { auth: mode, version: o.version, properties: { maxPlayers: o.n + 10 }, sessionServer: session?.getServerFacingUrl() },
          scope,
        )
        warmProtocol(o.version, 'server')
        startedByStorm = true
      }
      host = server.getHost()
      port = server.getPort()
    }

    const [accounts, pool] = await Promise.all([
      issueStormAccounts(o, session),
      ClientPool.start(o.workers, o.version).then((p) => scope.use(p)),
    ])
    const report = await fire(o, pool, { signal: scope.signal, host, port, session, accounts, options })
    return {
      ...report,
      target: { host, port, version: o.version, auth, startedByStorm },
    }
  } finally {
    // A stop that fails changes no figure the storm measured: it is handed up to the caller's
    // scope, whose owner reports what was left running.
    await scope.disposeHandingUp()
  }
}

async function issueStormAccounts(o: ResolvedStormOptions, session: SessionServerControl | undefined): Promise<Map<number, StormAccount>> {
  const indexes = Array.from({ length: o.n }, (_, i) => i).filter((i) => kindOf(i, o.premiumShare) === 'premium')
  if (indexes.length === 0) return new Map()
  if (!session) throw new Error('premium storm logins need a session server')
  const accounts = await issueAccounts(
    session,
    indexes.map((i) => ({ name: o.namePrefix + i })),
    ACCOUNT_BATCH,
  )
  await warmSignedProfiles(session, accounts)
  const certificates = versionUsesProfileKeys(o.version) ? await fetchLauncherKeys(session, accounts) : []
  return new Map(indexes.map((i, k) => [i, { ...accounts[k]!, cachedCertificate: certificates[k] }]))
}

/**
 * Each account's player certificate, fetched once before the clock starts, as each player's
 * launcher holds one from an earlier session: the vanilla client keeps its key for 40 hours and
 * fetches a new one only when it is due (bot/profile-keys.ts, cachedCertificateUsable). Left to the
 * storm, every login would make the mock sign two 4096-bit signatures (about 4 ms of CPU each on
 * this project's machine) on the cores of the server under test, work Mojang does on machines of
 * its own, at most once per player every 40 hours. undefined for an account the mock gives no key.
 */
async function fetchLauncherKeys(
  session: SessionServerControl,
  accounts: IssuedAccount[],
): Promise<Array<PlayerCertificateJson | undefined>> {
  return mapInBatches(accounts, ACCOUNT_BATCH, (account) =>
    fetchPlayerCertificate(session.getUrl(), account.accessToken).catch((error: Error) => {
      throw new Error(`fetching ${account.name}'s player certificate before the storm: ${error.message}`)
    }),
  )
}

/**
 * Asks the mock for each account's signed profile once, before the clock starts, as any client
 * may (`/session/minecraft/profile/<id>?unsigned=false`). The mock signs a profile's textures
 * once and keeps the signature (session/routes.ts); left to the storm, those 4096-bit signatures
 * (a few ms of CPU each) would be paid by each account's first login, and read as login latency
 * of a session server that Mojang runs on machines of its own.
 */
async function warmSignedProfiles(session: SessionServerControl, accounts: IssuedAccount[]): Promise<void> {
  await mapInBatches(accounts, ACCOUNT_BATCH, async (account) => {
    const url = `${session.getUrl()}/session/minecraft/profile/${account.id.replaceAll('-', '')}?unsigned=false`
    const response = await sessionCall({ url, timeoutMs: PROFILE_WARM_TIMEOUT_MS })
    if (response.status !== 200) {
      throw new Error(`warming ${account.name}'s signed profile: the session server answered ${response.status} at ${url}`)
    }
  })
}

interface FireContext {
  /** The storm's scope's: aborted on Ctrl-C or when the caller's scope is disposed. */
  signal: AbortSignal
  host: string
  port: number
  session: SessionServerControl | undefined
  accounts: Map<number, StormAccount>
  options: StormOptions
}

async function fire(o: ResolvedStormOptions, pool: ClientPool, ctx: FireContext): Promise<Omit<StormReport, 'target'>> {
  const results: StormAttemptResult[] = []
  /** When each login settled, for the outcome-over-time chart. */
  const settledAt: Array<{ atMs: number; outcome: OutcomeCode }> = []
  let inFlight = 0
  let peakInFlight = 0
  let wake: (() => void) | undefined
  const slotFreed = () => {
    const w = wake
    wake = undefined
    w?.()
  }

  let outageActive = false
  let liftedAtMs: number | null = null
  let loginsUnderFault = 0
  const underFault: Array<Promise<void>> = []
  let outageTimer: NodeJS.Timeout | undefined
  let lifting: Promise<void> | undefined
  let begin = performance.now()
  const lift = (): Promise<void> => {
    if (!outageActive) return lifting ?? Promise.resolve()
    outageActive = false
    clearTimeout(outageTimer)
    liftedAtMs = Math.round(performance.now() - begin)
    lifting = ctx.session!.resetFaults()
    return lifting
  }
  if (o.outage) {
    for (const fault of o.outage.faults) await ctx.session!.use(fault)
    outageActive = true
  }

  const rssBefore = process.memoryUsage.rss()
  const sampler = new RssSampler()
  begin = performance.now()
  // A failed reset surfaces when the loop (or the finally below) awaits the same promise.
  if (o.outage?.forMs !== undefined) outageTimer = setTimeout(() => lift().catch(() => undefined), o.outage.forMs)
  const deadlineAt = begin + o.timeBoundMs
  let lastEnd = begin
  let started = 0
  const running: Array<Promise<void>> = []
  try {
    for (let i = 0; i < o.n; i++) {
      while (inFlight >= o.concurrency) await new Promise<void>((resolve) => (wake = resolve))
      if (o.rampPerSec !== undefined) {
        const due = begin + (i * 1000) / o.rampPerSec
        const wait = due - performance.now()
        if (wait > 0) await sleepUntilOrDeadline(wait, deadlineAt)
      }
      if (performance.now() >= deadlineAt) break
      // Ctrl-C, or the caller's scope going away: start nothing new; the logins in flight end with
      // their deadlines or the stop.
      if (ctx.signal.aborted) break
      if (outageActive && o.outage?.forLogins !== undefined && loginsUnderFault >= o.outage.forLogins) {
        // Every login counted under the fault must meet it: they settle before the fault lifts.
        await Promise.all(underFault)
        await lift()
      }
      const kind = kindOf(i, o.premiumShare)
      const name = o.namePrefix + i
      const account: BotAccount = kind === 'premium' ? { kind: 'premium', ...pick(ctx.accounts.get(i)!) } : { kind: 'cracked', name }
      const remaining = Math.max(100, Math.round(deadlineAt - performance.now()))
      inFlight++
      peakInFlight = Math.max(peakInFlight, inFlight)
      started++
      const job = pool.run({
        id: i,
        client: o.client,
        options: {
          host: ctx.host,
          port: ctx.port,
          version: o.version,
          account,
          sessionServer: ctx.session?.getUrl(),
          deadlineMs: Math.min(o.attemptDeadlineMs, remaining),
        },
      })
      const settled = job.then((r: StormJobResult) => {
        inFlight--
        lastEnd = performance.now()
        settledAt.push({ atMs: Math.round(lastEnd - begin), outcome: r.outcome })
        const result: StormAttemptResult = { index: i, name, kind, outcome: r.outcome, message: r.message, joined: r.joined, ms: r.ms }
        if (r.events) result.events = r.events
        results.push(result)
        ctx.options.onAttempt?.(result)
        slotFreed()
      })
      running.push(settled)
      if (outageActive) {
        loginsUnderFault++
        underFault.push(settled)
      }
    }
    await Promise.all(running)
  } finally {
    clearTimeout(outageTimer)
    if (outageActive) await lift().catch(() => undefined)
  }
  const peakRss = sampler.stop()

  results.sort((a, b) => a.index - b.index)
  const okResults = results.filter((r) => r.outcome === o.expectedOutcome)
  const failed = results.filter((r) => r.outcome !== o.expectedOutcome)
  const elapsedMs = Math.max(1, lastEnd - begin)
  const loginsPerSec = Math.round((okResults.length / elapsedMs) * 1000 * 10) / 10
  const latency = LatencyHistogram.of(okResults.map((r) => r.ms))
  const reasons: string[] = []
  if (failed.length > o.maxFailures) {
    const seen = histogram(failed.map((r) => r.outcome))
    reasons.push(
      `${failed.length} of ${results.length} logins did not end in ${o.expectedOutcome} (allowed ${o.maxFailures}): ${Object.entries(seen)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    )
  }
  if (started < o.n) {
    const why = shutdownSignal.aborted
      ? 'stopped by a signal'
      : ctx.signal.aborted
        ? "stopped: the storm's scope was disposed"
        : `time bound of ${o.timeBoundMs} ms hit`
    reasons.push(`${why}: ${o.n - started} of ${o.n} logins never started`)
  }
  if (o.minLoginsPerSec !== undefined && loginsPerSec < o.minLoginsPerSec)
    reasons.push(`${loginsPerSec} logins/s is below the expected ${o.minLoginsPerSec}/s`)

  return {
    client: o.client,
    workers: pool.size,
    n: o.n,
    concurrency: o.concurrency,
    rampPerSec: o.rampPerSec ?? null,
    started,
    notStarted: o.n - started,
    ok: okResults.length,
    failures: failed.length,
    expectedOutcome: o.expectedOutcome,
    elapsedMs: Math.round(elapsedMs),
    loginsPerSec,
    latencyMs: latency.summary(),
    latencyHistogram: latency.encode(),
    outcomes: histogram(results.map((r) => r.outcome)),
    charts: { latency: latencyBins(results.map((r) => r.ms)), overTime: outcomesOverTime(settledAt) },
    byKind: { cracked: results.filter((r) => r.kind === 'cracked').length, premium: results.filter((r) => r.kind === 'premium').length },
    failureSamples: failed.slice(0, FAILURE_SAMPLES),
    rssPerBotMb: Math.round((Math.max(0, peakRss - rssBefore) / 1048576 / Math.max(1, peakInFlight)) * 100) / 100,
    peakRssMb: Math.round(peakRss / 1048576),
    outage: o.outage ? { faults: o.outage.faults.length, liftedAtMs, loginsUnderFault } : null,
    timeBoundHit: started < o.n,
    pass: reasons.length === 0,
    reasons,
  }
}

function pick(account: StormAccount): Omit<Extract<BotAccount, { kind: 'premium' }>, 'kind'> {
  const { name, id, accessToken, cachedCertificate } = account
  return cachedCertificate ? { name, id, accessToken, cachedCertificate } : { name, id, accessToken }
}

function sleepUntilOrDeadline(ms: number, deadlineAt: number): Promise<void> {
  const wait = Math.max(0, Math.min(ms, deadlineAt - performance.now()))
  return new Promise((resolve) => setTimeout(resolve, wait))
}
