/**
 * Velocity's login ratelimit (PaperMC/Velocity dev/3.0.0 @ 69ee655d7,
 * proxy/src/main/java/com/velocitypowered/proxy/util/ratelimit/CaffeineCacheRatelimiter.java,
 * used by HandshakeSessionHandler for login intents): the first login from an address opens a
 * window of `ms` (expireAfterWrite); every other login from that address inside the window is
 * refused, and a refused one does not extend it. Loopback is not exempt.
 */
export class LoginRatelimiter {
  private readonly until = new Map<string, number>()

  constructor(
    private readonly ms: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True to let the login through. */
  attempt(address: string): boolean {
    const now = this.now()
    const until = this.until.get(address)
    if (until !== undefined && now < until) return false
    this.until.set(address, now + this.ms)
    if (this.until.size > 1000) for (const [a, t] of this.until) if (t <= now) this.until.delete(a)
    return true
  }
}
