import { HarnessInputError } from '../errors.ts'
import type { BotStep } from '../bot/types.ts'
import type { ProfileKeyMode } from '../input/account.ts'
import type { AuthMode, GuardOptions, LoginProperties, OpEntry, ProfileEntry, ServerLists } from '../server/types.ts'
import type { PaperFiles } from '../server/paper/config-files.ts'
import type { Platform } from '../platforms.ts'
import type { AccountSpec, FaultSpec } from '../session/types.ts'
import { premiumUuid } from '../session/accounts.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'
import { encodeLegacyForwardingHost } from '../proxy/forwarding/legacy-bungee.ts'
import type { BackendForwarding } from '../input/forwarding.ts'
import type { ProxySetup } from './proxy-folder.ts'

/** What every probe's plan may draw on: the players and the server the host's files describe. */
interface ProbeContext {
  setup: ProbeSetup
  online: boolean
  lists?: ServerLists
  /** The first whitelisted player, operator and banned player the probes follow. */
  whitelisted?: ProfileEntry
  op?: OpEntry
  banned?: ProfileEntry
  /** The premium probe's player: the host's first whitelisted one when there is one. */
  memberName: string
  memberAccount: AccountSpec
  memberNote?: string
  /** The name the impersonator takes: an operator's, else --op-name. */
  impersonated: string
  /** A premium player on none of the lists. */
  stranger: string
  guard?: GuardOptions
  /** The kind of player the password-plugin probes send. */
  guardKind: 'premium' | 'cracked'
  guardIdleWait: number
  /** Where a player comes from, in the row's note. */
  listed(entry: ProfileEntry, kind: keyof ServerLists, file: string): string
  /** The server every probe runs against unless it says otherwise (with `extra` list entries). */
  server(extra?: Partial<ServerLists>): ProbePlan['server']
  /** The host's proxy in front of the server (`--proxy-dir`), as a probe starts it. */
  proxy?: ProxyPlan
}

/** A probe's plan without what the table holds beside it (its id and label); server: the default one when absent. */
type ProbeDraft = Omit<ProbePlan, 'probe' | 'label' | 'server'> & { server?: ProbePlan['server'] }

interface ProbeDefinition {
  /** How rows and diff lines name the probe, in the words a host uses. */
  label: string
  /**
   * With a proxy in front (`--proxy-dir`) every probe's players come through it, as players do;
   * `around`: this one connects straight to the server's port instead (what the proxy cannot stop),
   * `none`: it means nothing behind a proxy and is left out.
   */
  behindProxy?: 'around' | 'none'
  /** What the probe does; undefined when the host's files leave nothing to probe (no ops.json: no op probe). */
  plan(context: ProbeContext): ProbeDraft | undefined
}

/**
 * The standard probes of `check` and `diff`, in the order they run and print: one entry per id,
 * its label and plan beside each other. The ids are a public contract: hosts put them in
 * `--accept` and expectations files, so they never change meaning once released.
 */
