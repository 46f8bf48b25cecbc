import { describe, expect, it } from 'vitest'
import { isUuid, offlineUuid, toDashedUuid, toUndashedUuid } from './uuid.ts'

describe('uuid helpers', () => {
  it('derives the offline UUID Java derives (UUID.nameUUIDFromBytes("OfflinePlayer:" + name))', () => {
    // Known values: Notch's offline UUID is widely published; version nibble 3, variant 10xx.
    expect(offlineUuid('Notch')).toBe('b50ad385-829d-3141-a216-7e7d7539ba7f')
    expect(offlineUuid('notch')).not.toBe(offlineUuid('Notch'))
    expect(offlineUuid('Alice')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('converts between dashed and undashed forms and rejects non-UUIDs', () => {
    expect(toUndashedUuid('B50AD385-829D-3141-A216-7E7D7539BA7F')).toBe('b50ad385829d3141a2167e7d7539ba7f')
    expect(toDashedUuid('b50ad385829d3141a2167e7d7539ba7f')).toBe('b50ad385-829d-3141-a216-7e7d7539ba7f')
    expect(isUuid('b50ad385829d3141a2167e7d7539ba7')).toBe(false)
    expect(() => toDashedUuid('nope')).toThrow(/not a UUID/)
  })
})
