/**
 * Users, their profiles, access tokens and recorded joins: the state Mojang (or an
 * authlib-injector host) keeps about players. Logins and names are case-insensitive, as there.
 *
 * Tokens follow Mojang as authlib-injector's spec describes it ("关于暂时失效状态"): only the
 * newest token of a user is valid; signing in again (or a refresh) leaves the older ones
 * "temporarily invalid" (refresh still works, validate and join do not), which is how a launcher
 * signing in elsewhere turns an earlier session into "Invalid session". invalidate, signout and
 * revoke make tokens invalid for good.
 */
import { randomBytes } from 'node:crypto'
import { HarnessInputError } from '../errors.ts'
import { nameUuidFromBytes, toUndashedUuid } from '../uuid.ts'
import { generatedTexture, textureFromPng, type SkinModel, type TextureImage } from './textures.ts'
import type { CertificateMode } from '../input/account.ts'
import type { AccountSpec, IssuedAccount, IssuedUser, ProfileSpec, UserSpec } from './types.ts'

/** Deterministic premium UUID (32 hex) for a name: v3 of "MockPremium:" + lowercase name, never equal to the offline UUID. */
export function premiumUuid(name: string): string {
  return toUndashedUuid(nameUuidFromBytes(`MockPremium:${name.toLowerCase()}`))
}

/** A user's id (not a profile id): v3 of "MockUser:" + lowercase login. */
export function userUuid(login: string): string {
  return toUndashedUuid(nameUuidFromBytes(`MockUser:${login.toLowerCase()}`))
}

/** The spec's advice: at most this many tokens per user, the oldest dropped first. */
const MAX_TOKENS_PER_USER = 10

export interface Profile {
  id: string
  name: string
  user: User
  skin: (TextureImage & { model: SkinModel }) | undefined
  cape: TextureImage | undefined
  /** What `/player/certificates` issues for this profile (see CERTIFICATE_MODES). */
  certificate: CertificateMode
  createdAt: number
}

export interface User {
  id: string
  login: string
  password: string | undefined
  profiles: Profile[]
  /** Newest first is the last element; every live token of the user. */
  tokens: string[]
  createdAt: number
}

export interface TokenRecord {
  accessToken: string
  clientToken: string
  user: User
  /** The profile the token may play as; null until the launcher selects one. */
  profile: Profile | null
  /** An older token after a newer sign-in: only refresh accepts it. */
  stale: boolean
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
  private readonly users = new Map<string, User>()
  private readonly profilesByName = new Map<string, Profile>()
  private readonly profilesById = new Map<string, Profile>()
  private readonly tokens = new Map<string, TokenRecord>()
  private readonly joins = new Map<string, JoinRecord>()
  private readonly images = new Map<string, Buffer>()

