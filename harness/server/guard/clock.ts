/**
 * Time for the guard's rules (AntiBot's windows, prompts, the login timeout): the system clock in
 * a server, a FakeClock in unit tests, so a rule of minutes is tested without waiting for it.
 */
export interface ClockTimer {
  cancel(): void
}

export interface Clock {
  /** Milliseconds, as Date.now(). */
  now(): number
  /** Runs `fn` once after `ms`. */
  after(ms: number, fn: () => void): ClockTimer
  /** Runs `fn` after `firstMs`, then every `everyMs` (Bukkit's runTaskTimer(delay, period)). */
  every(firstMs: number, everyMs: number, fn: () => void): ClockTimer
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms)
    timer.unref?.()
    return { cancel: () => clearTimeout(timer) }
  },
  every(firstMs, everyMs, fn) {
    let repeat: ReturnType<typeof setInterval> | undefined
    const first = setTimeout(() => {
      repeat = setInterval(fn, everyMs)
      repeat.unref?.()
      fn()
    }, firstMs)
    first.unref?.()
    return {
      cancel() {
        clearTimeout(first)
        if (repeat) clearInterval(repeat)
      },
    }
  },
}

interface Pending {
  at: number
  every?: number
  fn: () => void
  cancelled: boolean
}

/** A clock that moves only when told to (`advance`), running what falls due in time order. */
export class FakeClock implements Clock {
  private time: number
  private readonly pending = new Set<Pending>()

  constructor(start = 1_000_000) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  after(ms: number, fn: () => void): ClockTimer {
    return this.add({ at: this.time + ms, fn, cancelled: false })
  }

  every(firstMs: number, everyMs: number, fn: () => void): ClockTimer {
    return this.add({ at: this.time + firstMs, every: everyMs, fn, cancelled: false })
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      let next: Pending | undefined
      for (const p of this.pending) if (p.at <= end && (!next || p.at < next.at)) next = p
      if (!next) break
      this.time = next.at
      if (next.every !== undefined && next.every > 0) next.at += next.every
      else this.pending.delete(next)
      next.fn()
    }
    this.time = end
  }

  /** Timers still waiting (cancelled ones are gone). */
  get scheduled(): number {
    return this.pending.size
  }

  private add(p: Pending): ClockTimer {
    this.pending.add(p)
    return {
      cancel: () => {
        p.cancelled = true
        this.pending.delete(p)
      },
    }
  }
}
