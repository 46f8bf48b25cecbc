import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { mergeStormReports, stormShareOf } from './merge.ts'
import { LatencyHistogram } from './stats.ts'
import type { StormReport } from './types.ts'

/** A storm report whose ok logins took `latencies` ms. */
function report(latencies: number[], over: Partial<StormReport> = {}): StormReport {
  const h = LatencyHistogram.of(latencies)
  return {
    target: { host: '127.0.0.1', port: 25565, version: '1.20.4', auth: 'cracked', startedByStorm: true },
    client: 'light',
    workers: 1,
    n: latencies.length,
    concurrency: 10,
    rampPerSec: null,
    started: latencies.length,
    notStarted: 0,
    ok: latencies.length,
    failures: 0,
    expectedOutcome: 'success',
    elapsedMs: 1000,
    loginsPerSec: latencies.length,
    latencyMs: h.summary(),
    latencyHistogram: h.encode(),
    outcomes: { success: latencies.length },
    byKind: { cracked: latencies.length, premium: 0 },
    failureSamples: [],
    rssPerBotMb: 0.5,
    peakRssMb: 100,
    outage: null,
    timeBoundHit: false,
    pass: true,
    reasons: [],
    ...over,
  }
}

// Skewed latencies, as a storm's are: most fast, a long tail.
const all = Array.from({ length: 1000 }, (_, i) => 5 + ((i * 7919) % 1000) ** 2 / 2000 + (i % 97 === 0 ? 3000 : 0))

describe('mergeStormReports', () => {
  it('merges the latency histograms exactly: the percentiles of all logins, however they were split', () => {
    const whole = LatencyHistogram.of(all)
    for (const parts of [2, 3, 7]) {
      const shards = Array.from({ length: parts }, (_, s) => report(all.filter((_, i) => i % parts === s)))
      const merged = mergeStormReports(shards)
      expect(merged.latencyMs).toEqual(whole.summary())
      expect(LatencyHistogram.decode(merged.latencyHistogram).count).toBe(all.length)
      // The per-shard p99s are not the whole's: only the histogram merge gets it right.
      expect(shards.map((s) => s.latencyMs.p99)).not.toEqual(shards.map(() => merged.latencyMs.p99))
    }
  })

  it("adds counts and throughput, takes the longest wall time, keeps each shard's reasons", () => {
    const a = report([10, 20, 30], { loginsPerSec: 300.4, elapsedMs: 1000 })
    const b = report([10, 20], {
      n: 3,
      started: 3,
      failures: 1,
      loginsPerSec: 150.3,
      elapsedMs: 1500,
      outcomes: { success: 2, timeout: 1 },
      byKind: { cracked: 3, premium: 0 },
      pass: false,
      reasons: ['1 of 3 logins did not end in success'],
      peakRssMb: 120,
    })
    const merged = mergeStormReports([a, b])
    expect(merged).toMatchObject({
      n: 6,
      started: 6,
      ok: 5,
      failures: 1,
      outcomes: { success: 5, timeout: 1 },
      byKind: { cracked: 6, premium: 0 },
      loginsPerSec: 450.7,
      elapsedMs: 1500,
      concurrency: 20,
      peakRssMb: 120,
      pass: false,
      reasons: ['shard 2/2: 1 of 3 logins did not end in success'],
    })
  })

  it('refuses what cannot be one storm', () => {
    expect(() => mergeStormReports([])).toThrow(HarnessInputError)
    expect(() => mergeStormReports([report([1]), report([1], { expectedOutcome: 'kicked' })])).toThrow(
      'the shards expected different outcomes',
    )
    const old = { ...report([1]), latencyHistogram: undefined } as unknown as StormReport
    expect(() => mergeStormReports([report([1]), old])).toThrow('report 2 has no latencyHistogram')
  })
})

describe('stormShareOf', () => {
  it('splits n into shares one apart that add up to n', () => {
    for (const [n, total] of [
      [1000, 2],
      [1001, 3],
      [5, 5],
      [7, 3],
    ] as const) {
      const shares = Array.from({ length: total }, (_, i) => stormShareOf(n, i + 1, total))
      expect(shares.reduce((a, b) => a + b, 0)).toBe(n)
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1)
    }
  })
})
