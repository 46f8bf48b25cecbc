import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { englishText, languageOf } from './language.ts'

const require = createRequire(import.meta.url)
const minecraftData = require('minecraft-data') as (version: string) => { language?: Record<string, string> } | null

describe('the language files', () => {
  it("are the very files minecraft-data's own lookup reads, for versions with and without a data folder of their own", () => {
    // 1.8.8 and 1.12.2 share their minor version's folder; 1.20.4 and 26.1 have their own.
    for (const version of ['1.8.8', '1.12.2', '1.16.5', '1.20.4', '26.1']) {
      expect(languageOf(version), version).toBe(minecraftData(version)?.language ?? null)
    }
  })

  it('is null for a version minecraft-data does not know', () => {
    expect(languageOf('9.9.9')).toBeNull()
  })

  it('borrows a key 1.8 lacks from the oldest newer release that has it', () => {
    expect(languageOf('1.8.8')?.['multiplayer.disconnect.not_whitelisted']).toBeUndefined()
    expect(englishText('multiplayer.disconnect.not_whitelisted', '1.8.8')).toBe(
      englishText('multiplayer.disconnect.not_whitelisted', '1.12.2'),
    )
  })
})
