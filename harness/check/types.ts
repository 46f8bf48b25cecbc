import type { ProbeId } from './probes.ts'

/** One probe's row: who tried and what they saw. */
export interface ProbeResult {
  probe: ProbeId
  label: string
  who: string
  /** An outcome code (harness/outcome/codes.ts), or `error` when the harness itself failed. */
  outcome: string
  key: string | null
  /** The text the player sees (for `error`, what went wrong in the harness). */
  message: string
  note?: string
  ms: number
}

/** What the server under test was configured as: the facts the warnings reason about. */
export interface CheckContext {
  file: string
  version: string
  onlineMode: boolean
  whiteList: boolean
  guard: boolean
  opName: string
  /** The files the check read besides server.properties (whitelist, ops, bannedPlayers, bannedIps, authme). */
  sources?: Record<string, string>
}

export interface CheckReport {
  context: CheckContext
  probes: ProbeResult[]
  warnings: string[]
  ms: number
}
