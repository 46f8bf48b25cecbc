import { HarnessInputError } from '../errors.ts'
import { isUuid, toUndashedUuid } from '../uuid.ts'
import type { BanEntry, IpBanEntry, OpEntry, ProfileEntry, ServerLists } from './types.ts'

/** Vanilla's default when a ban entry has no reason. */
const DEFAULT_REASON = 'Banned by an operator.'

export interface ActiveBan {
  reason: string
  /** Undefined for "forever". */
  expires: Date | undefined
}

/**
 * The vanilla list files in memory, keyed as vanilla keys them: players by UUID (`StoredUserList`
 * keys a `GameProfile` by `getId()`), IP bans by address. A name in an entry is only a label: a
 * player whose UUID differs (the other online-mode's UUID) is not on the list, which is exactly the
 * lock-out hosts hit when they flip online-mode.
 */
export class ServerListsState {
  private whitelist = new Map<string, ProfileEntry>()
  private readonly ops = new Map<string, OpEntry>()
  private readonly bans = new Map<string, BanEntry>()
  private readonly ipBans = new Map<string, IpBanEntry>()

  constructor(lists: ServerLists) {
    this.replaceWhitelist(lists.whitelist ?? [])
    for (const op of lists.ops ?? []) this.ops.set(key(op.uuid), op)
    for (const ban of lists.bannedPlayers ?? []) this.bans.set(key(ban.uuid), ban)
    for (const ban of lists.bannedIps ?? []) this.ipBans.set(ban.ip, ban)
  }

  /** Checks every entry up front, so a bad UUID or date fails at configuration, naming the entry. */
  static validate(lists: ServerLists): ServerLists {
    const check = (file: string, entries: ProfileEntry[] | undefined) =>
      entries?.forEach((entry, i) => {
        if (!isUuid(entry.uuid))
          throw new HarnessInputError(
            `${file} entry ${i + 1} (${entry.name}): uuid "${entry.uuid}" is not a UUID (32 hex digits, dashes optional)`,
          )
      })
    check('whitelist', lists.whitelist)
    check('ops', lists.ops)
    check('banned players', lists.bannedPlayers)
    for (const [file, entries] of [
      ['banned players', lists.bannedPlayers],
      ['banned ips', lists.bannedIps],
    ] as const) {
      entries?.forEach((entry, i) => {
        if (entry.expires !== undefined && parseExpiry(entry.expires) === null) {
          throw new HarnessInputError(
            `${file} entry ${i + 1}: expires "${entry.expires}" is neither "forever" nor a date like "2030-01-31 12:00:00 +0000"`,
          )
        }
      })
    }
    return lists
  }

  replaceWhitelist(entries: ProfileEntry[]): void {
    this.whitelist = new Map(entries.map((e) => [key(e.uuid), e]))
  }

  isWhitelisted(uuid: string): boolean {
    return this.whitelist.has(key(uuid))
  }

  isOp(uuid: string): boolean {
    return this.ops.has(key(uuid))
  }

  bypassesPlayerLimit(uuid: string): boolean {
    return this.ops.get(key(uuid))?.bypassesPlayerLimit === true
  }

  /** The ban in force for this UUID (an expired ban is gone, as vanilla drops it). */
  ban(uuid: string, now = new Date()): ActiveBan | undefined {
    return active(this.bans.get(key(uuid)), now)
  }

  ipBan(ip: string, now = new Date()): ActiveBan | undefined {
    return active(this.ipBans.get(ip), now)
  }
}

function key(uuid: string): string {
  return toUndashedUuid(uuid)
}

function active(entry: { reason?: string; expires?: string } | undefined, now: Date): ActiveBan | undefined {
  if (!entry) return undefined
  const expires = entry.expires === undefined ? undefined : (parseExpiry(entry.expires) ?? undefined)
  if (expires && expires.getTime() <= now.getTime()) return undefined
  return { reason: entry.reason ?? DEFAULT_REASON, expires }
}

/**
 * Vanilla's `BanListEntry.DATE_FORMAT` ("yyyy-MM-dd HH:mm:ss Z"), or "forever" (null expiry).
 * Returns undefined for forever and null for text that is no date.
 */
export function parseExpiry(text: string): Date | undefined | null {
  if (text.trim().toLowerCase() === 'forever') return undefined
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, se, sign, oh, om] = m
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se))
  const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000
  return new Date(utc - offset)
}