const PROBES = {
  premium: {
    label: 'premium player',
    plan: (p) => ({
      who: `${p.memberName} (premium account)`,
      note: p.memberNote,
      accounts: [p.memberAccount],
      bot: { kind: 'premium', name: p.memberName },
    }),
  },
  'premium-session-503': {
    label: 'premium player, session server answers 503',
    plan: (p) => ({
      who: `${p.memberName} (premium account)`,
      note: 'every session server route answers 503',
      accounts: [p.memberAccount],
      faults: [{ route: '*', mode: 'status', status: 503 }],
      bot: { kind: 'premium', name: p.memberName },
    }),
  },
  'premium-session-hang': {
    label: 'premium player, session server hangs',
    plan: (p) => ({
      who: `${p.memberName} (premium account)`,
      note: "the server's hasJoined call hangs",
      accounts: [p.memberAccount],
      faults: [{ route: 'hasJoined', mode: 'hang' }],
      bot: { kind: 'premium', name: p.memberName },
    }),
  },
  'no-profile-key': {
    label: 'premium player whose launcher sends no profile key',
    // enforce-secure-profile's effect: 1.19-1.19.2 refuse the login, 1.19.3+ let the player in but
    // refuse their chat (hence the chat line; not behind a password plugin, which blocks chat anyway).
    plan: (p) =>
      p.online
        ? {
            who: `${p.memberName} (premium account, no profile key: chat signing off in the launcher)`,
            note: p.setup.properties.enforceSecureProfile ? undefined : 'enforce-secure-profile=false',
            accounts: [p.memberAccount],
            bot: { kind: 'premium', name: p.memberName, profileKey: 'none', steps: p.guard ? undefined : [{ do: 'chat', text: 'hello' }] },
          }
        : undefined,
  },
  'revoked-token': {
    label: 'revoked launcher token',
    plan: (p) => ({
      who: `${p.memberName} (premium, token revoked: logged in elsewhere)`,
      accounts: [p.memberAccount],
      revoke: [p.memberName],
      bot: { kind: 'revoked', name: p.memberName },
    }),
  },
  cracked: {
    label: 'cracked player',
    plan: () => ({
      who: `${NAMES.cracked} (cracked launcher)`,
      accounts: [],
      bot: { kind: 'cracked', name: NAMES.cracked },
    }),
  },
  impersonator: {
    label: 'impersonator',
    plan: (p) => ({
      who: `${p.impersonated} (cracked launcher using ${p.op ? 'the operator' : 'a premium'} name${p.guard ? ', guesses the password' : ''})`,
      accounts: [p.op ? accountFor(p.op) : { name: p.impersonated }],
      bot: {
        kind: 'impersonator',
        name: p.impersonated,
        // Behind a password plugin the real operator is registered; the impersonator guesses.
        steps: p.guard
          ? [
              { do: 'waitForChat', pattern: '/login <password>' },
              { do: 'chat', text: `/login ${WRONG_GUESS}` },
              { do: 'expectKick', timeoutMs: p.guardIdleWait },
            ]
          : undefined,
      },
    }),
  },
  'not-whitelisted': {
    label: 'player not on the whitelist',
    plan: (p) => ({
      who: `${p.stranger} (premium account, not whitelisted)`,
      note: p.setup.whiteList ? undefined : 'whitelist off: white-list=false',
      accounts: [{ name: p.stranger }],
      bot: { kind: 'premium', name: p.stranger },
    }),
  },
  'whitelisted-offline': {
    label: 'whitelisted player on a cracked launcher',
    plan: (p) =>
      p.whitelisted || p.setup.whitelistNames.length
        ? {
            who: `${p.memberName} (cracked launcher: offline UUID ${offlineUuid(p.memberName)})`,
            note: p.memberNote,
            accounts: [],
            bot: { kind: 'cracked', name: p.memberName },
          }
        : undefined,
  },
  op: {
    label: 'operator',
    plan: ({ op, online, listed }) =>
      op
        ? {
            who: `${op.name} (premium account, operator level ${op.level ?? 4})`,
            note: listed(op, 'ops', 'ops.json'),
            accounts: [accountFor(op)],
            bot: { kind: online ? 'premium' : 'cracked', name: op.name },
          }
        : undefined,
  },
  banned: {
    label: 'banned player',
    plan: ({ banned, online, listed }) =>
      banned
        ? {
            who: `${banned.name} (${online ? 'premium account' : 'cracked launcher'}, banned)`,
            note: listed(banned, 'bannedPlayers', 'banned-players.json'),
            accounts: [accountFor(banned)],
            bot: { kind: online ? 'premium' : 'cracked', name: banned.name },
          }
        : undefined,
  },
  'forged-handshake': {
    label: "forged BungeeCord handshake with an operator's UUID",
    behindProxy: 'around',
    // Only Spigot/Paper read forwarding data (spigot.yml settings.bungeecord): a Paper folder only.
    plan: (p) => {
      if (!p.setup.paperFiles) return undefined
      const uuid = p.op ? toDashedUuid(p.op.uuid) : premiumUuid(p.impersonated)
      return {
        who: `${p.impersonated} (cracked client straight to the server, handshake "host\\0ip\\0${uuid.replaceAll('-', '')}": ${p.op ? "the operator's" : 'a premium'} UUID)`,
        note: p.op ? p.listed(p.op, 'ops', 'ops.json') : undefined,
        accounts: [],
        bot: {
          kind: 'cracked',
          name: p.impersonated,
          handshakeHost: encodeLegacyForwardingHost({
            host: '127.0.0.1',
            ip: '127.0.0.1',
            profile: { uuid, properties: [] },
            style: 'bungeecord',
          }),
        },
      }
    },
  },
  'backend-direct': {
    label: 'cracked player straight to the backend, around the proxy',
    behindProxy: 'around',
    // The proxy is not in the way of a client that knows the backend's port: only the backend's
    // own forwarding check (or a firewall) is.
    plan: (p) =>
      p.proxy
        ? {
            who: `${p.impersonated} (cracked client straight to the backend's port, plain handshake)`,
            accounts: [],
            bot: { kind: 'cracked', name: p.impersonated },
          }
        : undefined,
  },
  'proxy-ip-mismatch': {
    label: 'premium player whose launcher joined from another IP',
    // prevent-proxy-connections is the backend's hasJoined check; behind a proxy the proxy asks.
    behindProxy: 'none',
    plan: (p) => ({
      who: `${p.memberName} (premium; launcher joined from 127.0.0.1, connects from 127.0.0.2)`,
      note: p.setup.properties.preventProxyConnections ? undefined : 'prevent-proxy-connections=false',
      accounts: [p.memberAccount],
      bot: { kind: 'premium', name: p.memberName, localAddress: '127.0.0.2' },
    }),
  },
  transfer: {
    label: 'player arriving by transfer from another server',
    // A transfer arrives at the proxy, whose own accepts-transfers decides (not played here).
    behindProxy: 'none',
    // accepts-transfers' effect (1.20.5+): a handshake with intention TRANSFER is refused with
    // multiplayer.disconnect.transfers_disabled unless it is true (server/handshake.ts).
    plan: (p) => ({
      who: `${p.memberName} (${p.online ? 'premium account' : 'cracked launcher'}, transferred here by another server: handshake intention TRANSFER)`,
      note: p.setup.properties.acceptsTransfers ? undefined : 'accepts-transfers=false',
      since: FIRST_TRANSFER_RELEASE,
      accounts: p.online ? [p.memberAccount] : [],
      bot: { kind: p.online ? 'premium' : 'cracked', name: p.memberName, transferred: true },
    }),
  },
  'whitelist-removed-online': {
    label: 'player removed from the whitelist while online',
    // Only the embedded server can reload its whitelist mid-run.
    plan: ({ whitelisted, setup, online, memberName, memberAccount }) =>
      whitelisted && (setup.backend ?? 'embedded') === 'embedded'
        ? {
            who: `${memberName} (${online ? 'premium account' : 'cracked launcher'}, taken off whitelist.json and reloaded while online)`,
            note: setup.whiteList
              ? setup.properties.enforceWhitelist
                ? undefined
                : 'enforce-whitelist=false'
              : 'whitelist off: white-list=false',
            accounts: [memberAccount],
            bot: { kind: online ? 'premium' : 'cracked', name: memberName, steps: [{ do: 'stay', ms: STAY_AFTER_REMOVAL_MS }] },
            removeFromWhitelist: whitelisted,
          }
        : undefined,
  },
  'server-full': {
    label: 'one player more than the server holds',
    plan: ({ setup, online, lists, server }) => {
      const crowd = setup.playersOnline ?? setup.properties.maxPlayers
      if (crowd > MAX_CROWD) return undefined
      // Everyone in this probe is on the whitelist, so only max-players decides.
      const kind = online ? 'premium' : 'cracked'
      const crowdNames = [...Array.from({ length: crowd }, (_, i) => `${NAMES.crowd}${i + 1}`), NAMES.latecomer]
      const extraWhitelist = setup.whiteList ? crowdNames.map((n) => ({ name: n, uuid: uuidFor(n, online) })) : []
      return {
        who: `${NAMES.latecomer} (${kind}), with ${crowd} player${crowd === 1 ? '' : 's'} online`,
        // Without the password plugin: it would kick the waiting crowd at its timeout, and they would make room.
        note: `max-players=${setup.properties.maxPlayers}${setup.guard ? '; without the password plugin' : ''}`,
        server: {
          ...server(extraWhitelist.length ? { whitelist: [...(lists?.whitelist ?? []), ...extraWhitelist] } : {}),
          // The server's own mode (behind a proxy it runs offline whoever the players are).
          auth: setup.onlineMode ? 'premium' : 'cracked',
          guard: undefined,
        },
        accounts: online ? crowdNames.map((n) => ({ name: n })) : [],
        bot: { kind, name: NAMES.latecomer },
        crowd: { count: crowd, kind, prefix: NAMES.crowd },
      }
    },
  },
  'guard-register-login': {
    label: 'password plugin: registers and logs in',
    plan: ({ setup, guardKind }) =>
      setup.guard
        ? {
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
          }
        : undefined,
  },
  'guard-idle': {
    label: 'password plugin: never logs in',
    plan: ({ setup, guardKind, guardIdleWait }) =>
      setup.guard
        ? {
            who: `${NAMES.idler} (${guardKind}, never types a password)`,
            note: setup.guard.timeoutMs > 0 ? `guard timeout ${setup.guard.timeoutMs} ms` : 'guard timeout 0: never kicks',
            accounts: guardKind === 'premium' ? [{ name: NAMES.idler }] : [],
            bot: { kind: guardKind, name: NAMES.idler, steps: [{ do: 'expectKick', timeoutMs: guardIdleWait }] },
          }
        : undefined,
  },
} satisfies Record<string, ProbeDefinition>