  constructor(
    private readonly joinTtlMs: number,
    /** Wall-clock milliseconds; a test passes its own to step over the join TTL without waiting. */
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * A single-profile account whose login is its name. Creating an existing one returns it (so a
   * long-running mock can be set up again by the next test) with a valid token: a fresh one when
   * its newest token no longer works.
   */
  create(spec: AccountSpec): IssuedAccount {
    const existing = this.profilesByName.get(spec.name.toLowerCase())
    if (existing) {
      const id = spec.id !== undefined ? toUndashedUuid(spec.id) : existing.id
      if (existing.id !== id)
        throw new HarnessInputError(
          `account ${spec.name} already exists with id ${existing.id}, not ${id}: use another name or leave id out`,
        )
      if (spec.password !== undefined) existing.user.password = spec.password
      this.setTextures(existing, spec)
      if (spec.profileKey !== undefined) existing.certificate = spec.profileKey
      if (!this.newestValid(existing.user)) this.issue(existing.user, existing, newToken())
      return this.issuedAccount(existing)
    }
    if (this.users.has(spec.name.toLowerCase()))
      throw new HarnessInputError(`${spec.name} is already the login of a user without that profile; pick another name`)
    const user = this.newUser(spec.name, spec.password)
    const profile = this.addProfile(user, spec)
    this.users.set(user.login.toLowerCase(), user)
    this.issue(user, profile, newToken())
    return this.issuedAccount(profile)
  }

  /** A user with a login and 0..n profiles; the login must be new, and so must every profile. */
  createUser(spec: UserSpec): IssuedUser {
    const key = spec.login.toLowerCase()
    if (this.users.has(key)) throw new HarnessInputError(`a user with login ${spec.login} already exists; pick another login`)
    const names = new Set<string>()
    for (const p of spec.profiles ?? []) {
      const name = p.name.toLowerCase()
      if (names.has(name) || this.profilesByName.has(name))
        throw new HarnessInputError(`profile name ${p.name} is already taken; every profile needs its own name`)
      names.add(name)
      const id = p.id !== undefined ? toUndashedUuid(p.id) : premiumUuid(p.name)
      const holder = this.profilesById.get(id)
      if (holder) throw new HarnessInputError(`id ${id} already belongs to profile ${holder.name}: give ${p.name} another id`)
    }
    const user = this.newUser(spec.login, spec.password)
    for (const p of spec.profiles ?? []) this.addProfile(user, p)
    this.users.set(key, user)
    const selected = user.profiles.length === 1 ? user.profiles[0]! : null
    const record = this.issue(user, selected, newToken())
    return {
      id: user.id,
      login: user.login,
      profiles: user.profiles.map(brief),
      accessToken: record.accessToken,
      selectedProfile: selected && brief(selected),
    }
  }

  private newUser(login: string, password: string | undefined): User {
    return { id: userUuid(login), login, password, profiles: [], tokens: [], createdAt: Date.now() }
  }

  private addProfile(user: User, spec: ProfileSpec): Profile {
    const id = spec.id !== undefined ? toUndashedUuid(spec.id) : premiumUuid(spec.name)
    const holder = this.profilesById.get(id)
    if (holder) throw new HarnessInputError(`id ${id} already belongs to account ${holder.name}: give ${spec.name} another id`)
    const profile: Profile = {
      id,
      name: spec.name,
      user,
      skin: undefined,
      cape: undefined,
      certificate: spec.profileKey ?? 'valid',
      createdAt: Date.now(),
    }
    this.setTextures(profile, spec)
    user.profiles.push(profile)
    this.profilesByName.set(spec.name.toLowerCase(), profile)
    this.profilesById.set(id, profile)
    return profile
  }

  private setTextures(profile: Profile, spec: ProfileSpec): void {
    if (spec.skin) {
      const image =
        spec.skin.png !== undefined
          ? textureFromPng('skin', spec.skin.png, `profile ${spec.name}: skin.png`)
          : generatedTexture('skin', spec.name)
      profile.skin = { ...image, model: spec.skin.model ?? 'classic' }
      this.images.set(image.hash, image.png)
    }
    if (spec.cape) {
      const image =
        spec.cape.png !== undefined
          ? textureFromPng('cape', spec.cape.png, `profile ${spec.name}: cape.png`)
          : generatedTexture('cape', spec.name)
      profile.cape = image
      this.images.set(image.hash, image.png)
    }
  }

  /** The PNG of a texture hash, for `/textures/<hash>`. */
  image(hash: string): Buffer | undefined {
    return this.images.get(hash)
  }

  private issuedAccount(profile: Profile): IssuedAccount {
    return { id: profile.id, name: profile.name, accessToken: profile.user.tokens.at(-1) ?? '' }
  }

  private newestValid(user: User): boolean {
    const newest = user.tokens.at(-1)
    return newest !== undefined && this.tokens.get(newest)?.stale === false
  }

  get(name: string): Profile | undefined {
    return this.profilesByName.get(name.toLowerCase())
  }

  getById(id: string): Profile | undefined {
    return this.profilesById.get(id.replaceAll('-', '').toLowerCase())
  }

  issued(name: string): IssuedAccount | undefined {
    const profile = this.get(name)
    return profile && this.issuedAccount(profile)
  }

  /** Every token of the profile's user stops working and the user's recorded joins are forgotten. */
  revoke(name: string): boolean {
    const profile = this.get(name)
    if (!profile) return false
    this.dropTokensOf(profile.user)
    for (const p of profile.user.profiles) this.joins.delete(p.name.toLowerCase())
    return true
  }

  /**
   * The user a login names, and the profile it binds to when the login was a profile name
   * (the spec's "使用角色名称登录"). No password set means any password is accepted: accounts
   * are stand-ins, not secrets.
   */
  checkPassword(login: string, password: unknown): { user: User; byName: Profile | null } | undefined {
    const user = this.users.get(login.toLowerCase())
    const byName = user ? null : (this.get(login) ?? null)
    const owner = user ?? byName?.user
    if (!owner) return undefined
    if (owner.password !== undefined && owner.password !== password) return undefined
    return { user: owner, byName }
  }

  /** A new token; the user's earlier ones become stale, and past 10 the oldest is dropped. */
  issue(user: User, profile: Profile | null, clientToken: string): TokenRecord {
    for (const token of user.tokens) {
      const record = this.tokens.get(token)
      if (record) record.stale = true
    }
    const record: TokenRecord = { accessToken: newToken(), clientToken, user, profile, stale: false }
    this.tokens.set(record.accessToken, record)
    user.tokens.push(record.accessToken)
    while (user.tokens.length > MAX_TOKENS_PER_USER) this.tokens.delete(user.tokens.shift()!)
    return record
  }

  byToken(accessToken: unknown): TokenRecord | undefined {
    return typeof accessToken === 'string' ? this.tokens.get(accessToken) : undefined
  }

  /** A token that validate, join and the services accept (not stale). */
  validToken(accessToken: unknown): TokenRecord | undefined {
    const record = this.byToken(accessToken)
    return record && !record.stale ? record : undefined
  }

  dropToken(accessToken: string): void {
    const record = this.tokens.get(accessToken)
    if (!record) return
    this.tokens.delete(accessToken)
    record.user.tokens = record.user.tokens.filter((t) => t !== accessToken)
  }

  dropTokensOf(user: User): void {
    for (const token of user.tokens) this.tokens.delete(token)
    user.tokens = []
  }

  recordJoin(profile: Profile, serverId: string, ip: string, now = this.clock()): void {
    this.joins.set(profile.name.toLowerCase(), { serverId, ip, at: now })
  }

  /** The profile if it joined `serverId` within the join TTL (and from `ip`, when given). */
  findJoin(name: string, serverId: string, ip: string | undefined, now = this.clock()): Profile | undefined {
    const key = name.toLowerCase()
    const join = this.joins.get(key)
    if (!join) return undefined
    if (now - join.at > this.joinTtlMs) {
      this.joins.delete(key)
      return undefined
    }
    if (join.serverId !== serverId) return undefined
    if (ip !== undefined && normaliseIp(ip) !== join.ip) return undefined
    return this.profilesByName.get(key)
  }
}

function brief(profile: Profile): { id: string; name: string } {
  return { id: profile.id, name: profile.name }
}

/**
 * One spelling per address: `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is `127.0.0.1`, and
 * Java's uncompressed `0:0:0:0:0:0:0:1` (what a Java server sends as `ip`) is `::1`.
 */
export function normaliseIp(ip: string): string {
  let value = ip
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
  if (value.startsWith('::ffff:') && value.includes('.')) return value.slice(7)
  if (value.includes(':') && URL.canParse(`http://[${value}]/`)) value = new URL(`http://[${value}]/`).hostname.slice(1, -1)
  return value
}
