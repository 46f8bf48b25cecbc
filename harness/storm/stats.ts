import type { LatencySummary } from './types.ts'

/** Nearest-rank percentile (p in 0..100) of ascending `sorted`; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function summarizeLatency(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b)
  const round = (v: number) => Math.round(v * 10) / 10
  const mean = sorted.length === 0 ? 0 : sorted.reduce((s, v) => s + v, 0) / sorted.length
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    mean: round(mean),
  }
}

/** Counts per key, keys in first-seen order. */
export function histogram<K extends string>(keys: Iterable<K>): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {}
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1
  return counts
}

/** Samples this process's RSS (worker threads included) until stopped; reports the peak. */
export class RssSampler {
  private peak = process.memoryUsage.rss()
  private readonly timer: NodeJS.Timeout

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs)
    this.timer.unref()
  }

  sample(): void {
    const rss = process.memoryUsage.rss()
    if (rss > this.peak) this.peak = rss
  }

  stop(): number {
    clearInterval(this.timer)
    this.sample()
    return this.peak
  }
}