export type ProbeId = keyof typeof PROBES

/** Every probe id, in the table's order. */
export const PROBE_IDS = Object.keys(PROBES) as ProbeId[]

/** How rows and diff lines name the probe `id`. */
export function probeLabel(id: ProbeId): string {
  return PROBES[id].label
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
  /** A Paper server's own files: the probes' servers play Paper with the folder's real values. */
  paperFiles?: PaperFiles
  /** What the backend checks of a proxy's forwarding beyond its Paper files (BungeeGuard's allowed tokens). */
  forwarding?: BackendForwarding
  /** The proxy in front (`--proxy-dir`): the proxy probes run through it, to this server as its first `try` server. */
  proxy?: ProxySetup
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
  /** The profile key a premium bot presents (1.19+); default `valid`, as a launcher. */
  profileKey?: ProfileKeyMode
  steps?: BotStep[]
  /** Connect from this loopback address while the launcher's join comes from 127.0.0.1. */
  localAddress?: string
  /** The handshake's host field as sent (a forged BungeeCord forwarding handshake). */
  handshakeHost?: string
  /** Arrive as a transfer does (1.20.5+): handshake intention TRANSFER (3), no cookies. */
  transferred?: boolean
  /** Through the probe's proxy (its `proxy` plan) instead of straight to the server. */
  via?: 'proxy'
}

