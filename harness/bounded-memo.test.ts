import { describe, expect, it } from 'vitest'
import { BoundedMemo } from './bounded-memo.ts'

describe('BoundedMemo', () => {
  it('makes a value once per kept key, null included, and drops the oldest past its limit', () => {
    const made: string[] = []
    const memo = new BoundedMemo<string, string | null>(2)
    const get = (key: string) => memo.get(key, () => (made.push(key), key === 'none' ? null : key.toUpperCase()))
    expect(get('a')).toBe('A')
    expect(get('a')).toBe('A')
    expect(get('none')).toBeNull()
    expect(get('none')).toBeNull()
    expect(made).toEqual(['a', 'none'])
    get('b') // the third key: 'a', the oldest, goes
    get('none')
    get('a')
    expect(made).toEqual(['a', 'none', 'b', 'a'])
  })
})
