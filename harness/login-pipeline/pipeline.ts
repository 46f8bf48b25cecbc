import { attemptLogin, attemptLoginAndStay } from '../bot/login-attempt.ts'
import type { BotAccount, BotStep, LoginAttempt, LoginAttemptOptions } from '../bot/types.ts'
import type { Backend } from '../backends/backend.ts'
import { ResourceScope } from '../resource-scope.ts'
import type { Platform, ServerConfig, StartedServer } from '../server/types.ts'
import { signInElsewhere } from '../session/sign-in-elsewhere.ts'
import type { ProfileKeyMode } from '../input/account.ts'
import type { AccountSpec, FaultSpec, IssuedAccount, SessionServerControl } from '../session/types.ts'
import { mapInBatches } from '../in-batches.ts'

/**
 * The one login pipeline that `run` (scenario/runner.ts), `check`/`diff` (check/run-probe.ts) and
 * the storm's set-up (storm/run-storm.ts) share: a scope of its own under the caller's, the mock
 * session server with its accounts and faults, the game server pointed at that mock, a login
 * attempt, and the fields of the row that reports it. Each caller adds only what is its own
 * (a scenario's expectation and server reuse, a probe's crowd, a storm's many clients).
 */

/** What a mock holds before anyone logs in. */
export interface MockSetup {
  /** Premium accounts to issue (an `id` keeps the UUID a host's files list). */
  accounts: AccountSpec[]
  /** Issued accounts whose token is then revoked. */
  revoke?: string[]
  /** Issued accounts then signed in again by another launcher (the token the bot holds goes stale). */
  signInElsewhere?: string[]
  /** In order: a later fault is consulted first (as with `use()`). */
  faults?: FaultSpec[]
}

/** The accounts a mock issued, by name (case-insensitive, as Mojang's names are). */
export class IssuedAccounts {
  private readonly byName = new Map<string, IssuedAccount>()

  add(account: IssuedAccount): void {
    this.byName.set(account.name.toLowerCase(), account)
  }

  get(name: string): IssuedAccount | undefined {
    return this.byName.get(name.toLowerCase())
  }

  get size(): number {
    return this.byName.size
  }

  /** The account a bot of `kind` logs in with: cracked kinds need none; premium kinds the issued token. */
  botAccount(kind: BotAccount['kind'], name: string, profileKey?: ProfileKeyMode): BotAccount {
    if (kind === 'cracked' || kind === 'impersonator') return { kind, name }
    const premium = this.get(name)
    if (!premium) throw new Error(`no account was issued for ${name}`)
    const account = { name: premium.name, id: premium.id, accessToken: premium.accessToken }
    return kind === 'premium' ? { kind, ...account, ...(profileKey ? { profileKey } : {}) } : { kind, ...account }
  }
}

/**
 * The mock account a bot's `profileKey` needs: an expired or badly signed key is the services
 * host's doing (the mock issues it), the rest is the bot's own (none sent, garbage bytes).
 */
export function certificateModeFor(profileKey: ProfileKeyMode | undefined): AccountSpec['profileKey'] {
  return profileKey === 'expired' || profileKey === 'badSignature' ? profileKey : undefined
}

/**
 * Issues `specs` on `session`, `batch` at a time (a storm's thousands go in parallel batches; a
 * scenario's few one by one, so the mock's journal keeps their order).
 */
export async function issueAccounts(session: SessionServerControl, specs: AccountSpec[], batch = 1): Promise<IssuedAccount[]> {
  return mapInBatches(specs, batch, (spec) => session.createAccount(spec))
}

/** Accounts, revocations, sign-ins elsewhere, then faults, on a running mock (a fresh one or a reused, reset one). */
export async function setUpMock(session: SessionServerControl, setup: MockSetup): Promise<IssuedAccounts> {
  const accounts = new IssuedAccounts()
  for (const account of await issueAccounts(session, setup.accounts)) accounts.add(account)
  for (const name of setup.revoke ?? []) await session.revoke(name)
  for (const name of setup.signInElsewhere ?? []) await signInElsewhere(session, name)
  for (const fault of setup.faults ?? []) await session.use(fault)
  return accounts
}

