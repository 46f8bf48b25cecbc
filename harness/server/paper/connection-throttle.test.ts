import { describe, expect, it } from 'vitest'
import { ConnectionThrottle, isLoopback } from './connection-throttle.ts'

function clocked(throttleMs: number, version: string) {
  let now = 1_700_000_000_000
  const throttle = new ConnectionThrottle(throttleMs, version, () => now)
  return { throttle, advance: (ms: number) => (now += ms) }
}

describe('ConnectionThrottle (Paper ServerHandshakePacketListenerImpl beginLogin)', () => {
  it('refuses a second login within the window, and a refused try restarts it', () => {
    const { throttle, advance } = clocked(4000, '1.21.4')
    expect(throttle.refuses('172.17.0.1')).toBe(false)
    advance(3000)
    expect(throttle.refuses('172.17.0.1')).toBe(true)
    // 6.5 s after the first login, but only 3.5 s after the refused one.
    advance(3500)
    expect(throttle.refuses('172.17.0.1')).toBe(true)
    advance(4000)
    expect(throttle.refuses('172.17.0.1')).toBe(false)
    expect(throttle.refuses('172.17.0.2')).toBe(false)
  })

  it('before 1.21.5 exempts only the literal 127.0.0.1 (127.0.0.2 and ::1 are throttled)', () => {
    const { throttle } = clocked(4000, '1.20.4')
    for (const ip of ['127.0.0.1', '127.0.0.1']) expect(throttle.refuses(ip)).toBe(false)
    expect(throttle.refuses('127.0.0.2')).toBe(false)
    expect(throttle.refuses('127.0.0.2')).toBe(true)
    expect(throttle.refuses('::1')).toBe(false)
    expect(throttle.refuses('::1')).toBe(true)
  })

  it('from 1.21.5 exempts every loopback address, and only loopback', () => {
    const { throttle } = clocked(4000, '1.21.5')
    for (const ip of ['127.0.0.2', '127.0.0.2', '::1', '::1', '::ffff:127.0.0.9', '::ffff:127.0.0.9'])
      expect(throttle.refuses(ip)).toBe(false)
    expect(throttle.refuses('10.0.0.1')).toBe(false)
    expect(throttle.refuses('10.0.0.1')).toBe(true)
  })

  it('0 or -1 refuses nothing', () => {
    for (const ms of [0, -1]) {
      for (const version of ['1.20.4', '26.1']) {
        const { throttle } = clocked(ms, version)
        expect([throttle.refuses('10.0.0.1'), throttle.refuses('10.0.0.1')]).toEqual([false, false])
      }
    }
  })

  it('forgets every address after 200 recorded logins (removeIf compares epoch ms with the throttle)', () => {
    const { throttle } = clocked(4000, '1.21.4')
    expect(throttle.refuses('10.0.0.1')).toBe(false)
    for (let i = 0; i < 200; i++) throttle.refuses(`10.1.${i >> 8}.${i & 255}`)
    expect(throttle.refuses('10.0.0.1')).toBe(false)
  })

  it('knows loopback as Java does', () => {
    expect(['127.0.0.1', '127.255.0.3', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true)
    expect(['128.0.0.1', '172.17.0.1', '::2'].some(isLoopback)).toBe(false)
  })
})
