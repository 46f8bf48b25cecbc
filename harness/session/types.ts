/**
 * The contract of the mock session server, shared by the in-process server and the HTTP admin
 * client (used when the mock runs in a container). Callers never care which one they hold.
 */

export type { AccountSpec, FaultMode, FaultRoute, FaultSpec, ProfileSpec, SkinSpec, TextureSpec, UserSpec } from '../input/index.ts'
import type { AccountSpec, FaultSpec, UserSpec } from '../input/index.ts'

export interface IssuedUser {
  /** The user's id (32 hex), not a profile id. */
  id: string
  login: string
  profiles: { id: string; name: string }[]
  /** A token issued at creation, bound to the profile only when the user has exactly one. */
  accessToken: string
  selectedProfile: { id: string; name: string } | null
}

export interface IssuedAccount {
  /** 32 lowercase hex digits, no dashes. */
  id: string
  name: string
  /** The user's newest token (a later sign-in elsewhere replaces it, as on Mojang). */
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
  /** A user with a login and 0..n profiles (a launcher's view of an account). */
  createUser(spec: UserSpec): Promise<IssuedUser>
  revoke(name: string): Promise<void>
  /** Adds a fault (msw's `use`); returns its id. */
  use(fault: FaultSpec): Promise<string>
  /** Back to healthy: every fault removed, the session port listening again (msw's `resetHandlers`). */
  resetFaults(): Promise<void>
  /**
   * Back to as started, for the next test on the same mock (a reused server's): faults removed
   * (the session port listening), every account, user, token and join made since forgotten (the
   * builder's own accounts made again, with the same ids: a premium id is derived from the name),
   * the journal and the rate limiter emptied. `POST /__harness/reset` on the admin API.
   */
  reset(): Promise<void>
  journal(): Promise<JournalEntry[]>
  clearJournal(): Promise<void>
  /**
   * Calls `listener` each time a fault begins holding a request (a `hang`, or a `delay`); returns
   * the unsubscribe function. Only the in-process mock has it: a remote one would tell too late.
   */
  onHold?(listener: (entry: JournalEntry) => void): () => void
  stop(): Promise<void>
  /** The same stop, for `await using` (and for scopes that take standard disposables). */
  [Symbol.asyncDispose](): Promise<void>
}
