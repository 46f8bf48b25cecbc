import { attemptLogin } from '../bot/login-attempt.ts'
import type { BotAccount, LoginAttempt } from '../bot/types.ts'
import { ResourceScope, rootScope } from '../resource-scope.ts'
import type { ServerConfig, StartedServer } from '../server/types.ts'
import type { IssuedAccount, SessionServerControl } from '../session/types.ts'
import { signInElsewhere } from '../session/sign-in-elsewhere.ts'
import type { ReportRow } from '../report/types.ts'
import type { Backend } from './backends/backend.ts'
import { judge } from './expectation.ts'
import type { ScenarioCase } from './matrix.ts'
import type { ScenarioAccount, ScenarioBot } from './schema.ts'
import { runStormCase, stormErrorRow } from './storm-case.ts'

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

/** Runs the cases (concurrently, up to `concurrency`) and returns every bot's result in case order. */
export async function runCases(cases: ScenarioCase[], options: RunOptions): Promise<BotResult[]> {
  const concurrency = Math.max(1, options.concurrency ?? 8)
  const results: BotResult[][] = new Array(cases.length)
  let next = 0
  let failed = false
  const parent = options.scope ?? rootScope
  const worker = async () => {
    while (next < cases.length) {
      if (options.bail && failed) return
      // Ctrl-C (or the run's scope going away): start no new case; disposing stops the running ones.
      if (parent.signal.aborted) return
      const index = next++
      const c = cases[index]!
      options.onCaseStart?.(c)
      results[index] = await runCase(
        c,
        options.backend,
        (r) => {
          if (!r.pass) failed = true
          options.onResult?.(r)
        },
        parent,
      )
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker))
  return results.filter(Boolean).flat()
}

/**
 * One case: a fresh session server and game server, the bots in the order the scenario lists
 * them (later bots may depend on earlier ones, e.g. register then login), then everything
 * stopped whatever happened: the case's own scope (under `parent`) owns what it starts.
 */
export async function runCase(c: ScenarioCase, backend: Backend, onResult: (r: BotResult) => void = () => {}, parent: ResourceScope = rootScope): Promise<BotResult[]> {
  const { scenario, version } = c
  const results: BotResult[] = []
  const report = (bot: ScenarioBot, fields: Omit<BotResult, 'scenario' | 'file' | 'bot' | 'version'>) => {
    const result: BotResult = { scenario: scenario.name, file: scenario.file, bot: botLabel(bot), version, ...fields }
    results.push(result)
    onResult(result)
  }
  // Cases do not depend on each other: a run's cases are stopped together.
  const scope = new ResourceScope({ parent, concurrent: true, name: `case "${scenario.name}" on ${version}` })
  let stormDone = false
  try {
    const session: SessionServerControl = await backend.startSessionServer(scope)
    const accounts = await createAccounts(session, scenario.bots.map((b) => b.account), scenario.session?.accounts ?? [])
    for (const fault of scenario.session?.faults ?? []) await session.use(fault)
    const server: StartedServer = await backend.startServer(serverConfig(c, session), scope)
    for (const bot of scenario.bots) {
      const attempt = await attemptLogin({
        host: server.getHost(),
        port: server.getPort(),
        version,
        account: botAccount(bot.account, accounts),
        sessionServer: bot.sessionServer ?? session.getUrl(),
        steps: bot.steps,
        deadlineMs: bot.deadlineMs,
      })
      const verdict = judge(bot.expect, attempt)
      report(bot, fromAttempt(attempt, verdict))
    }
    // The storm comes after the bots, so a failing storm never hides what a bot saw.
    if (scenario.storm) {
      const row = await runStormCase(c, server, session)
      stormDone = true
      results.push(row)
      onResult(row)
    }
  } catch (error) {
    // A harness failure (a server that would not start, a bad properties file) fails every bot
    // not yet run, with the reason, instead of vanishing from the report.
    const reason = `harness error: ${(error as Error).message}`
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
    // Server, then mock. A stop that fails changes nothing the bots saw; containers it left carry
    // the run's labels for `containers cleanup --run <id>`.
    await scope.dispose().catch(() => {})
  }
  return results
}

function fromAttempt(attempt: LoginAttempt, verdict: ReturnType<typeof judge>) {
  return {
    expected: verdict.expected,
    outcome: attempt.outcome,
    key: attempt.key,
    message: attempt.message,
    pass: verdict.pass,
    ms: Math.round(attempt.ms),
    reason: verdict.reason,
  }
}

export function botLabel(bot: ScenarioBot): string {
  return bot.name ?? `${bot.account.name} (${bot.account.kind})`
}

/** Premium names get an account on the mock; revoked ones are issued and then revoked; loggedInElsewhere ones signed in again by another launcher. */
async function createAccounts(session: SessionServerControl, accounts: ScenarioAccount[], extraNames: string[]): Promise<Map<string, IssuedAccount>> {
  const issued = new Map<string, IssuedAccount>()
  const premiumNames = new Set([...extraNames, ...accounts.filter((a) => a.kind !== 'cracked').map((a) => a.name)])
  for (const name of premiumNames) issued.set(name.toLowerCase(), await session.createAccount({ name }))
  for (const account of accounts) if (account.kind === 'revoked') await session.revoke(account.name)
  for (const account of accounts) if (account.kind === 'loggedInElsewhere') await signInElsewhere(session, account.name)
  return issued
}

function botAccount(account: ScenarioAccount, issued: Map<string, IssuedAccount>): BotAccount {
  if (account.kind === 'cracked' || account.kind === 'impersonator') return { kind: account.kind, name: account.name }
  const premium = issued.get(account.name.toLowerCase())
  if (!premium) throw new Error(`no account was issued for ${account.name}`)
  // Its token is stale, which the bot meets exactly as a revoked one: join refused.
  return { kind: account.kind === 'loggedInElsewhere' ? 'revoked' : account.kind, name: premium.name, id: premium.id, accessToken: premium.accessToken }
}

function serverConfig(c: ScenarioCase, session: SessionServerControl): ServerConfig {
  // Every field of the scenario's server block passes through as it is (ServerConfig is typed
  // from the same schema), so a new one needs no line here; only what the loader resolved
  // (the properties file, the container block's paths) and what the run supplies are set.
  const { propertiesFile: _readByTheLoader, container: _resolvedByTheLoader, ...fields } = c.scenario.server
  return {
    ...fields,
    version: c.version,
    sessionServer: session.getServerFacingUrl(),
    properties: { ...c.scenario.fileProperties, ...fields.properties },
    guard: fields.guard ?? (fields.auth === 'guarded' ? { kind: 'authme' } : undefined),
    container: c.scenario.containerServer,
  }
}
