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
  /** Through a proxy: the UUID the backend gave the player who joined (the embedded backend reports it). */
  backendUuid?: string
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
  /** The proxy in front (`--proxy-dir`): the folder, what it is and how it forwards, what its files set that the probes do not play. */
  proxy?: {
    dir: string
    type: 'velocity' | 'bungeecord' | 'waterfall'
    forwarding: 'modern' | 'legacy' | 'bungeeguard' | 'none'
    online: boolean
    notPlayed: string[]
  }
}

export interface CheckReport {
  context: CheckContext
  probes: ProbeResult[]
  warnings: string[]
  ms: number
}
