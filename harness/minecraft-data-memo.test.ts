import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { installMinecraftDataMemo, MEMO_TESTED_MINECRAFT_DATA, memoSkipReason, minecraftData } from './minecraft-data-memo.ts'

const require = createRequire(import.meta.url)

describe('minecraft-data memo', () => {
  it('minecraftData() answers as minecraft-data does without touching its export', () => {
    const original = require('minecraft-data') as (v: string) => { version: { version: number } }
    const data = original('1.20.4')
    expect(minecraftData('1.20.4')).toBe(data)
    // A protocol number and a version string that name the same data give the same object.
    expect(minecraftData(String(data.version.version))).toBe(original(String(data.version.version)))
    expect(minecraftData('0.0.0-not-a-version')).toBeNull()
    expect(require('minecraft-data')).toBe(original)
  })

  it('installMinecraftDataMemo() (opt-in) puts the memo in every later require, keeping its helpers', () => {
    const original = require('minecraft-data') as ((v: string) => unknown) & Record<string, unknown>
    const before = original('1.20.4')
    expect(installMinecraftDataMemo()).toBe(true)
    const memoised = require('minecraft-data') as ((v: string) => unknown) & Record<string, unknown>
    expect(memoised).not.toBe(original)
    expect(memoised('1.20.4')).toBe(before)
    expect(memoised.versionsByMinecraftVersion).toBe(original.versionsByMinecraftVersion)
    expect(memoised.supportedVersions).toBe(original.supportedVersions)
    expect(installMinecraftDataMemo()).toBe(true)
    expect(require('minecraft-data')).toBe(memoised)
  })

  it('is guarded by the tested minecraft-data release: the installed one, and no other', () => {
    expect((require('minecraft-data/package.json') as { version: string }).version).toBe(MEMO_TESTED_MINECRAFT_DATA)
    expect(memoSkipReason(MEMO_TESTED_MINECRAFT_DATA)).toBeUndefined()
    expect(memoSkipReason('3.120.0')).toMatch(/3\.120\.0 is not the tested 3\.119\.0/)
  })
})
