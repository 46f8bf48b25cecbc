import { describe, expect, it } from 'vitest'
import type { ProbeId } from './probes.ts'
import type { CheckContext, ProbeResult } from './types.ts'
import { checkWarnings, describe as describeResult } from './warnings.ts'

const context = (over: Partial<CheckContext> = {}): CheckContext => ({
  file: 'server.properties',
  version: '1.20.4',
  onlineMode: false,
  whiteList: false,
  guard: false,
  opName: 'Notch',
  ...over,
})

const row = (probe: ProbeId, outcome: string, message = ''): ProbeResult => ({
  probe,
  label: probe,
  who: 'x',
  outcome,
  key: null,
  message,
  ms: 1,
})

const JOINED = 'Joined'
const UNVERIFIED = 'Failed to verify username!'

describe('checkWarnings', () => {
  it('warns that anyone can join, and that impersonation works, on an open offline server', () => {
    const warnings = checkWarnings(
      [row('premium', 'success', JOINED), row('cracked', 'success', JOINED), row('impersonator', 'success', JOINED)],
      context(),
    )
    expect(warnings).toContain('Anyone can join under any name (online-mode=false and no password plugin)')
    expect(warnings).toContain('Impersonating "Notch" succeeded: use online-mode=true or a password plugin (AuthMe)')
    expect(warnings.some((w) => w.startsWith('The whitelist is off and online-mode=false'))).toBe(true)
  })

  it('names the operator the impersonator took', () => {
    const warnings = checkWarnings([row('impersonator', 'success')], context({ opName: 'AdminBob' }))
    expect(warnings).toContain('Impersonating "AdminBob" succeeded: use online-mode=true or a password plugin (AuthMe)')
  })

  it('says a whitelist does not stop impersonators on an offline server', () => {
    const warnings = checkWarnings(
      [row('cracked', 'success'), row('impersonator', 'success'), row('not-whitelisted', 'not_whitelisted')],
      context({ whiteList: true }),
    )
    expect(warnings.some((w) => w.startsWith('white-list=true does not stop impersonators'))).toBe(true)
    expect(warnings.some((w) => w.startsWith('The whitelist is off'))).toBe(false)
  })

  it('does not call cracked players a risk behind a password plugin that kicked the impersonator', () => {
    const warnings = checkWarnings(
      [
        row('cracked', 'success'),
        row('impersonator', 'kicked', 'Wrong password!'),
        row('guard-register-login', 'success'),
        row('guard-idle', 'kicked', 'Login timeout exceeded'),
      ],
      context({ guard: true }),
    )
    expect(warnings).toEqual([])
  })

  it('tells an online-mode host that cracked launchers are locked out, and nothing else when all is well', () => {
    const warnings = checkWarnings(
      [
        row('premium', 'success', JOINED),
        row('cracked', 'unverified_username', UNVERIFIED),
        row('impersonator', 'unverified_username', UNVERIFIED),
      ],
      context({ onlineMode: true }),
    )
    expect(warnings).toEqual(['Players with cracked launchers are locked out: they see "Failed to verify username!"'])
  })

  it('warns when a premium player is refused while the session server is healthy', () => {
    const warnings = checkWarnings([row('premium', 'server_full', 'The server is full!')], context({ onlineMode: true }))
    expect(warnings).toContain('A premium player is refused while the session server is healthy: server_full ("The server is full!")')
  })

  it('says what enforce-secure-profile does to players without a profile key (login refused on 1.19-1.19.2, chat from 1.19.3)', () => {
    const kicked = { ...row('no-profile-key', 'kicked', 'Missing profile public key.'), key: 'multiplayer.disconnect.missing_public_key' }
    expect(checkWarnings([kicked], context({ onlineMode: true, version: '1.19.2' }))).toEqual([
      'Players whose launcher sends no profile key (chat signing off, some third-party launchers) are refused: kicked ("Missing profile public key.") (enforce-secure-profile=true)',
    ])
    const refused = {
      ...row('no-profile-key', 'chat_refused', 'Chat disabled due to missing profile public key. Please try reconnecting.'),
      key: 'chat.disabled.missingProfileKey',
    }
    expect(checkWarnings([refused], context({ onlineMode: true, version: '1.20.4' }))[0]).toMatch(
      /^Players whose launcher sends no profile key/,
    )
    expect(checkWarnings([row('no-profile-key', 'success')], context({ onlineMode: true, version: '1.20.4' }))).toEqual([])
  })

  it('warns when the whitelist lets a stranger in or the password plugin misbehaves', () => {
    const warnings = checkWarnings(
      [row('not-whitelisted', 'success'), row('guard-register-login', 'timeout', 'no chat'), row('guard-idle', 'success')],
      context({ onlineMode: true, whiteList: true, guard: true }),
    )
    expect(warnings).toContain('white-list=true, but a player not on the whitelist got in')
    expect(warnings).toContain('A new player could not register with the password plugin: timeout ("no chat")')
    expect(warnings).toContain('The password plugin did not kick a player who never logged in: success')
  })

  it('reports probes the harness could not run', () => {
    const warnings = checkWarnings([row('premium-session-hang', 'error', 'server did not start')], context({ onlineMode: true }))
    expect(warnings).toEqual(['The harness could not run the "premium-session-hang" probe: server did not start'])
  })

  it('quotes multi-line messages on one line', () => {
    expect(describeResult({ outcome: 'kicked', message: 'Missing profile public key.\nThis server requires secure profiles.' })).toBe(
      'kicked ("Missing profile public key. This server requires secure profiles.")',
    )
  })
})

