import { describe, expect, it } from 'vitest'
import { diffChecks, diffExitCode, formatChange } from './diff.ts'
import { parseAcceptFlag, parseExpectations } from './expectations.ts'
import { probeLabel, type ProbeId } from './probes.ts'
import { diffToJson, diffToText } from '../report/check.ts'
import type { CheckReport, ProbeResult } from './types.ts'

const row = (probe: ProbeId, outcome: string, message = ''): ProbeResult => ({
  probe,
  label: probeLabel(probe),
  who: 'x',
  outcome,
  key: null,
  message,
  ms: 5,
})

const report = (probes: ProbeResult[], warnings: string[] = []): CheckReport => ({
  context: { file: 'f', version: '1.20.4', onlineMode: false, whiteList: false, guard: false, opName: 'Notch' },
  probes,
  warnings,
  ms: 1,
})

const offline = report(
  [row('premium', 'success', 'Joined'), row('cracked', 'success', 'Joined'), row('impersonator', 'success', 'Joined')],
  ['Anyone can join'],
)
const online = report(
  [
    row('premium', 'success', 'Joined'),
    row('cracked', 'unverified_username', 'Failed to verify username!'),
    row('impersonator', 'unverified_username', 'Failed to verify username!'),
  ],
  ['locked out'],
)

describe('diffChecks', () => {
  it('lists only the probes whose outcome changed, in probe order', () => {
    const diff = diffChecks(offline, online)
    expect(diff.changes.map((c) => c.probe)).toEqual(['cracked', 'impersonator'])
    expect(formatChange(diff.changes[0]!)).toBe('cracked player: success -> unverified_username ("Failed to verify username!")')
    expect(diffExitCode(diff)).toBe(1)
    expect(diff.warningsAdded).toEqual(['locked out'])
    expect(diff.warningsRemoved).toEqual(['Anyone can join'])
  })

  it('writes the changes as JSON', () => {
    const json = JSON.parse(diffToJson(diffChecks(offline, online, parseAcceptFlag('cracked'))))
    expect(json.changes[0]).toEqual({
      probe: 'cracked',
      before: { outcome: 'success', key: null, message: 'Joined' },
      after: { outcome: 'unverified_username', key: null, message: 'Failed to verify username!' },
      accepted: true,
    })
    expect(json.warningsAdded).toEqual(['locked out'])
  })

  it('finds nothing between identical checks (timings differ but do not count)', () => {
    const again = report(
      offline.probes.map((p) => ({ ...p, ms: p.ms + 100 })),
      offline.warnings,
    )
    const diff = diffChecks(offline, again)
    expect(diff.changes).toEqual([])
    expect(diffExitCode(diff)).toBe(0)
  })

  it('counts a new message with the same outcome as a change', () => {
    const before = report([row('guard-idle', 'kicked', 'Login timeout exceeded')])
    const after = report([row('guard-idle', 'kicked', 'You took too long to authorize!')])
    const diff = diffChecks(before, after)
    expect(diff.changes).toHaveLength(1)
    expect(formatChange(diff.changes[0]!)).toBe(
      'password plugin: never logs in: kicked ("Login timeout exceeded") -> kicked ("You took too long to authorize!")',
    )
  })

  it('shows a probe that ran on one side only', () => {
    const diff = diffChecks(report([]), report([row('guard-idle', 'kicked', 'bye')]))
    expect(formatChange(diff.changes[0]!)).toBe('password plugin: never logs in: (not run) -> kicked ("bye")')
  })

  it('exits 0 when every change is accepted by --accept', () => {
    const diff = diffChecks(offline, online, parseAcceptFlag('cracked, impersonator'))
    expect(diff.changes.every((c) => c.accepted)).toBe(true)
    expect(diffExitCode(diff)).toBe(0)
    expect(diff.unusedAcceptances).toEqual([])
  })

  it('exits 1 while one change is still unaccepted', () => {
    const diff = diffChecks(offline, online, parseAcceptFlag('cracked'))
    expect(diff.changes.find((c) => c.probe === 'impersonator')?.accepted).toBe(false)
    expect(diffExitCode(diff)).toBe(1)
    expect(diffToText(diff, 'a', 'b', false)).toContain('1 unaccepted change; accept with --accept impersonator')
  })

  it('accepts a pinned change only when the new outcome is the one agreed', () => {
    const pinned = parseExpectations(
      {
        accept: [
          { probe: 'cracked', to: 'unverified_username', reason: 'moving to online-mode' },
          { probe: 'impersonator', to: 'kicked' },
        ],
      },
      'expect.json',
    )
    const diff = diffChecks(offline, online, pinned)
    expect(diff.changes.find((c) => c.probe === 'cracked')?.accepted).toBe(true)
    expect(diff.changes.find((c) => c.probe === 'impersonator')?.accepted).toBe(false)
    expect(diff.unusedAcceptances.map((a) => a.probe)).toEqual(['impersonator'])
    const text = diffToText(diff, 'a', 'b', false)
    expect(text).toContain(
      'accepted  cracked player: success -> unverified_username ("Failed to verify username!") (expect.json: moving to online-mode)',
    )
    expect(text).toContain('changed   impersonator: success -> unverified_username')
  })
})

describe('expectations', () => {
  it('takes plain ids and objects', () => {
    expect(parseExpectations({ accept: ['cracked', { probe: 'guard-idle', to: 'kicked' }] }, 'e.json')).toEqual([
      { probe: 'cracked', source: 'e.json' },
      { probe: 'guard-idle', to: 'kicked', reason: undefined, source: 'e.json' },
    ])
  })

  it('names the file, the place and the valid probe ids for an unknown probe', () => {
    expect(() => parseExpectations({ accept: ['crackd'] }, 'e.json')).toThrow(
      /e\.json › accept › 0: "crackd" is not a probe id; use one of: premium, premium-session-503/,
    )
  })

  it('rejects an unknown outcome code and a misspelt field', () => {
    expect(() => parseExpectations({ accept: [{ probe: 'cracked', to: 'refused' }] }, 'e.json')).toThrow(/"refused" is not an outcome code/)
    expect(() => parseExpectations({ acept: ['cracked'] }, 'e.json')).toThrow(/e\.json/)
  })

  it('rejects an unknown probe in --accept, listing the valid ids', () => {
    expect(() => parseAcceptFlag('cracked,impersonater')).toThrow(
      '--accept: "impersonater" is not a probe id; use one of: premium, premium-session-503, premium-session-hang, no-profile-key, revoked-token, cracked, impersonator, not-whitelisted, whitelisted-offline, op, banned, forged-handshake, backend-direct, proxy-ip-mismatch, transfer, whitelist-removed-online, server-full, guard-register-login, guard-idle',
    )
  })
})
