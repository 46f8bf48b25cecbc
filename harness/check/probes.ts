import { HarnessInputError } from '../errors.ts'
import type { BotStep } from '../bot/types.ts'
import type { AuthMode, GuardOptions, LoginProperties, OpEntry, ProfileEntry, ServerLists } from '../server/types.ts'
import type { AccountSpec, FaultSpec } from '../session/types.ts'
import { premiumUuid } from '../session/accounts.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'

/**
 * The standard probes of `check` and `diff`. The ids are a public contract: hosts put them in
 * `--accept` and expectations files, so they never change meaning once released.
 */
export const PROBE_IDS = [
  'premium',
  'premium-session-503',
  'premium-session-hang',
  'revoked-token',
  'cracked',
  'impersonator',
  'not-whitelisted',
  'whitelisted-offline',
  'op',
  'banned',
  'proxy-ip-mismatch',
  'whitelist-removed-online',
  'server-full',
  'guard-register-login',
  'guard-idle',
] as const

export type ProbeId = (typeof PROBE_IDS)[number]

/** How rows and diff lines name each probe, in the words a host uses. */
export const PROBE_LABELS: Record<ProbeId, string> = {
  premium: 'premium player',
  'premium-session-503': 'premium player, session server answers 503',
  'premium-session-hang': 'premium player, session server hangs',
  'revoked-token': 'revoked launcher token',
  cracked: 'cracked player',
  impersonator: 'impersonator',
  'not-whitelisted': 'player not on the whitelist',
  'whitelisted-offline': 'whitelisted player on a cracked launcher',
  op: 'operator',
  banned: 'banned player',
  'proxy-ip-mismatch': 'premium player whose launcher joined from another IP',
  'whitelist-removed-online': 'player removed from the whitelist while online',
  'server-full': 'one player more than the server holds',
  'guard-register-login': 'password plugin: registers and logs in',
  'guard-idle': 'password plugin: never logs in',
}

export function isProbeId(value: string): value is ProbeId {
  return (PROBE_IDS as readonly string[]).includes(value)
}

/** Checks user-given probe ids (from `--accept` or an expectations file), naming `where` on error. */
export function parseProbeId(value: string, where: string): ProbeId {
  if (isProbeId(value)) return value
  throw new HarnessInputError(`${where}: "${value}" is not a probe id; use one of: ${PROBE_IDS.join(', ')}`)
}

/** The password plugin in front of the server, as the host's AuthMe config.yml sets it (or --guard). */
export interface GuardSetup extends Omit<GuardOptions, 'kind' | 'timeoutMs' | 'registered' | 'storeFile'> {
  kind: 'authme'
  /** 0: never kicks idlers (AuthMe's `timeout: 0`). */
  timeoutMs: number
}

/** What the probes are run against: the server a host's files describe. */
export interface ProbeSetup {
  /** Absolute path of the server.properties file. */
  propertiesFile: string
  /** The file's login settings, as read (vanilla defaults for keys it leaves out). */
  properties: LoginProperties
  onlineMode: boolean
  whiteList: boolean
  guard?: GuardSetup
  /** The name the impersonator takes when ops.json names nobody. */
  opName: string
  /** Whitelisted names without UUIDs (--whitelist-names): whoever has that name in this mode. */
  whitelistNames: string[]
  /**
   * The host's list files. Undefined when none was given: then nobody's UUIDs are known, the probe
   * players count as whitelisted by name, and the probes that need a list are not planned.
   */
  lists?: ServerLists
  /** Players already online for the server-full probe (default: the file's max-players). */
  playersOnline?: number
  /** Only the embedded server can reload its whitelist mid-run. */
  backend?: 'embedded' | 'container'
  /**
   * The players from the lists the probes follow. `diff` takes them from the side before the
   * change, so a player taken off a list is still the one tried after it; by default the first
   * entry of each of this side's lists.
   */
  cast?: ProbeCast
}

/** Who the list probes send: the first whitelisted player, operator and banned player. */
export interface ProbeCast {
  member?: ProfileEntry
  op?: OpEntry
  banned?: ProfileEntry
}

/** The players a side's lists offer the probes (the first entry of each). */
export function castOf(lists: ServerLists | undefined): ProbeCast {
  return { member: lists?.whitelist?.[0], op: lists?.ops?.[0], banned: lists?.bannedPlayers?.[0] }
}

