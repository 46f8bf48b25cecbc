import { describe, expect, it } from 'vitest'
import { classify, expectedText, type AttemptRecord } from './classify.ts'
import { formatMessage, matchesMessageFormat, PAPER_TEXTS, platformTexts } from './platform-texts.ts'

const base: AttemptRecord = { spawned: false, clientErrors: [], timedOut: false }
const paperKick = (text: string, version = '1.21.4') => classify({ ...base, kickReason: JSON.stringify({ text }) }, version, 'paper')
const vanillaKick = (text: string, version = '1.21.4') => classify({ ...base, kickReason: JSON.stringify({ text }) }, version)

describe('Paper kick texts', () => {
  it("names Paper's whitelist literal not_whitelisted, and keeps the text the player read", () => {
    expect(paperKick('You are not whitelisted on this server!')).toEqual({
      outcome: 'not_whitelisted',
      key: 'multiplayer.disconnect.not_whitelisted',
      message: 'You are not whitelisted on this server!',
    })
  })

  it('a vanilla-only classifier reads the same kick as a plain plugin kick', () => {
    expect(vanillaKick('You are not whitelisted on this server!').outcome).toBe('kicked')
    expect(vanillaKick('Connection throttled! Please wait before reconnecting.').outcome).toBe('kicked')
  })

  it('names the throttle `throttled` (no vanilla key)', () => {
    expect(paperKick('Connection throttled! Please wait before reconnecting.', '1.20.4')).toEqual({
      outcome: 'throttled',
      key: null,
      message: 'Connection throttled! Please wait before reconnecting.',
    })
  })

  it('strips § colour codes before matching, as the client shows the text without them', () => {
    const sent = { text: '', extra: [{ text: '§cYou are not whitelisted on this server!' }] }
    expect(classify({ ...base, kickReason: JSON.stringify(sent) }, '1.21.4', 'paper').outcome).toBe('not_whitelisted')
  })

  it('matches the outdated texts with their MessageFormat argument', () => {
    expect(paperKick('Outdated client! Please use 1.21.4').outcome).toBe('incompatible_version')
    expect(paperKick("Outdated server! I'm still on 1.20.4", '1.21.4')).toMatchObject({
      outcome: 'incompatible_version',
      key: 'multiplayer.disconnect.outdated_server',
    })
  })

  it('knows the server-full literal up to 1.21.6 only (1.21.7+ sends the key)', () => {
    expect(platformTexts('paper', '1.21.6').map((t) => t.template)).toContain('The server is full!')
    expect(platformTexts('paper', '1.21.8').map((t) => t.template)).not.toContain('The server is full!')
    expect(paperKick('The server is full!', '1.21.6').outcome).toBe('server_full')
  })

  it("has no texts for vanilla: vanilla's are its translation keys", () => {
    expect(platformTexts('vanilla', '1.21.4')).toEqual([])
  })

  it('formats and matches like Java MessageFormat as Spigot calls it', () => {
    expect(formatMessage(PAPER_TEXTS.outdatedServer.template, ['1.21.4'])).toBe("Outdated server! I'm still on 1.21.4")
    expect(matchesMessageFormat('Outdated client! Please use 1.8.8', PAPER_TEXTS.outdatedClient.template)).toBe(true)
    expect(matchesMessageFormat('Outdated client!', PAPER_TEXTS.outdatedClient.template)).toBe(false)
  })

  it('cites a source for every text', () => {
    for (const text of Object.values(PAPER_TEXTS)) expect(text.source).toMatch(/PaperMC\/Paper .*\.(java|patch)/)
  })
})

describe('expectedText', () => {
  it("gives each platform's words for the same outcome", () => {
    expect(expectedText('not_whitelisted', '1.21.4', 'vanilla')).toBe('You are not white-listed on this server!')
    expect(expectedText('not_whitelisted', '1.21.4', 'paper')).toBe('You are not whitelisted on this server!')
    expect(expectedText('throttled', '1.21.4', 'paper')).toBe('Connection throttled! Please wait before reconnecting.')
    expect(expectedText('throttled', '1.21.4', 'vanilla')).toBeUndefined()
    // A text with an argument, or none, gives nothing to compare with.
    expect(expectedText('incompatible_version', '1.21.4', 'paper')).toBeUndefined()
    expect(expectedText('kicked', '1.21.4', 'vanilla')).toBeUndefined()
  })
})
