import type { Acceptance } from './expectations.ts'
import { PROBE_IDS, probeLabel, type ProbeId } from './probes.ts'
import type { CheckReport, ProbeResult } from './types.ts'
import { describe } from './warnings.ts'

export interface ProbeChange {
  probe: ProbeId
  label: string
  /** Absent when the probe ran only on the other side (e.g. a guard probe). */
  before?: ProbeResult
  after?: ProbeResult
  accepted: boolean
  /** The agreement that accepted it. */
  acceptance?: Acceptance
}

export interface CheckDiff {
  changes: ProbeChange[]
  warningsAdded: string[]
  warningsRemoved: string[]
  /** Agreements that matched no change (stale lines in an expectations file). */
  unusedAcceptances: Acceptance[]
}

/**
 * Compares two checks probe by probe. A probe changed when its outcome or its message changed
 * (a kick with new text is news to players too); the key follows the outcome and the timing is
 * noise, so neither counts on its own. Pure, so it is tested without servers.
 */
export function diffChecks(before: CheckReport, after: CheckReport, acceptances: Acceptance[] = []): CheckDiff {
  const changes: ProbeChange[] = []
  const used = new Set<Acceptance>()
  for (const probe of PROBE_IDS) {
    const b = before.probes.find((p) => p.probe === probe)
    const a = after.probes.find((p) => p.probe === probe)
    if (!b && !a) continue
    if (b && a && b.outcome === a.outcome && b.message === a.message) continue
    const acceptance = acceptances.find((x) => x.probe === probe && (x.to === undefined || x.to === a?.outcome))
    if (acceptance) used.add(acceptance)
    changes.push({ probe, label: probeLabel(probe), before: b, after: a, accepted: acceptance !== undefined, acceptance })
  }
  return {
    changes,
    warningsAdded: after.warnings.filter((w) => !before.warnings.includes(w)),
    warningsRemoved: before.warnings.filter((w) => !after.warnings.includes(w)),
    unusedAcceptances: acceptances.filter((x) => !used.has(x)),
  }
}

/** `cracked player: success -> unverified_username ("Failed to verify username!")` */
export function formatChange(change: ProbeChange): string {
  const side = (r: ProbeResult | undefined) => (r ? describe(r) : '(not run)')
  // The old message is left out when only the outcome's text is new: the line stays readable.
  const before =
    change.before && change.after && change.before.outcome !== change.after.outcome ? change.before.outcome : side(change.before)
  return `${change.label}: ${before} -> ${side(change.after)}`
}

/** 0: nothing changed or all accepted; 1: an unaccepted change. */
export function diffExitCode(diff: CheckDiff): 0 | 1 {
  return diff.changes.every((c) => c.accepted) ? 0 : 1
}