/** The host's proxy as a probe starts it, in front of the probe's server. */
export interface ProxyPlan {
  type: ProxySetup['settings']['type']
  forwarding: ProxySetup['settings']['forwarding']
  secret?: string
  online: boolean
  loginRatelimitMs?: number
  /** The name the proxy gives the server (the first of its try order), which its kick texts quote. */
  serverName: string
}

export interface ProbePlan {
  probe: ProbeId
  label: string
  /** Who tried, in words: name and kind of player. */
  who: string
  /** A caveat printed with the row (e.g. the whitelist is off). */
  note?: string
  /** The first release the probe means something on (e.g. 1.20.5 for transfers): older versions leave it out. */
  since?: string
  /** The server: auth mode, the file's settings and lists, a guard. */
  server: {
    auth: AuthMode
    properties: LoginProperties
    whitelist?: string[]
    lists?: ServerLists
    guard?: GuardOptions
    platform?: Platform
    paperFiles?: PaperFiles
    forwarding?: BackendForwarding
  }
  /** The proxy the bot goes through (`bot.via: 'proxy'`). */
  proxy?: ProxyPlan
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

/** The release that brought transfers (handshake intention 3, accepts-transfers). */
export const FIRST_TRANSFER_RELEASE = '1.20.5'

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
  const context = probeContext(setup)
  const plans: ProbePlan[] = []
  for (const probe of PROBE_IDS) {
    const definition: ProbeDefinition = PROBES[probe]
    if (context.proxy && definition.behindProxy === 'none') continue
    const draft = definition.plan(context)
    if (!draft) continue
    const plan: ProbePlan = { probe, label: definition.label, ...draft, server: draft.server ?? context.server() }
    plans.push(context.proxy && definition.behindProxy !== 'around' ? throughProxy(plan, context.proxy) : plan)
  }
  return plans
}

