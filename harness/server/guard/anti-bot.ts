/**
 * AuthMe's AntiBot, copied from AuthMe/AuthMeReloaded at tag 5.6.0:
 * `src/main/java/fr/xephi/authme/service/AntiBotService.java` (states, arming, protection),
 * `src/main/java/fr/xephi/authme/util/AtomicIntervalCounter.java` (the burst counter) and
 * `src/main/java/fr/xephi/authme/settings/properties/ProtectionSettings.java` (defaults).
 *
 * - DISABLED when `Protection.enableAntiBot` is false; otherwise LISTENING once `antiBotDelay`
 *   seconds (60) have passed since the server started.
 * - While LISTENING, every unregistered pre-login is counted: a gap of more than
 *   `antiBotInterval` seconds (5) since the last counted one starts the count again at 1; the
 *   count above `antiBotSensibility` (10), i.e. the 11th, turns protection on (ACTIVE) and is
 *   itself kicked.
 * - ACTIVE kicks every unregistered pre-login for `antiBotDuration` minutes (10), then goes back
 *   to LISTENING with the count reset.
 * Who is counted at all (unregistered, not `authme.bypassantibot`) is OnJoinVerifier.checkAntibot's
 * rule, in authme.ts.
 */
import { ANTIBOT_DEFAULTS, type AntiBotSettings } from '../../input/authme-settings.ts'
import type { Clock, ClockTimer } from './clock.ts'

export type AntiBotStatus = 'disabled' | 'listening' | 'active'

export { ANTIBOT_DEFAULTS, type AntiBotSettings }

export class AntiBot {
  private state: AntiBotStatus = 'disabled'
  private count = 0
  private lastInsert = 0
  private readonly timers = new Set<ClockTimer>()
  private disableTimer: ClockTimer | undefined

  constructor(
    private readonly settings: AntiBotSettings,
    private readonly clock: Clock,
  ) {
    if (!settings.enabled) return
    // AntiBotService.reload on first start: scheduleSyncDelayedTask(enable, delay * 20 ticks).
    const arm = clock.after(settings.delaySeconds * 1000, () => {
      this.timers.delete(arm)
      this.state = 'listening'
    })
    this.timers.add(arm)
  }

  get status(): AntiBotStatus {
    return this.state
  }

  /** AntiBotService.shouldKick: called for each unregistered pre-login without the bypass. */
  shouldKick(): boolean {
    if (this.state === 'disabled') return false
    if (this.state === 'active') return true
    if (this.handle()) {
      this.startProtection()
      return true
    }
    return false
  }

  /** Stops the timers (the server is stopping). */
  close(): void {
    for (const t of this.timers) t.cancel()
    this.timers.clear()
    this.disableTimer?.cancel()
  }

  /** AtomicIntervalCounter.handle: `now - lastInsert > interval` starts over at 1. */
  private handle(): boolean {
    const now = this.clock.now()
    if (now - this.lastInsert > this.settings.intervalSeconds * 1000) this.count = 1
    else this.count++
    if (this.count > this.settings.sensibility) {
      this.count = 0
      this.lastInsert = 0
      return true
    }
    this.lastInsert = now
    return false
  }

  private startProtection(): void {
    this.disableTimer?.cancel()
    this.disableTimer = this.clock.after(this.settings.durationMinutes * 60_000, () => this.stopProtection())
    this.state = 'active'
  }

  private stopProtection(): void {
    if (this.state !== 'active') return
    this.state = 'listening'
    this.count = 0
    this.lastInsert = 0
    this.disableTimer = undefined
  }
}
