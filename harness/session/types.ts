/**
 * The contract of the mock session server, shared by the in-process server and the HTTP admin
 * client (used when the mock runs in a container). Callers never care which one they hold.
 */

/** Routes a fault can target; `*` means every Yggdrasil/session/services route. */
export type FaultRoute = 'join' | 'hasJoined' | 'authenticate' | 'profile' | 'certificates' | '*'

export type FaultMode = 'status' | 'delay' | 'hang' | 'reset' | 'malformed' | 'down'

export interface FaultSpec {
  route: FaultRoute
  mode: FaultMode
  /** For `status` (and the answer after a `delay`): the HTTP status to send. */
  status?: number
  /** For `delay`: how long to wait before answering normally (or with `status`). */
  delayMs?: number
  /** Only the next N matching requests; unlimited when absent. */
  times?: number
  /** Only requests about this username (case-insensitive). */
  username?: string
}

export interface AccountSpec {
  name: string
  password?: string
  /** 32 hex digits (dashes allowed); by default derived from the name so runs repeat. */
  id?: string
}

export interface IssuedAccount {
  /** 32 lowercase hex digits, no dashes. */
  id: string
  name: string
  accessToken: string
}

export interface JournalEntry {
  route: string
  method: string
  /** Path with query string, secrets masked. */
  path: string
  status: number | null
  ms: number
  username: string | null
  /** The `ip` query parameter of hasJoined, when sent. */
  ip?: string | null
  at: number
}

/** Control surface: the same for the in-process mock and for a remote one behind its admin port. */
export interface SessionServerControl {
  /** Base URL clients (bots on this host) use, e.g. `http://127.0.0.1:41234`. */
  getUrl(): string
  /** Base URL a game server uses (differs from getUrl() when the server runs in a container). */
  getServerFacingUrl(): string
  getAdminUrl(): string
  createAccount(spec: AccountSpec): Promise<IssuedAccount>
  revoke(name: string): Promise<void>
  /** Adds a fault (msw's `use`); returns its id. */
  use(fault: FaultSpec): Promise<string>
  /** Back to healthy: every fault removed, the session port listening again (msw's `resetHandlers`). */
  resetFaults(): Promise<void>
  journal(): Promise<JournalEntry[]>
  clearJournal(): Promise<void>
  stop(): Promise<void>
}