/** A mock and a game server that asks it, with the accounts the mock issued. */
export interface LoginServers {
  session: SessionServerControl
  server: StartedServer
  accounts: IssuedAccounts
}

/**
 * Starts the mock (owned by `scope`), sets it up, then starts the game server of
 * `config(serverFacingUrl)` (owned by `scope`): the server starts with its mock already as the
 * caller wants it.
 */
export async function startLoginServers(
  backend: Backend,
  setup: MockSetup,
  config: (sessionServerUrl: string) => ServerConfig,
  scope: ResourceScope,
): Promise<LoginServers> {
  const session = await backend.startSessionServer(scope)
  const accounts = await setUpMock(session, setup)
  const server = await backend.startServer(config(session.getServerFacingUrl()), scope)
  return { session, server, accounts }
}

/** Who logs in, and what they do once in. */
export interface LoginBot {
  kind: BotAccount['kind']
  name: string
  /** The profile key a premium bot presents (1.19+); default `valid`. */
  profileKey?: ProfileKeyMode
  steps?: BotStep[]
  deadlineMs?: number
  /** Connect from this loopback address (the launcher's join still comes from 127.0.0.1). */
  localAddress?: string
  /** The session server the client joins on; default the servers' mock. */
  sessionServer?: string
  /** The server's platform, whose kick texts the attempt is classified by (default vanilla). */
  platform?: Platform
  /** Where to connect instead of the servers' game server (a proxy in front of it, another backend). */
  target?: { getHost(): string; getPort(): number }
  /** The handshake's host field as sent (a forged forwarding handshake). */
  handshakeHost?: string
  /** 1.20.5+: where `transfer` steps may send the bot, and how the server is made to (LoginAttemptOptions.transfers). */
  transfers?: LoginAttemptOptions['transfers']
  /** 1.20.5+: connect as a transfer does (handshake intention TRANSFER), with no cookies. */
  transferred?: boolean
  /** 1.20.5+: a cookie response sent unasked just before login start. */
  unsolicitedCookie?: LoginAttemptOptions['unsolicitedCookie']
}

/**
 * One login attempt of `bot` against the servers. With `stayIn`, a bot that finished its steps in
 * the game stays connected and leaves when that scope is disposed.
 */
export async function attemptOn(servers: LoginServers, version: string, bot: LoginBot, stayIn?: ResourceScope): Promise<LoginAttempt> {
  const options = {
    host: (bot.target ?? servers.server).getHost(),
    port: (bot.target ?? servers.server).getPort(),
    version,
    account: servers.accounts.botAccount(bot.kind, bot.name, bot.profileKey),
    sessionServer: bot.sessionServer ?? servers.session.getUrl(),
    steps: bot.steps,
    deadlineMs: bot.deadlineMs,
    localAddress: bot.localAddress,
    platform: bot.platform,
    handshakeHost: bot.handshakeHost,
    transfers: bot.transfers,
    unsolicitedCookie: bot.unsolicitedCookie,
    transferred: bot.transferred ? { cookies: new Map() } : undefined,
  }
  if (!stayIn) return attemptLogin(options)
  const { attempt, leave } = await attemptLoginAndStay(options)
  stayIn.defer(leave)
  return attempt
}

/** The fields every result row takes from what the player saw. */
export interface AttemptFields {
  outcome: string
  key: string | null
  message: string
  ms: number
}

export function attemptFields(attempt: LoginAttempt): AttemptFields {
  return { outcome: attempt.outcome, key: attempt.key, message: attempt.message, ms: Math.round(attempt.ms) }
}

/** The reason a row gives when the harness itself failed (a server that would not start, a bad file). */
export function harnessErrorReason(error: unknown): string {
  return `harness error: ${error instanceof Error ? error.message : String(error)}`
}

/**
 * The scope one login run owns (a case, a probe): under `parent`, and `concurrent`, because
 * cases and probes do not depend on each other, so a parent stops them together.
 */
export function loginScope(parent: ResourceScope, name: string): ResourceScope {
  return new ResourceScope({ parent, concurrent: true, name })
}
