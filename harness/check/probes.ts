import { HarnessInputError } from '../errors.ts'
import type { LoadedScenario } from '../scenario/load.ts'
import { validateScenario } from '../scenario/load.ts'
import type { ScenarioInput } from '../scenario/schema.ts'
import type { LoginProperties } from '../server/types.ts'

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

/** What the probes are run against: the server a host's server.properties describes. */
export interface ProbeSetup {
  /** Absolute path of the server.properties file. */
  propertiesFile: string
  /** The file's login settings, as read (vanilla defaults for keys it leaves out). */
  properties: LoginProperties
  onlineMode: boolean
  whiteList: boolean
  /** An AuthMe-style password plugin in front of the server. */
  guard?: { kind: 'authme'; timeoutMs: number }
  /** The premium (or operator) name the impersonator takes. */
  opName: string
  /** The host's whitelisted names (from --whitelist / --whitelist-names). */
  whitelistNames: string[]
}

export interface ProbePlan {
  probe: ProbeId
  label: string
  /** Who tried, in words: name and kind of player. */
  who: string
  /** A caveat printed with the row (e.g. the whitelist is off). */
  note?: string
  scenario: LoadedScenario
}

/** What the bots of the probes are called; the stranger gets a name nobody whitelisted. */
const NAMES = { premium: 'Alice', cracked: 'Steve', newcomer: 'Newbie', idler: 'Idler' } as const

/** The password the impersonator guesses; the operator's real one is never this. */
const WRONG_GUESS = 'password123'
const OPERATOR_PASSWORD = 'not-guessable-7f3a'

/**
 * Builds every probe as a one-bot scenario, validated like a user's scenario so a broken probe
 * fails loudly. Each probe gets its own session server and game server, so they run concurrently
 * without seeing each other (one probe's faults or registrations never leak into another).
 */
export function planProbes(setup: ProbeSetup): ProbePlan[] {
  const stranger = strangerName(setup)
  // Probe players stand for the host's own players, so they count as whitelisted; only the
  // stranger is not. Otherwise every row of a whitelisted server would just say not_whitelisted.
  const probeNames = [NAMES.premium, NAMES.cracked, NAMES.newcomer, NAMES.idler, setup.opName]
  const whitelist = setup.whiteList ? [...new Set([...setup.whitelistNames, ...probeNames])] : undefined
  const auth = setup.onlineMode ? 'premium' : setup.guard ? 'guarded' : 'cracked'
  // Guard probes are players of the kind the server admits at all: premium on an online server.
  const guardKind = setup.onlineMode ? 'premium' : 'cracked'
  const guard = setup.guard
    ? { kind: 'authme' as const, timeoutMs: setup.guard.timeoutMs, registered: { [setup.opName]: OPERATOR_PASSWORD } }
    : undefined

  const scenarios: { probe: ProbeId; who: string; note?: string; input: Pick<ScenarioInput, 'session' | 'bots'> }[] = [
    {
      probe: 'premium',
      who: `${NAMES.premium} (premium account)`,
      input: { bots: [{ account: { kind: 'premium', name: NAMES.premium }, expect: 'success' }] },
    },
    {
      probe: 'premium-session-503',
      who: `${NAMES.premium} (premium account)`,
      note: 'every session server route answers 503',
      input: {
        session: { faults: [{ route: '*', mode: 'status', status: 503 }] },
        bots: [{ account: { kind: 'premium', name: NAMES.premium }, expect: 'success' }],
      },
    },
    {
      probe: 'premium-session-hang',
      who: `${NAMES.premium} (premium account)`,
      note: "the server's hasJoined call hangs",
      input: {
        session: { faults: [{ route: 'hasJoined', mode: 'hang' }] },
        bots: [{ account: { kind: 'premium', name: NAMES.premium }, expect: 'success' }],
      },
    },
    {
      probe: 'revoked-token',
      who: `${NAMES.premium} (premium, token revoked: logged in elsewhere)`,
      input: { bots: [{ account: { kind: 'revoked', name: NAMES.premium }, expect: 'success' }] },
    },
    {
      probe: 'cracked',
      who: `${NAMES.cracked} (cracked launcher)`,
      input: { bots: [{ account: { kind: 'cracked', name: NAMES.cracked }, expect: 'success' }] },
    },
    {
      probe: 'impersonator',
      who: `${setup.opName} (cracked launcher using a premium name${guard ? ', guesses the password' : ''})`,
      input: {
        bots: [
          {
            account: { kind: 'impersonator', name: setup.opName },
            // Behind a password plugin the real operator is registered; the impersonator guesses.
            steps: guard
              ? [{ do: 'waitForChat', pattern: '/login <password>' }, { do: 'chat', text: `/login ${WRONG_GUESS}` }, { do: 'expectKick', timeoutMs: setup.guard!.timeoutMs + 5000 }]
              : undefined,
            expect: 'success',
          },
        ],
      },
    },
    {
      probe: 'not-whitelisted',
      who: `${stranger} (premium account, not whitelisted)`,
      note: setup.whiteList ? undefined : 'whitelist off: white-list=false',
      input: { bots: [{ account: { kind: 'premium', name: stranger }, expect: 'success' }] },
    },
  ]
  if (setup.guard) {
    scenarios.push(
      {
        probe: 'guard-register-login',
        who: `${NAMES.newcomer} (${guardKind}, types /register)`,
        input: {
          bots: [
            {
              account: { kind: guardKind, name: NAMES.newcomer },
              steps: [
                { do: 'waitForChat', pattern: '/register <password>' },
                { do: 'chat', text: '/register hunter22 hunter22' },
                { do: 'waitForChat', pattern: 'Successfully registered' },
              ],
              expect: 'success',
            },
          ],
        },
      },
      {
        probe: 'guard-idle',
        who: `${NAMES.idler} (${guardKind}, never types a password)`,
        note: `guard timeout ${setup.guard.timeoutMs} ms (AuthMe's default: 30 s)`,
        input: {
          bots: [{ account: { kind: guardKind, name: NAMES.idler }, steps: [{ do: 'expectKick', timeoutMs: setup.guard.timeoutMs + 5000 }], expect: 'success' }],
        },
      },
    )
  }
  return scenarios.map(({ probe, who, note, input }) => {
    const scenario = validateScenario(
      {
        name: `check: ${PROBE_LABELS[probe]}`,
        server: { auth, propertiesFile: setup.propertiesFile, whitelist, guard },
        ...input,
      },
      `probe "${probe}"`,
      setup.propertiesFile,
    )
    // Read once by planCheck, not again per probe (as the loader does for scenario files).
    scenario.fileProperties = setup.properties
    return { probe, label: PROBE_LABELS[probe], who, note, scenario }
  })
}

function strangerName(setup: ProbeSetup): string {
  const taken = new Set([...setup.whitelistNames, setup.opName].map((n) => n.toLowerCase()))
  for (let i = 0; ; i++) {
    const name = i === 0 ? 'Mallory' : `Mallory${i}`
    if (!taken.has(name.toLowerCase())) return name
  }
}
