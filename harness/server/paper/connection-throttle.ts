import { isIP } from 'node:net'
import { releaseAtLeast } from '../../platforms.ts'

/**
 * CraftBukkit's connection throttle as Paper runs it, per version. Copied from PaperMC/Paper
 * `ServerHandshakePacketListenerImpl` (beginLogin): at tags 1.21.4 and 1.21.5 .. 1.21.11 and
 * ver/26.1.2 in paper-server/patches/sources/net/minecraft/server/network/
 * ServerHandshakePacketListenerImpl.java.patch, and for 1.20.4 in patches/server/
 * 0253-Configurable-connection-throttle-kick-message.patch of the last 1.20.4 commit (f4c7d373):
 *
 * - Only LOGIN (and transfer) handshakes pass through it, before the version check; status pings
 *   never do.
 * - A handshake from an address seen less than `throttleMs` ago is refused, and the refused try
 *   is recorded too: it restarts the window.
 * - Before 1.21.5 every address is recorded, but only the literal "127.0.0.1" is never refused
 *   (so 127.0.0.2 and ::1 are throttled), and a throttle of 0 or less refuses nothing. From 1.21.5
 *   (commit 1e930763, "Fix ipv6 loopback addresses being able to get connection throttled")
 *   nothing is checked or recorded with a throttle of 0 or less or from any loopback address
 *   (`InetAddress.isLoopbackAddress`: 127.0.0.0/8 and ::1).
 * - After every 200 recorded handshakes, `throttleTracker.values().removeIf(time -> time >
 *   connectionThrottle)` runs: it compares epoch milliseconds with the throttle, so it empties the
 *   whole map (fixed only on Paper's main branch after 26.1, which no supported version has).
 *
 * Time comes from `now` (epoch ms) so a test can move it.
 */
export class ConnectionThrottle {
  private readonly seen = new Map<string, number>()
  private counter = 0
  private readonly loopbackExempt: boolean

  constructor(
    private readonly throttleMs: number,
    version: string,
    private readonly now: () => number = Date.now,
  ) {
    this.loopbackExempt = releaseAtLeast(version, '1.21.5')
  }

  /** Records a login handshake from `ip`; true when Paper refuses it. */
  refuses(ip: string): boolean {
    if (this.loopbackExempt && (this.throttleMs <= 0 || isLoopback(ip))) return false
    const now = this.now()
    const last = this.seen.get(ip)
    if (last !== undefined && (this.loopbackExempt || ip !== '127.0.0.1') && now - last < this.throttleMs) {
      this.seen.set(ip, now)
      return true
    }
    this.seen.set(ip, now)
    this.counter++
    if (this.counter > 200) {
      this.counter = 0
      for (const [address, time] of this.seen) if (time > this.throttleMs) this.seen.delete(address)
    }
    return false
  }
}

/** Java's InetAddress.isLoopbackAddress for the addresses a socket reports. */
export function isLoopback(ip: string): boolean {
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip
  if (isIP(address) === 4) return address.startsWith('127.')
  return address === '::1' || address === '0:0:0:0:0:0:0:1'
}
