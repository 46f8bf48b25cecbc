import { createRequire } from 'node:module'
import type * as Hdr from 'hdr-histogram-js'
import type { LatencySummary } from './types.ts'

const require = createRequire(import.meta.url)
let hdrModule: typeof Hdr | undefined
/** hdr-histogram-js, loaded at the first histogram: a run without a storm never needs it. */
function hdr(): typeof Hdr {
  hdrModule ??= require('hdr-histogram-js') as typeof Hdr
  return hdrModule
}

/** Microseconds per millisecond: the histogram counts whole microseconds. */
const US_PER_MS = 1000
/** HdrHistogram's usual resolution: each value kept to 3 significant digits (within 0.1%). */
const SIGNIFICANT_DIGITS = 3

/**
 * Login latencies as an HDR histogram (hdr-histogram-js, the TypeScript port of Gil Tene's
 * HdrHistogram): fixed memory whatever the count, and two histograms add up to exactly the
 * histogram of all their values, so storm shards run in separate processes merge into the
 * percentiles one process would have reported. Values are kept to 3 significant digits; the
 * summary rounds to 0.1 ms.
 */
export class LatencyHistogram {
  private constructor(private readonly histogram: Hdr.Histogram) {}

  static empty(): LatencyHistogram {
    return new LatencyHistogram(hdr().build({ numberOfSignificantValueDigits: SIGNIFICANT_DIGITS }))
  }

  static of(valuesMs: Iterable<number>): LatencyHistogram {
    const h = LatencyHistogram.empty()
    for (const ms of valuesMs) h.record(ms)
    return h
  }

  /** The text `encode()` gave (HdrHistogram's compressed base64 form, readable by its other ports). */
  static decode(encoded: string): LatencyHistogram {
    return new LatencyHistogram(hdr().decodeFromCompressedBase64(encoded))
  }

  record(ms: number): void {
    this.histogram.recordValue(Math.max(0, Math.round(ms * US_PER_MS)))
  }

  /** Adds every value of `other` to this one. */
  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram)
  }

  get count(): number {
    return this.histogram.totalCount
  }

  encode(): string {
    return hdr().encodeIntoCompressedBase64(this.histogram)
  }

  /** The value at percentile `p` (0..100) in ms, 0 for an empty histogram. */
  percentileMs(p: number): number {
    return this.histogram.totalCount === 0 ? 0 : this.histogram.getValueAtPercentile(p) / US_PER_MS
  }

  /**
   * p50/p95/p99/max/mean in ms, rounded to 0.1 ms. The max is the histogram's 100th percentile
   * (the top of its bucket), not the raw maximum, so a merged histogram says the same.
   */
  summary(): LatencySummary {
    const round = (v: number) => Math.round(v * 10) / 10
    const empty = this.histogram.totalCount === 0
    return {
      p50: round(this.percentileMs(50)),
      p95: round(this.percentileMs(95)),
      p99: round(this.percentileMs(99)),
      max: round(this.percentileMs(100)),
      mean: empty ? 0 : round(this.histogram.mean / US_PER_MS),
    }
  }
}

export function summarizeLatency(valuesMs: Iterable<number>): LatencySummary {
  return LatencyHistogram.of(valuesMs).summary()
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
