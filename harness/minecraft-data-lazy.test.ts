import { createRequire } from 'node:module'
import { types } from 'node:util'
import { describe, expect, it } from 'vitest'
import { installLazyVersionFiles, LAZY_FILES, objectReadAtFirstUse } from './minecraft-data-lazy.ts'

const require = createRequire(import.meta.url)
type Files = Record<string, unknown>
const data = require('minecraft-data/data.js') as { pc: Record<string, Files> }
// Each version's file per key, from data.js's getters, read before the install replaces them.
const files = new Map<string, string>()
for (const version of Object.keys(data.pc)) {
  for (const key of LAZY_FILES) {
    const getter = Object.getOwnPropertyDescriptor(data.pc[version], key)?.get
    const file = getter && /require\("\.\/(.+?)"\)/.exec(getter.toString())?.[1]
    if (file) files.set(`${version} ${key}`, `minecraft-data/${file}`)
  }
}
const fileOf = (version: string, key: string) => files.get(`${version} ${key}`)!

describe('version files read at their first use', () => {
  it('an object read at first use reads as the object does, every way', () => {
    let reads = 0
    const real = { a: 1, nested: { b: [2, 3] }, 'odd key': null }
    const lazy = objectReadAtFirstUse(() => (reads++, real)) as typeof real
    expect(reads).toBe(0)
    expect(lazy.a).toBe(1)
    expect(reads).toBe(1)
    expect('nested' in lazy).toBe(true)
    expect(Object.keys(lazy)).toEqual(Object.keys(real))
    expect({ ...lazy }).toEqual(real)
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(real))
    expect(lazy).toEqual(real)
    expect(Object.getPrototypeOf(lazy)).toBe(Object.prototype)
    expect(reads).toBe(1)
  })

  it('every such file of every Java version is an object, not an array (a proxy of {} could not stand for one)', () => {
    const unique = new Set(files.values())
    expect(unique.size).toBeGreaterThan(20)
    for (const file of unique) {
      const value = require(file) as unknown
      expect(typeof value === 'object' && value !== null && !Array.isArray(value), file).toBe(true)
    }
  })

  it("a version's data gives the same files once installed, each read only when used", () => {
    expect(installLazyVersionFiles()).toBe(true)
    // A version no other test of this file asked for (the check above read its files through require).
    const shapesFile = require.resolve(fileOf('1.16.2', 'blockCollisionShapes'))
    delete require.cache[shapesFile]
    const mcData = require('minecraft-data')('1.16.2') as Files
    expect(require.cache[shapesFile]).toBeUndefined()
    for (const key of LAZY_FILES) expect(types.isProxy(mcData[key]), key).toBe(true)
    for (const key of LAZY_FILES) expect(mcData[key], key).toEqual(require(fileOf('1.16.2', key)))
    expect(require.cache[shapesFile]).toBeDefined()
    expect({ ...(mcData.loginPacket as object) }).toEqual(require(fileOf('1.16.2', 'loginPacket')))
  })
})
