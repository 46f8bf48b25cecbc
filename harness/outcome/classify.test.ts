import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { classify, type AttemptRecord } from './classify.ts'
import { OUTCOME_CODES, type OutcomeCode } from './codes.ts'
import type { Platform } from '../platforms.ts'
import { englishText, englishTextWithSource, renderLoginFailed } from './language.ts'

const require = createRequire(import.meta.url)
const nbt = require('prismarine-nbt')

const base: AttemptRecord = { spawned: false, clientErrors: [], timedOut: false }
const kick = (reason: unknown, version = '1.20.4') => classify({ ...base, kickReason: reason }, version)
const translate = (key: string, args?: string[]) => JSON.stringify(args ? { translate: key, with: args } : { translate: key })

describe('language', () => {
  it('reads English per version from minecraft-data', () => {
    expect(englishText('multiplayer.disconnect.authservers_down', '1.20.4')).toBe(
      'Authentication servers are down. Please try again later, sorry!',
    )
    expect(englishText('multiplayer.disconnect.authservers_down', '1.21.11')).toBe(
      'Authentication servers are down. Please try again later. Sorry!',
    )
    expect(englishText('no.such.key', '1.20.4')).toBeUndefined()
  })

  it('falls back to the oldest newer release that has a key', () => {
    // 1.8.8 servers sent literal English; the keys arrived with 1.12 (not_whitelisted with 1.13).
    expect(englishTextWithSource('multiplayer.disconnect.not_whitelisted', '1.8.8')).toEqual({
      text: 'You are not white-listed on this server!',
      from: '1.13',
    })
    expect(englishTextWithSource('multiplayer.disconnect.authservers_down', '1.8.8')?.from).toBe('1.12')
  })

  it('renders the client failure screen per version', () => {
    expect(renderLoginFailed('disconnect.loginFailedInfo.invalidSession', '1.20.4')).toBe(
      'Failed to log in: Invalid session (Try restarting your game and the launcher)',
    )
    expect(renderLoginFailed('disconnect.loginFailedInfo.invalidSession', '1.8.8')).toBe(
      'Failed to login: Invalid session (Try restarting your game)',
    )
    expect(renderLoginFailed('disconnect.loginFailedInfo.serversUnavailable', '1.8.8')).toBe(
      'Failed to login: The authentication servers are currently down for maintenance.',
    )
    expect(renderLoginFailed('disconnect.loginFailedInfo.serversUnavailable', '26.1')).toBe(
      'Failed to log in: The authentication servers are currently not reachable. Please try again.',
    )
  })

  it('rejects a version minecraft-data does not know', () => {
    expect(() => englishText('multiplayer.disconnect.server_full', '9.9.9')).toThrow(/unknown to minecraft-data/)
  })
})