/** `first`'s players, each falling back to `second`'s (a list that only one side has). */
export function mergeCasts(first: ProbeCast, second: ProbeCast): ProbeCast {
  return { member: first.member ?? second.member, op: first.op ?? second.op, banned: first.banned ?? second.banned }
}

/** A player a probe sends: the kind of client and, for premium kinds, the account's UUID. */
export interface ProbeBot {
  kind: 'premium' | 'revoked' | 'cracked' | 'impersonator'
  name: string
  steps?: BotStep[]
  /** Connect from this loopback address while the launcher's join comes from 127.0.0.1. */
  localAddress?: string
}

export interface ProbePlan {
  probe: ProbeId
  label: string
  /** Who tried, in words: name and kind of player. */
  who: string
  /** A caveat printed with the row (e.g. the whitelist is off). */
  note?: string
  /** The server: auth mode, the file's settings and lists, a guard. */
  server: { auth: AuthMode; properties: LoginProperties; whitelist?: string[]; lists?: ServerLists; guard?: GuardOptions }
  /** Premium accounts created on the probe's mock session server (ids as the host's files list them). */
  accounts: AccountSpec[]
  /** Accounts whose token is revoked before the bot logs in. */
  revoke?: string[]
  faults?: FaultSpec[]
  bot: ProbeBot
  /** Players who join first and stay (server-full); they are on the whitelist. */
  crowd?: { count: number; kind: 'premium' | 'cracked'; prefix: string }
  /** Once the bot is in, drop it from whitelist.json and reload the list (whitelist-removed-online). */
  removeFromWhitelist?: ProfileEntry
}

/** Probe players who stand for nobody on the host's lists. */
const NAMES = { premium: 'Alice', cracked: 'Steve', newcomer: 'Newbie', idler: 'Idler', latecomer: 'Latecomer', crowd: 'Online' } as const

/** The password the impersonator guesses; the operator's real one is never this. */
const WRONG_GUESS = 'password123'
const OPERATOR_PASSWORD = 'not-guessable-7f3a'
/** How long the removed player stays to see whether a kick comes (a bounded look for an absence). */
const STAY_AFTER_REMOVAL_MS = 1500
/** The server-full probe starts at most this many players first. */
export const MAX_CROWD = 50

/** The premium account of a list entry: its UUID, unless the file holds the offline one (no account has that). */
function accountFor(entry: ProfileEntry): AccountSpec {
  const id = toDashedUuid(entry.uuid)
  return id === offlineUuid(entry.name) ? { name: entry.name } : { name: entry.name, id }
}

/** The UUID `name` has on this server: the mock's premium id on an online server, the offline one else. */
function uuidFor(name: string, onlineMode: boolean): string {
  return onlineMode ? toDashedUuid(premiumUuid(name)) : offlineUuid(name)
}

/**
 * Builds every probe. Each probe gets its own session server and game server, so they run
 * concurrently without seeing each other (one probe's faults or registrations never leak into
 * another). Players from the host's files keep their UUIDs: the mock issues the account with the
 * UUID the file lists, so a whitelist written in the other online-mode shows as the lock-out it is.
 */
