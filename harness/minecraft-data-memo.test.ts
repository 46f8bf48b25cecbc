import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { installMinecraftDataMemo } from './minecraft-data-memo.ts'

const require = createRequire(import.meta.url)

describe('installMinecraftDataMemo', () => {
  it('returns exactly what minecraft-data returns, from every later require, and keeps its helpers', () => {
    const original = require('minecraft-data') as (v: string) => unknown
    const before = original('1.20.4')
    installMinecraftDataMemo()
    const memoised = require('minecraft-data') as ((v: string) => unknown) & { versionsByMinecraftVersion: unknown; supportedVersions: unknown }
    expect(memoised).not.toBe(original)
    expect(memoised('1.20.4')).toBe(before)
    // A protocol number and a version string that name the same data give the same object.
    expect(memoised(String((before as { version: { version: number } }).version.version))).toBe(original(String((before as { version: { version: number } }).version.version)))
    expect(memoised('0.0.0-not-a-version')).toBeNull()
    expect(memoised.versionsByMinecraftVersion).toBe((original as unknown as { versionsByMinecraftVersion: unknown }).versionsByMinecraftVersion)
    expect(memoised.supportedVersions).toBe((original as unknown as { supportedVersions: unknown }).supportedVersions)
    installMinecraftDataMemo()
    expect(require('minecraft-data')).toBe(memoised)
  })
})
