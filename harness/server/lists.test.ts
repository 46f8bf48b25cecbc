import { describe, expect, it } from 'vitest'
import { ServerListsState, parseExpiry } from './lists.ts'

const NOTCH = { uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5', name: 'Notch' }

describe('vanilla list files in memory', () => {
  it('keys players by UUID in any spelling, never by name', () => {
    const lists = new ServerListsState({ whitelist: [NOTCH], ops: [{ ...NOTCH, bypassesPlayerLimit: true }] })
    expect(lists.isWhitelisted('069A79F444E94726A5BEFCA90E38AAF5')).toBe(true)
    expect(lists.isWhitelisted('b50ad385-829d-3141-a216-7e7d7539ba7f')).toBe(false)
    expect(lists.bypassesPlayerLimit(NOTCH.uuid)).toBe(true)
    lists.replaceWhitelist([])
    expect(lists.isWhitelisted(NOTCH.uuid)).toBe(false)
  })

  it("reads vanilla's ban dates: forever, a zone offset, and expired bans drop out", () => {
    expect(parseExpiry('forever')).toBeUndefined()
    expect(parseExpiry('2030-01-31 12:00:00 +0100')!.toISOString()).toBe('2030-01-31T11:00:00.000Z')
    expect(parseExpiry('tomorrow')).toBeNull()
    const lists = new ServerListsState({
      bannedPlayers: [{ ...NOTCH, reason: 'x', expires: '2030-01-01 00:00:00 +0000' }],
      bannedIps: [{ ip: '127.0.0.9' }],
    })
    expect(lists.ban(NOTCH.uuid, new Date('2029-12-31T00:00:00Z'))).toEqual({ reason: 'x', expires: new Date('2030-01-01T00:00:00Z') })
    expect(lists.ban(NOTCH.uuid, new Date('2030-01-02T00:00:00Z'))).toBeUndefined()
    expect(lists.ipBan('127.0.0.9')).toEqual({ reason: 'Banned by an operator.', expires: undefined })
  })

  it('rejects a bad UUID or date at configuration, naming the entry', () => {
    expect(() => ServerListsState.validate({ ops: [{ uuid: 'x', name: 'Bob' }] })).toThrow('ops entry 1 (Bob): uuid "x" is not a UUID')
    expect(() => ServerListsState.validate({ bannedIps: [{ ip: '1.2.3.4', expires: 'soon' }] })).toThrow(
      'banned ips entry 1: expires "soon"',
    )
  })
})