describe('forged BungeeCord handshake', () => {
  it('a joined forged handshake is an operator takeover, named with its fix', () => {
    const probes = [
      { probe: 'forged-handshake', outcome: 'success', who: 'Notch (cracked client straight to the server)' },
    ] as unknown as Parameters<typeof checkWarnings>[0]
    const warnings = checkWarnings(probes, { onlineMode: false, whiteList: true, opName: 'Notch' } as unknown as Parameters<
      typeof checkWarnings
    >[1])
    expect(warnings.find((w) => w.startsWith('A forged BungeeCord handshake joined as Notch'))).toMatch(
      /BungeeGuard.*Velocity modern forwarding.*firewall/,
    )
  })
  it('a refused one is not', () => {
    const probes = [{ probe: 'forged-handshake', outcome: 'forwarding_refused', who: 'Notch' }] as unknown as Parameters<
      typeof checkWarnings
    >[0]
    expect(
      checkWarnings(probes, { onlineMode: false, whiteList: true, opName: 'Notch' } as unknown as Parameters<typeof checkWarnings>[1]).some(
        (w) => w.includes('forged'),
      ),
    ).toBe(false)
  })
})

describe('checkWarnings behind a proxy', () => {
  const proxied = (over: Partial<NonNullable<CheckContext['proxy']>> = {}) =>
    context({ proxy: { dir: '/srv/proxy', type: 'velocity', forwarding: 'modern', online: true, notPlayed: [], ...over } })

  it.each([
    [
      'Unable to connect to lobby: Unable to verify player details',
      /put the content of the proxy's forwarding.secret in the backend's config\/paper-global.yml proxies.velocity.secret/,
    ],
    [
      'Your server did not send a forwarding request to the proxy. Make sure the server is configured for Velocity forwarding.',
      /set proxies.velocity.enabled: true/,
    ],
    [
      'Kicked whilst connecting to lobby: Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?',
      /settings.bungeecord: false: set it to true/,
    ],
    ['Unable to connect to lobby: This server requires you to connect with Velocity.', /player-info-forwarding-mode = "modern"/],
    ['Kicked whilst connecting to lobby: Unable to authenticate.', /allowed-tokens/],
  ])('a premium player refused over forwarding (%s) gets the fix for that side', (message, fix) => {
    const warnings = checkWarnings([row('premium', 'forwarding_refused', message)], proxied())
    const warning = warnings.find((w) => w.startsWith('A premium player is refused'))!
    expect(warning).toContain(message)
    expect(warning).toMatch(fix)
  })

  it('names the offline UUID a backend gives a premium player when the proxy forwards nothing', () => {
    const premium = {
      ...row('premium', 'success', JOINED),
      who: 'Alice (premium account), through Velocity',
      backendUuid: '10920508-d5d8-3eed-93d2-92f193afe7d7',
    }
    const warnings = checkWarnings([premium], proxied({ forwarding: 'none' }))
    expect(warnings.find((w) => w.startsWith('Behind the proxy'))).toMatch(
      /gives Alice the offline UUID 10920508-d5d8-3eed-93d2-92f193afe7d7.*player-info-forwarding-mode = "none"/,
    )
    // Behind an offline proxy every player has an offline UUID: nothing to say.
    expect(checkWarnings([premium], proxied({ forwarding: 'none', online: false })).some((w) => w.startsWith('Behind the proxy'))).toBe(
      false,
    )
    // The premium UUID forwarded: nothing to say.
    const forwarded = { ...premium, backendUuid: '6a085b2c-19fb-4986-b453-231aa942bbec' }
    expect(checkWarnings([forwarded], proxied()).some((w) => w.startsWith('Behind the proxy'))).toBe(false)
  })

  it('warns when a client gets in around the proxy, and says what was not probed', () => {
    const direct = {
      ...row('backend-direct', 'success', JOINED),
      who: "Notch (cracked client straight to the backend's port, plain handshake)",
    }
    const warnings = checkWarnings(
      [direct],
      proxied({ notPlayed: ['velocity.toml forced-hosts (a.example.com): the probes connect without a forced host name'] }),
    )
    expect(warnings.find((w) => w.startsWith('A cracked client that connects straight to the backend'))).toMatch(
      /gets in as Notch.*firewall/,
    )
    expect(warnings).toContain('Not probed: velocity.toml forced-hosts (a.example.com): the probes connect without a forced host name')
  })

  it("judges strangers by the proxy's online-mode, not the backend's (offline behind every proxy)", () => {
    expect(checkWarnings([], proxied({ online: true })).some((w) => w.startsWith('The whitelist is off'))).toBe(false)
    expect(checkWarnings([], proxied({ online: false }))).toContain(
      'The whitelist is off and online-mode=false on the proxy: nothing keeps strangers out; anyone who knows the address can join',
    )
  })
})