describe('classify: one case per outcome code', () => {
  const cases: Array<[OutcomeCode, AttemptRecord, string, { key: string | null; message: string }, Platform?]> = [
    ['success', { ...base, spawned: true }, '1.20.4', { key: null, message: 'Joined' }],
    [
      'invalid_session',
      {
        ...base,
        clientErrors: ['session join rejected: HTTP 403 ForbiddenOperationException: Invalid token'],
        endReason: 'encryptionLoginError',
      },
      '1.20.4',
      {
        key: 'disconnect.loginFailedInfo.invalidSession',
        message: 'Failed to log in: Invalid session (Try restarting your game and the launcher)',
      },
    ],
    [
      'auth_servers_unreachable',
      { ...base, clientErrors: ['session join failed: HTTP 503'], endReason: 'encryptionLoginError' },
      '1.20.4',
      {
        key: 'disconnect.loginFailedInfo.serversUnavailable',
        message: 'Failed to log in: The authentication servers are currently not reachable. Please try again.',
      },
    ],
    [
      'unverified_username',
      { ...base, kickReason: translate('multiplayer.disconnect.unverified_username') },
      '1.20.4',
      { key: 'multiplayer.disconnect.unverified_username', message: 'Failed to verify username!' },
    ],
    [
      'auth_servers_down',
      { ...base, kickReason: translate('multiplayer.disconnect.authservers_down') },
      '1.20.4',
      { key: 'multiplayer.disconnect.authservers_down', message: 'Authentication servers are down. Please try again later, sorry!' },
    ],
    [
      'not_whitelisted',
      { ...base, kickReason: translate('multiplayer.disconnect.not_whitelisted') },
      '1.20.4',
      { key: 'multiplayer.disconnect.not_whitelisted', message: 'You are not white-listed on this server!' },
    ],
    [
      'banned',
      { ...base, kickReason: translate('multiplayer.disconnect.banned.reason', ['griefing']) },
      '1.20.4',
      { key: 'multiplayer.disconnect.banned.reason', message: 'You are banned from this server.\nReason: griefing' },
    ],
    [
      'server_full',
      { ...base, kickReason: translate('multiplayer.disconnect.server_full') },
      '1.20.4',
      { key: 'multiplayer.disconnect.server_full', message: 'The server is full!' },
    ],
    [
      'duplicate_login',
      { ...base, spawned: true, kickReason: translate('multiplayer.disconnect.duplicate_login') },
      '1.20.4',
      { key: 'multiplayer.disconnect.duplicate_login', message: 'You logged in from another location' },
    ],
    [
      'slow_login',
      { ...base, kickReason: translate('multiplayer.disconnect.slow_login') },
      '1.20.4',
      { key: 'multiplayer.disconnect.slow_login', message: 'Took too long to log in' },
    ],
    [
      'incompatible_version',
      { ...base, kickReason: translate('multiplayer.disconnect.incompatible', ['1.20.4']) },
      '1.20.4',
      { key: 'multiplayer.disconnect.incompatible', message: 'Incompatible client! Please use 1.20.4' },
    ],
    [
      'forwarding_refused',
      { ...base, kickReason: JSON.stringify({ text: 'This server requires you to connect with Velocity.' }) },
      '1.20.4',
      { key: null, message: 'This server requires you to connect with Velocity.' },
    ],
    [
      'throttled',
      { ...base, kickReason: JSON.stringify({ text: 'Connection throttled! Please wait before reconnecting.' }) },
      '1.20.4',
      { key: null, message: 'Connection throttled! Please wait before reconnecting.' },
      'paper',
    ],
    [
      'kicked',
      { ...base, spawned: true, kickReason: JSON.stringify({ text: 'Wrong password!', color: 'red' }) },
      '1.20.4',
      { key: null, message: 'Wrong password!' },
    ],
    [
      'transfer_refused',
      { ...base, kickReason: JSON.stringify({ translate: 'multiplayer.disconnect.transfers_disabled' }) },
      '1.20.6',
      { key: 'multiplayer.disconnect.transfers_disabled', message: 'Server does not accept transfers' },
    ],
    [
      'transfer_refused',
      { ...base, kickReason: JSON.stringify({ translate: 'multiplayer.disconnect.transfers_disabled' }) },
      '26.1',
      { key: 'multiplayer.disconnect.transfers_disabled', message: 'This server does not accept transfers' },
    ],
    [
      'chat_refused',
      { ...base, spawned: true, chatRefusal: 'chat.disabled.missingProfileKey' },
      '1.20.4',
      { key: 'chat.disabled.missingProfileKey', message: 'Chat disabled due to missing profile public key. Please try reconnecting.' },
    ],
    [
      'timeout',
      { ...base, timedOut: true, timeoutDetail: 'no spawn within 20000 ms' },
      '1.20.4',
      { key: null, message: 'no spawn within 20000 ms' },
    ],
    [
      'connection_error',
      {
        ...base,
        socketError: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
        clientErrors: ['connect ECONNREFUSED 127.0.0.1:1'],
        endReason: 'socketClosed',
      },
      '1.20.4',
      { key: null, message: 'connect ECONNREFUSED 127.0.0.1:1' },
    ],
  ]

  it('covers the whole closed set', () => {
    expect(new Set(cases.map(([code]) => code))).toEqual(new Set(OUTCOME_CODES))
  })

  for (const [code, record, version, expected, platform] of cases) {
    it(code, () => {
      expect(classify(record, version, platform)).toEqual({ outcome: code, ...expected })
    })
  }
})

