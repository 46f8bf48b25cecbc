import type { ServerLists } from '../server/types.ts'
import { offlineUuid, toDashedUuid } from '../uuid.ts'

/** One list entry whose UUID is not the one its player has under the file's online-mode. */
export interface UuidMismatch {
  file: 'whitelist.json' | 'ops.json' | 'banned-players.json'
  name: string
  /** The UUID in the file, dashed. */
  listed: string
  /** `offline`: the file holds the offline UUID on an online server; `online`: a non-offline UUID on an offline server. */
  kind: 'offline' | 'online'
  onlineMode: boolean
}

/**
 * Vanilla keys every list by UUID, and the UUID of a name depends on online-mode: the Mojang
 * account's on an online server, `v3("OfflinePlayer:" + name)` on an offline one. An entry made in
 * the other mode therefore names a player the server will never see. The offline UUID is computed
 * from the name, so the check is exact for it; a premium UUID is only known to Mojang, so on an
 * online server any non-offline UUID is taken as right.
 */
export function findUuidMismatches(lists: ServerLists | undefined, onlineMode: boolean): UuidMismatch[] {
  if (!lists) return []
  const out: UuidMismatch[] = []
  const scan = (file: UuidMismatch['file'], entries: Array<{ uuid: string; name: string }> | undefined) => {
    for (const entry of entries ?? []) {
      const listed = toDashedUuid(entry.uuid)
      const isOffline = listed === offlineUuid(entry.name)
      if (onlineMode && isOffline) out.push({ file, name: entry.name, listed, kind: 'offline', onlineMode })
      if (!onlineMode && !isOffline) out.push({ file, name: entry.name, listed, kind: 'online', onlineMode })
    }
  }
  scan('whitelist.json', lists.whitelist)
  scan('ops.json', lists.ops)
  scan('banned-players.json', lists.bannedPlayers)
  return out
}

const COMMANDS: Record<UuidMismatch['file'], { remove: string; add: string; effect: string }> = {
  'whitelist.json': { remove: 'whitelist remove', add: 'whitelist add', effect: 'are refused "You are not white-listed on this server!"' },
  'ops.json': { remove: 'deop', add: 'op', effect: 'are not an operator (nor let past the whitelist as one)' },
  'banned-players.json': { remove: 'pardon', add: 'ban', effect: 'are NOT banned: the ban names a UUID they do not have' },
}

/** The warning for one entry: who, what happens to them, and the commands that fix it. */
export function mismatchWarning(m: UuidMismatch): string {
  const c = COMMANDS[m.file]
  const offline = offlineUuid(m.name)
  if (m.kind === 'offline') {
    return `${m.file}: ${m.name} is listed with the offline UUID ${m.listed}, but with online-mode=true they join with their Mojang account's UUID and ${c.effect}. Fix: on the running server run "${c.remove} ${m.name}" then "${c.add} ${m.name}" (it looks up the account's UUID)`
  }
  return `${m.file}: ${m.name} is listed with ${m.listed}, but with online-mode=false they join as ${offline} (the offline UUID of "${m.name}") and ${c.effect}. Fix: with online-mode=false run "${c.remove} ${m.name}" then "${c.add} ${m.name}", or set that entry's "uuid" to "${offline}"`
}
