import { describe, expect, it } from 'vitest'
import { ANTIBOT_DEFAULTS, AntiBot } from './anti-bot.ts'
import { FakeClock } from './clock.ts'

/** AuthMe 5.6.0's AntiBotService + AtomicIntervalCounter, on a fake clock. */
describe('AntiBot (AuthMe 5.6.0 defaults)', () => {
  const burst = (bot: AntiBot, clock: FakeClock, n: number, gapMs: number) => {
    const kicks: boolean[] = []
    for (let i = 0; i < n; i++) {
      if (i > 0) clock.advance(gapMs)
      kicks.push(bot.shouldKick())
    }
    return kicks
  }

  it('does nothing for the first 60 s after start, then listens', () => {
    const clock = new FakeClock()
    const bot = new AntiBot(ANTIBOT_DEFAULTS, clock)
    expect(bot.status).toBe('disabled')
    expect(burst(bot, clock, 20, 100)).not.toContain(true)
    clock.advance(60_000 - 1900 - 1)
    expect(bot.status).toBe('disabled')
    clock.advance(1)
    expect(bot.status).toBe('listening')
  })

  it('the 11th unregistered join with gaps of at most 5 s turns protection on and is kicked', () => {
    const clock = new FakeClock()
    const bot = new AntiBot(ANTIBOT_DEFAULTS, clock)
    clock.advance(60_000)
    const kicks = burst(bot, clock, 11, 5000)
    expect(kicks.slice(0, 10)).toEqual(Array(10).fill(false))
    expect(kicks[10]).toBe(true)
    expect(bot.status).toBe('active')
  })

  it('a gap over 5 s starts the count again', () => {
    const clock = new FakeClock()
    const bot = new AntiBot(ANTIBOT_DEFAULTS, clock)
    clock.advance(60_000)
    burst(bot, clock, 10, 1000)
    clock.advance(5001)
    expect(burst(bot, clock, 10, 1000)).not.toContain(true)
    expect(bot.status).toBe('listening')
  })

  it('kicks every join for 10 minutes, then listens again with the count reset', () => {
    const clock = new FakeClock()
    const bot = new AntiBot(ANTIBOT_DEFAULTS, clock)
    clock.advance(60_000)
    burst(bot, clock, 11, 10)
    clock.advance(9 * 60_000)
    expect(bot.shouldKick()).toBe(true)
    clock.advance(60_000)
    expect(bot.status).toBe('listening')
    expect(burst(bot, clock, 10, 10)).not.toContain(true)
    expect(bot.shouldKick()).toBe(true)
  })

  it('off: never kicks, arms nothing', () => {
    const clock = new FakeClock()
    const bot = new AntiBot({ ...ANTIBOT_DEFAULTS, enabled: false }, clock)
    expect(clock.scheduled).toBe(0)
    clock.advance(120_000)
    expect(burst(bot, clock, 50, 1)).not.toContain(true)
    expect(bot.status).toBe('disabled')
  })
})