describe('classify: kicks', () => {
  it('reads NBT kicks (1.20.3+ play phase) like JSON ones', () => {
    const asNbt = nbt.comp({ translate: nbt.string('multiplayer.disconnect.banned.reason'), with: nbt.list(nbt.string(['griefing'])) })
    expect(kick(asNbt)).toEqual(kick(translate('multiplayer.disconnect.banned.reason', ['griefing'])))
    // Mixed NBT lists wrap their entries as {"": value}.
    const wrapped = nbt.comp({
      translate: nbt.string('multiplayer.disconnect.banned.reason'),
      with: nbt.list(nbt.comp([{ '': nbt.string('griefing') }])),
    })
    expect(kick(wrapped).message).toBe('You are banned from this server.\nReason: griefing')
    const plain = nbt.comp({ text: nbt.string(''), extra: nbt.list(nbt.comp([{ text: nbt.string('Login timeout exceeded') }])) })
    expect(kick(plain)).toEqual({ outcome: 'kicked', key: null, message: 'Login timeout exceeded' })
    expect(kick(nbt.string('Bye'))).toEqual({ outcome: 'kicked', key: null, message: 'Bye' })
  })

  it('gives each version its own English', () => {
    const down = translate('multiplayer.disconnect.authservers_down')
    expect(kick(down, '1.21.8').message).toBe('Authentication servers are down. Please try again later, sorry!')
    expect(kick(down, '1.21.11').message).toBe('Authentication servers are down. Please try again later. Sorry!')
    expect(kick(down, '26.1').message).toBe('Authentication servers are down. Please try again later. Sorry!')
  })

  it('maps literal vanilla texts to the same code and key', () => {
    // minecraft-protocol's stock server kicks with this literal on any hasJoined failure.
    expect(kick(JSON.stringify({ text: 'Failed to verify username!' }))).toEqual({
      outcome: 'unverified_username',
      key: 'multiplayer.disconnect.unverified_username',
      message: 'Failed to verify username!',
    })
    // Old servers: bare strings, the older wording, legacy colour codes.
    expect(kick('Authentication servers are down. Please try again later, sorry!', '1.21.11').outcome).toBe('auth_servers_down')
    expect(kick('§cThe server is full!', '1.8.8')).toEqual({
      outcome: 'server_full',
      key: 'multiplayer.disconnect.server_full',
      message: 'The server is full!',
    })
    expect(kick('You are banned from this server!\nReason: spam', '1.8.8').outcome).toBe('banned')
    expect(kick(JSON.stringify('  You logged in from another location  ')).outcome).toBe('duplicate_login')
    // 1.8-1.11 servers refuse another protocol in plain English.
    expect(kick(JSON.stringify({ text: "Outdated server! I'm still on 1.8.8" }), '1.8.8')).toEqual({
      outcome: 'incompatible_version',
      key: 'multiplayer.disconnect.outdated_server',
      message: "Outdated server! I'm still on 1.8.8",
    })
    expect(kick(JSON.stringify({ text: 'Outdated client! Please use 1.8.8' }), '1.8.8').outcome).toBe('incompatible_version')
    expect(kick(translate('multiplayer.disconnect.outdated_client', ['1.13.2']), '1.13.2').message).toBe(
      'Outdated client! Please use 1.13.2',
    )
  })

  it('keeps a vanilla key outside the closed set but calls it kicked', () => {
    expect(kick(translate('multiplayer.disconnect.name_taken'))).toEqual({
      outcome: 'kicked',
      key: 'multiplayer.disconnect.name_taken',
      message: 'That name is already taken',
    })
    expect(kick(translate('myplugin.kick'))).toEqual({ outcome: 'kicked', key: null, message: 'myplugin.kick' })
  })

  it('prefers the kick over anything else in the record', () => {
    expect(
      classify(
        { ...base, spawned: true, timedOut: true, endReason: 'socketClosed', kickReason: translate('multiplayer.disconnect.server_full') },
        '1.20.4',
      ).outcome,
    ).toBe('server_full')
  })
})