function probeContext(setup: ProbeSetup): ProbeContext {
  const lists = setup.lists
  // Who the players are: behind a proxy its online-mode decides (the server runs offline there).
  const online = setup.proxy ? setup.proxy.settings.online : setup.onlineMode
  const fromFiles = lists !== undefined
  const { member: whitelisted, op, banned } = setup.cast ?? castOf(lists)
  const listed = (entry: ProfileEntry, kind: keyof ServerLists, file: string) => {
    const onThisSide = (lists?.[kind] ?? []).some(
      (e) => 'uuid' in e && e.uuid.replaceAll('-', '').toLowerCase() === entry.uuid.replaceAll('-', '').toLowerCase(),
    )
    return `${onThisSide ? 'on' : 'not on'} ${file}, uuid ${toDashedUuid(entry.uuid)}`
  }
  const memberName = whitelisted?.name ?? setup.whitelistNames[0] ?? NAMES.premium
  const impersonated = op?.name ?? setup.opName
  const auth: AuthMode = setup.onlineMode ? 'premium' : setup.guard ? 'guarded' : 'cracked'
  // The host's own AuthMe values (AntiBot, per-address limits included), never the test set-up.
  const guard: GuardOptions | undefined = setup.guard ? { ...setup.guard, registered: { [impersonated]: OPERATOR_PASSWORD } } : undefined
  // Without list files nobody's UUID is known: the probe players stand for the host's own players
  // and are whitelisted by name (the old, name-based view), and only the stranger is not.
  const probeNames = [NAMES.premium, NAMES.cracked, NAMES.newcomer, NAMES.idler, NAMES.latecomer, setup.opName]
  const nameWhitelist =
    !fromFiles && setup.whiteList
      ? [...new Set([...setup.whitelistNames, ...probeNames])]
      : setup.whitelistNames.length
        ? setup.whitelistNames
        : undefined
  return {
    setup,
    online,
    lists,
    whitelisted,
    op,
    banned,
    memberName,
    memberAccount: whitelisted ? accountFor(whitelisted) : { name: memberName },
    memberNote: whitelisted ? listed(whitelisted, 'whitelist', 'whitelist.json') : fromFiles ? 'not on any list' : undefined,
    impersonated,
    stranger: strangerName(setup, [memberName, impersonated, op?.name, banned?.name]),
    guard,
    guardKind: online ? 'premium' : 'cracked',
    guardIdleWait: (setup.guard?.timeoutMs ?? 0) + 5000,
    listed,
    proxy: proxyPlanOf(setup.proxy),
    server: (extra = {}) => ({
      auth,
      properties: setup.properties,
      whitelist: nameWhitelist,
      lists: lists || Object.keys(extra).length ? { ...lists, ...extra } : undefined,
      guard,
      ...(setup.paperFiles ? { platform: 'paper' as const, paperFiles: setup.paperFiles } : {}),
      ...(setup.forwarding ? { forwarding: setup.forwarding } : {}),
    }),
  }
}

/** `plan` with its player (and crowd) coming through the host's proxy, as players reach the server. */
function throughProxy(plan: ProbePlan, proxy: ProxyPlan): ProbePlan {
  if (!plan.crowd) return { ...plan, who: `${plan.who}, through ${proxyName(proxy)}`, proxy, bot: { ...plan.bot, via: 'proxy' } }
  // The crowd all come from one address: Velocity's login-ratelimit would refuse them, not the server.
  const note = [plan.note, "the proxy's login rate limit lifted for the crowd"].filter(Boolean).join('; ')
  return {
    ...plan,
    who: `${plan.who}, through ${proxyName(proxy)}`,
    note,
    proxy: { ...proxy, loginRatelimitMs: proxy.type === 'velocity' ? 0 : undefined },
    bot: { ...plan.bot, via: 'proxy' },
  }
}

function proxyName(proxy: ProxyPlan): string {
  return { velocity: 'Velocity', bungeecord: 'BungeeCord', waterfall: 'Waterfall' }[proxy.type]
}

function proxyPlanOf(proxy: ProxySetup | undefined): ProxyPlan | undefined {
  if (!proxy) return undefined
  const { type, forwarding, secret, online, loginRatelimitMs } = proxy.settings
  return { type, forwarding, ...(secret ? { secret } : {}), online, loginRatelimitMs, serverName: proxy.serverName }
}

function strangerName(setup: ProbeSetup, taken: Array<string | undefined>): string {
  const used = new Set(
    [
      ...setup.whitelistNames,
      setup.opName,
      ...taken,
      ...(setup.lists?.whitelist ?? []).map((e) => e.name),
      ...(setup.lists?.ops ?? []).map((e) => e.name),
    ]
      .filter((n): n is string => n !== undefined)
      .map((n) => n.toLowerCase()),
  )
  for (let i = 0; ; i++) {
    const name = i === 0 ? 'Mallory' : `Mallory${i}`
    if (!used.has(name.toLowerCase())) return name
  }
}
