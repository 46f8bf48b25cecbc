import type { OutcomeCode } from '../outcome/codes.ts'

/** Binned storm data for charts: small and fixed in size whatever the storm's n. */
export interface StormCharts {
  /** Latency of every settled login (all outcomes), in equal-width bins. */
  latency: Array<{ fromMs: number; toMs: number; count: number }>
  /** Logins settled per time slice since the storm began, by outcome. */
  overTime: Array<{ fromMs: number; toMs: number; outcomes: Partial<Record<OutcomeCode, number>> }>
}

/** Equal-width bins from 0 to the largest value (at least 1 ms wide). */
export function latencyBins(values: readonly number[], bins = 20): StormCharts['latency'] {
  if (values.length === 0) return []
  const max = Math.max(...values)
  const width = Math.max(1, Math.ceil((max + 1) / bins))
  const out = Array.from({ length: bins }, (_, i) => ({ fromMs: i * width, toMs: (i + 1) * width, count: 0 }))
  for (const v of values) out[Math.min(bins - 1, Math.floor(v / width))]!.count++
  // Trailing empty bins say nothing.
  while (out.length > 1 && out[out.length - 1]!.count === 0) out.pop()
  return out
}

/** When each login settled (ms since the storm began) and how, in `slices` equal time slices. */
export function outcomesOverTime(settled: ReadonlyArray<{ atMs: number; outcome: OutcomeCode }>, slices = 30): StormCharts['overTime'] {
  if (settled.length === 0) return []
  const end = Math.max(...settled.map((s) => s.atMs))
  const width = Math.max(1, Math.ceil((end + 1) / slices))
  const out: StormCharts['overTime'] = Array.from({ length: Math.min(slices, Math.ceil((end + 1) / width)) }, (_, i) => ({
    fromMs: i * width,
    toMs: (i + 1) * width,
    outcomes: {},
  }))
  for (const s of settled) {
    const slice = out[Math.min(out.length - 1, Math.floor(s.atMs / width))]!
    slice.outcomes[s.outcome] = (slice.outcomes[s.outcome] ?? 0) + 1
  }
  return out
}