describe('classify: client-side join failures', () => {
  const joinFail = (errors: string[], version = '1.20.4') =>
    classify({ ...base, clientErrors: errors, endReason: 'encryptionLoginError' }, version)

  it('maps minecraft-protocol stock messages too', () => {
    expect(joinFail(['Invalid token']).outcome).toBe('invalid_session')
    expect(joinFail(['Response is not JSON. Status code: 503']).outcome).toBe('auth_servers_unreachable')
    expect(
      joinFail(['request to http://127.0.0.1:1/session/minecraft/join failed, reason: connect ECONNREFUSED 127.0.0.1:1']).outcome,
    ).toBe('auth_servers_unreachable')
  })

  it('words 401, timeouts and resets as the vanilla client does', () => {
    expect(joinFail(['session join rejected: HTTP 401']).key).toBe('disconnect.loginFailedInfo.invalidSession')
    expect(joinFail(['session join failed: no answer within 5000 ms']).key).toBe('disconnect.loginFailedInfo.serversUnavailable')
    expect(joinFail(['session join failed: ECONNRESET socket hang up'], '1.8.8').message).toBe(
      'Failed to login: The authentication servers are currently down for maintenance.',
    )
  })

  it('keeps insufficientPrivileges and userBanned as rejections with their own key', () => {
    expect(joinFail(['session join rejected: HTTP 403 InsufficientPrivilegesException: no'])).toEqual({
      outcome: 'invalid_session',
      key: 'disconnect.loginFailedInfo.insufficientPrivileges',
      message: 'Failed to log in: Multiplayer is disabled. Please check your Microsoft account settings.',
    })
    expect(joinFail(['session join rejected: HTTP 403 UserBannedException: x']).key).toBe('disconnect.loginFailedInfo.userBanned')
  })

  it('treats a dropped connection after spawn as a kick without reason', () => {
    expect(classify({ ...base, spawned: true, endReason: 'socketClosed' }, '1.20.4')).toEqual({
      outcome: 'kicked',
      key: null,
      message: 'Connection lost (socketClosed)',
    })
  })
})

describe('proxy and forwarding texts', () => {
  const kick = (reason: unknown) => classify({ spawned: false, clientErrors: [], timedOut: false, kickReason: reason }, '1.20.4')
  it("Paper's and Spigot's forwarding refusals are forwarding_refused", () => {
    expect(kick(JSON.stringify({ text: 'Unable to verify player details' }))).toEqual({
      outcome: 'forwarding_refused',
      key: null,
      message: 'Unable to verify player details',
    })
    expect(kick(JSON.stringify({ text: '§cUnable to authenticate.' })).outcome).toBe('forwarding_refused')
  })
  it("a backend's reason inside Velocity's rendered wrapper is named by the backend's reason", () => {
    const wrapped = {
      color: 'red',
      text: '',
      extra: [
        { text: 'Unable to connect to ' },
        { text: 'lobby' },
        { text: ': ' },
        { translate: 'multiplayer.disconnect.not_whitelisted' },
      ],
    }
    expect(kick(JSON.stringify(wrapped))).toEqual({
      outcome: 'not_whitelisted',
      key: 'multiplayer.disconnect.not_whitelisted',
      message: 'Unable to connect to lobby: You are not white-listed on this server!',
    })
  })
  it("BungeeCord's wrapper and its own online-mode texts", () => {
    const legacy = {
      text: '',
      extra: [
        { color: 'red', text: 'Kicked whilst connecting to lobby: ' },
        { color: 'white', text: 'Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?' },
      ],
    }
    expect(kick(JSON.stringify(legacy)).outcome).toBe('forwarding_refused')
    expect(kick(JSON.stringify({ text: '', extra: [{ color: 'red', text: 'Not authenticated with Minecraft.net' }] }))).toMatchObject({
      outcome: 'unverified_username',
      key: null,
    })
    expect(kick(JSON.stringify({ text: '§cError occurred while contacting login servers, are they down?' })).outcome).toBe(
      'auth_servers_down',
    )
  })
  it('a wrapper around an unknown reason stays kicked', () => {
    expect(kick(JSON.stringify({ text: 'Unable to connect to lobby: go away' })).outcome).toBe('kicked')
  })
})