export function planProbes(setup: ProbeSetup): ProbePlan[] {
  const lists = setup.lists
  const online = setup.onlineMode
  const fromFiles = lists !== undefined
  const cast = setup.cast ?? castOf(lists)
  const whitelisted = cast.member
  const op = cast.op
  const banned = cast.banned
  // Where each player comes from, in the row's note.
  const listed = (entry: ProfileEntry, kind: keyof ServerLists, file: string) => {
    const onThisSide = (lists?.[kind] ?? []).some((e) => 'uuid' in e && e.uuid.replaceAll('-', '').toLowerCase() === entry.uuid.replaceAll('-', '').toLowerCase())
    return `${onThisSide ? 'on' : 'not on'} ${file}, uuid ${toDashedUuid(entry.uuid)}`
  }
  // The premium probe is the host's first whitelisted player when there is one.
  const memberName = whitelisted?.name ?? setup.whitelistNames[0] ?? NAMES.premium
  const memberAccount: AccountSpec = whitelisted ? accountFor(whitelisted) : { name: memberName }
  // The impersonator takes the name that opens most doors: an operator's, else --op-name.
  const impersonated = op?.name ?? setup.opName
  const stranger = strangerName(setup, [memberName, impersonated, op?.name, banned?.name])
  const auth: AuthMode = online ? 'premium' : setup.guard ? 'guarded' : 'cracked'
  const guardKind = online ? 'premium' : 'cracked'
  // The host's own AuthMe values (AntiBot, per-address limits included), never the test set-up.
  const guard: GuardOptions | undefined = setup.guard ? { ...setup.guard, registered: { [impersonated]: OPERATOR_PASSWORD } } : undefined
  // Without list files nobody's UUID is known: the probe players stand for the host's own players
  // and are whitelisted by name (the old, name-based view), and only the stranger is not.
  const probeNames = [NAMES.premium, NAMES.cracked, NAMES.newcomer, NAMES.idler, NAMES.latecomer, setup.opName]
  const nameWhitelist = !fromFiles && setup.whiteList ? [...new Set([...setup.whitelistNames, ...probeNames])] : setup.whitelistNames.length ? setup.whitelistNames : undefined
  const server = (extra: Partial<ServerLists> = {}): ProbePlan['server'] => ({
    auth,
    properties: setup.properties,
    whitelist: nameWhitelist,
    lists: lists || Object.keys(extra).length ? { ...lists, ...extra } : undefined,
    guard,
  })
  const memberNote = whitelisted ? listed(whitelisted, 'whitelist', 'whitelist.json') : fromFiles ? 'not on any list' : undefined
  const guardIdleWait = (setup.guard?.timeoutMs ?? 0) + 5000

  const plans: Array<Omit<ProbePlan, 'label' | 'server'> & { server?: ProbePlan['server'] }> = [
    {
      probe: 'premium',
      who: `${memberName} (premium account)`,
      note: memberNote,
      accounts: [memberAccount],
      bot: { kind: 'premium', name: memberName },
    },
    {
      probe: 'premium-session-503',
      who: `${memberName} (premium account)`,
      note: 'every session server route answers 503',
      accounts: [memberAccount],
      faults: [{ route: '*', mode: 'status', status: 503 }],
      bot: { kind: 'premium', name: memberName },
    },
    {
      probe: 'premium-session-hang',
      who: `${memberName} (premium account)`,
      note: "the server's hasJoined call hangs",
      accounts: [memberAccount],
      faults: [{ route: 'hasJoined', mode: 'hang' }],
      bot: { kind: 'premium', name: memberName },
    },
    {
      probe: 'revoked-token',
      who: `${memberName} (premium, token revoked: logged in elsewhere)`,
      accounts: [memberAccount],
      revoke: [memberName],
      bot: { kind: 'revoked', name: memberName },
    },
    {
      probe: 'cracked',
      who: `${NAMES.cracked} (cracked launcher)`,
      accounts: [],
      bot: { kind: 'cracked', name: NAMES.cracked },
    },
    {
      probe: 'impersonator',
      who: `${impersonated} (cracked launcher using ${op ? 'the operator' : 'a premium'} name${guard ? ', guesses the password' : ''})`,
      accounts: [op ? accountFor(op) : { name: impersonated }],
      bot: {
        kind: 'impersonator',
        name: impersonated,
        // Behind a password plugin the real operator is registered; the impersonator guesses.
        steps: guard
          ? [{ do: 'waitForChat', pattern: '/login <password>' }, { do: 'chat', text: `/login ${WRONG_GUESS}` }, { do: 'expectKick', timeoutMs: guardIdleWait }]
          : undefined,
      },
    },
    {
      probe: 'not-whitelisted',
      who: `${stranger} (premium account, not whitelisted)`,
      note: setup.whiteList ? undefined : 'whitelist off: white-list=false',
      accounts: [{ name: stranger }],
      bot: { kind: 'premium', name: stranger },
    },
  ]
  if (whitelisted || setup.whitelistNames.length) {
    plans.push({
      probe: 'whitelisted-offline',
      who: `${memberName} (cracked launcher: offline UUID ${offlineUuid(memberName)})`,
      note: memberNote,
      accounts: [],
      bot: { kind: 'cracked', name: memberName },
    })
  }
  if (op) {
    plans.push({
      probe: 'op',
      who: `${op.name} (premium account, operator level ${op.level ?? 4})`,
      note: listed(op, 'ops', 'ops.json'),
      accounts: [accountFor(op)],
      bot: { kind: online ? 'premium' : 'cracked', name: op.name },
    })
  }
  if (banned) {
    plans.push({
      probe: 'banned',
      who: `${banned.name} (${online ? 'premium account' : 'cracked launcher'}, banned)`,
      note: listed(banned, 'bannedPlayers', 'banned-players.json'),
      accounts: [accountFor(banned)],
      bot: { kind: online ? 'premium' : 'cracked', name: banned.name },
    })
  }
  plans.push({
    probe: 'proxy-ip-mismatch',
    who: `${memberName} (premium; launcher joined from 127.0.0.1, connects from 127.0.0.2)`,
    note: setup.properties.preventProxyConnections ? undefined : 'prevent-proxy-connections=false',
    accounts: [memberAccount],
    bot: { kind: 'premium', name: memberName, localAddress: '127.0.0.2' },
  })
  if (whitelisted && (setup.backend ?? 'embedded') === 'embedded') {
    plans.push({
      probe: 'whitelist-removed-online',
      who: `${memberName} (${online ? 'premium account' : 'cracked launcher'}, taken off whitelist.json and reloaded while online)`,
      note: setup.whiteList ? (setup.properties.enforceWhitelist ? undefined : 'enforce-whitelist=false') : 'whitelist off: white-list=false',
      accounts: [memberAccount],
      bot: { kind: online ? 'premium' : 'cracked', name: memberName, steps: [{ do: 'stay', ms: STAY_AFTER_REMOVAL_MS }] },
      removeFromWhitelist: whitelisted,
    })
  }
  const crowd = setup.playersOnline ?? setup.properties.maxPlayers
  if (crowd <= MAX_CROWD) {
    // Everyone in this probe is on the whitelist, so only max-players decides.
    const kind = online ? 'premium' : 'cracked'
    const crowdNames = [...Array.from({ length: crowd }, (_, i) => `${NAMES.crowd}${i + 1}`), NAMES.latecomer]
    const extraWhitelist = setup.whiteList ? crowdNames.map((n) => ({ name: n, uuid: uuidFor(n, online) })) : []
    plans.push({
      probe: 'server-full',
      who: `${NAMES.latecomer} (${kind}), with ${crowd} player${crowd === 1 ? '' : 's'} online`,
      // Without the password plugin: it would kick the waiting crowd at its timeout, and they would make room.
      note: `max-players=${setup.properties.maxPlayers}${setup.guard ? '; without the password plugin' : ''}`,
      server: { ...server(extraWhitelist.length ? { whitelist: [...(lists?.whitelist ?? []), ...extraWhitelist] } : {}), auth: online ? 'premium' : 'cracked', guard: undefined },
      accounts: online ? crowdNames.map((n) => ({ name: n })) : [],
      bot: { kind, name: NAMES.latecomer },
      crowd: { count: crowd, kind, prefix: NAMES.crowd },
    })
  }
  if (setup.guard) {
    plans.push(
      {
        probe: 'guard-register-login',
        who: `${NAMES.newcomer} (${guardKind}, types /register)`,
        accounts: guardKind === 'premium' ? [{ name: NAMES.newcomer }] : [],
        bot: {
          kind: guardKind,
          name: NAMES.newcomer,
          steps: [
            { do: 'waitForChat', pattern: '/register <password>' },
            { do: 'chat', text: '/register hunter22 hunter22' },
            { do: 'waitForChat', pattern: 'Successfully registered' },
          ],
        },
      },
      {
        probe: 'guard-idle',
        who: `${NAMES.idler} (${guardKind}, never types a password)`,
        note: setup.guard.timeoutMs > 0 ? `guard timeout ${setup.guard.timeoutMs} ms` : 'guard timeout 0: never kicks',
        accounts: guardKind === 'premium' ? [{ name: NAMES.idler }] : [],
        bot: { kind: guardKind, name: NAMES.idler, steps: [{ do: 'expectKick', timeoutMs: guardIdleWait }] },
      },
    )
  }
  return plans.map((plan) => ({ ...plan, label: PROBE_LABELS[plan.probe], server: plan.server ?? server() }))
}

function strangerName(setup: ProbeSetup, taken: Array<string | undefined>): string {
  const used = new Set(
    [...setup.whitelistNames, setup.opName, ...taken, ...(setup.lists?.whitelist ?? []).map((e) => e.name), ...(setup.lists?.ops ?? []).map((e) => e.name)]
      .filter((n): n is string => n !== undefined)
      .map((n) => n.toLowerCase()),
  )
  for (let i = 0; ; i++) {
    const name = i === 0 ? 'Mallory' : `Mallory${i}`
    if (!used.has(name.toLowerCase())) return name
  }
}
