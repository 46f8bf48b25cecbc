import { describe, expect, it } from 'vitest'
import { plainText } from '../outcome/component.ts'
import { LoginRatelimiter } from './ratelimit.ts'
import { bungeeText, fromLegacy, messageFormat, toLegacyText, velocityMessage } from './texts.ts'

describe("Velocity's rendered components", () => {
  it('a key with arguments becomes a red text with the pattern around the arguments (adventure TranslatableComponentRenderer)', () => {
    const inner = { text: 'Unable to verify player details' }
    expect(velocityMessage('velocity.error.cant-connect', [{ text: 'lobby' }, inner], 'red')).toEqual({
      color: 'red',
      text: '',
      extra: [{ text: 'Unable to connect to ' }, { text: 'lobby' }, { text: ': ' }, inner],
    })
  })
  it('a vanilla key from the backend stays translatable inside it', () => {
    const c = velocityMessage(
      'velocity.error.cant-connect',
      [{ text: 'lobby' }, { translate: 'multiplayer.disconnect.not_whitelisted' }],
      'red',
    )
    expect(plainText(c, '1.20.4')).toBe('Unable to connect to lobby: You are not white-listed on this server!')
  })
})

describe("BungeeCord's legacy texts", () => {
  it('MessageFormat fills {n} and turns a doubled quote into one', () => {
    expect(messageFormat("Outdated server! I''m still on {0}", ['1.20.4'])).toBe("Outdated server! I'm still on 1.20.4")
  })
  it('connect_kick with the backend reason in legacy text (white where it had no colour)', () => {
    const reason = toLegacyText({ text: 'Unable to verify player details' }, '1.20.4')
    expect(reason).toBe('§fUnable to verify player details')
    const text = bungeeText('connect_kick', ['lobby', reason])
    expect(text).toBe('§cKicked whilst connecting to lobby: §fUnable to verify player details')
    expect(fromLegacy(text)).toEqual({
      text: '',
      extra: [
        { color: 'red', text: 'Kicked whilst connecting to lobby: ' },
        { color: 'white', text: 'Unable to verify player details' },
      ],
    })
  })
})

describe("Velocity's login ratelimit", () => {
  it('refuses inside the window without extending it; other addresses are separate', () => {
    let now = 0
    const limiter = new LoginRatelimiter(3000, () => now)
    expect(limiter.attempt('127.0.0.1')).toBe(true)
    now = 1000
    expect(limiter.attempt('127.0.0.1')).toBe(false)
    expect(limiter.attempt('127.0.0.2')).toBe(true)
    now = 3000
    expect(limiter.attempt('127.0.0.1')).toBe(true)
  })
})
