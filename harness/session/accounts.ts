/**
 * Premium accounts, their access tokens and their recorded joins: the state Mojang keeps about
 * players. Names are case-insensitive, as on Mojang.
 */
import { randomBytes } from 'node:crypto'
import { HarnessInputError } from '../errors.ts'
import { nameUuidFromBytes, toUndashedUuid } from '../uuid.ts'
import type { AccountSpec, IssuedAccount } from './types.ts'

/** Deterministic premium UUID (32 hex) for a name: v3 of "MockPremium:" + lowercase name, never equal to the offline UUID. */
export function premiumUuid(name: string): string {
  return toUndashedUuid(nameUuidFromBytes(`MockPremium:${name.toLowerCase()}`))
}

export interface Account {
  id: string
  name: string
  password: string | undefined
  /** The token handed out at creation (dead after revoke() until the account is created again). */
  accessToken: string
  createdAt: number
}

interface TokenRecord {
  account: Account
  clientToken: string
}

interface JoinRecord {
  serverId: string
  ip: string
  at: number
}

function newToken(): string {
  return randomBytes(16).toString('hex')
}

export class AccountStore {
  private readonly byName = new Map<string, Account>()
  private readonly byId = new Map<string, Account>()
  private readonly tokens = new Map<string, TokenRecord>()
  private readonly joins = new Map<string, JoinRecord>()

  constructor(private readonly joinTtlMs: number) {}

  /**
   * Creates the account, or returns the existing one of that name (so a long-running mock can be
   * set up again by the next test); a revoked account gets a fresh token.
   */
  create(spec: AccountSpec): IssuedAccount {
    const key = spec.name.toLowerCase()
    const id = spec.id !== undefined ? toUndashedUuid(spec.id) : premiumUuid(spec.name)
    const existing = this.byName.get(key)
    if (existing) {
      if (spec.id !== undefined && existing.id !== id) {
        throw new HarnessInputError(`account ${spec.name} already exists with id ${existing.id}, not ${id}: use another name or leave id out`)
      }
      if (spec.password !== undefined) existing.password = spec.password
      if (!this.tokens.has(existing.accessToken)) this.issueInitialToken(existing)
      return issued(existing)
    }
    const holder = this.byId.get(id)
    if (holder) throw new HarnessInputError(`id ${id} already belongs to account ${holder.name}: give ${spec.name} another id`)
    const account: Account = { id, name: spec.name, password: spec.password, accessToken: '', createdAt: Date.now() }
    this.byName.set(key, account)
    this.byId.set(id, account)
    this.issueInitialToken(account)
    return issued(account)
  }

  private issueInitialToken(account: Account): void {
    account.accessToken = this.issue(account, newToken()).accessToken
  }

  get(name: string): Account | undefined {
    return this.byName.get(name.toLowerCase())
  }

  getById(id: string): Account | undefined {
    return this.byId.get(id.replaceAll('-', '').toLowerCase())
  }

  issued(name: string): IssuedAccount | undefined {
    const account = this.get(name)
    return account && issued(account)
  }

  /** Every token of the account stops working and its recorded joins are forgotten. */
  revoke(name: string): boolean {
    const account = this.get(name)
    if (!account) return false
    this.dropTokensOf(account)
    this.joins.delete(account.name.toLowerCase())
    return true
  }

  /** No password set means any password is accepted: accounts are stand-ins, not secrets. */
  checkPassword(name: string, password: unknown): Account | undefined {
    const account = this.get(name)
    if (!account) return undefined
    if (account.password !== undefined && account.password !== password) return undefined
    return account
  }

  issue(account: Account, clientToken: string): { accessToken: string; clientToken: string } {
    const accessToken = newToken()
    this.tokens.set(accessToken, { account, clientToken })
    return { accessToken, clientToken }
  }

  byToken(accessToken: unknown): TokenRecord | undefined {
    return typeof accessToken === 'string' ? this.tokens.get(accessToken) : undefined
  }

  dropToken(accessToken: string): void {
    this.tokens.delete(accessToken)
  }

  dropTokensOf(account: Account): void {
    for (const [token, record] of this.tokens) if (record.account === account) this.tokens.delete(token)
  }

  recordJoin(account: Account, serverId: string, ip: string, now = Date.now()): void {
    this.joins.set(account.name.toLowerCase(), { serverId, ip, at: now })
  }

  /** The account if it joined `serverId` within the join TTL (and from `ip`, when given). */
  findJoin(name: string, serverId: string, ip: string | undefined, now = Date.now()): Account | undefined {
    const key = name.toLowerCase()
    const join = this.joins.get(key)
    if (!join) return undefined
    if (now - join.at > this.joinTtlMs) {
      this.joins.delete(key)
      return undefined
    }
    if (join.serverId !== serverId) return undefined
    if (ip !== undefined && normaliseIp(ip) !== join.ip) return undefined
    return this.byName.get(key)
  }
}

/**
 * One spelling per address: `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is `127.0.0.1`, and
 * Java's uncompressed `0:0:0:0:0:0:0:1` (what a Java server sends as `ip`) is `::1`.
 */
export function normaliseIp(ip: string): string {
  let value = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  if (value.startsWith('::ffff:') && value.includes('.')) return value.slice(7)
  if (value.includes(':') && URL.canParse(`http://[${value}]/`)) value = new URL(`http://[${value}]/`).hostname.slice(1, -1)
  return value
}

function issued(account: Account): IssuedAccount {
  return { id: account.id, name: account.name, accessToken: account.accessToken }
}
