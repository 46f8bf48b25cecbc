/**
 * What the mock was asked, in order, with secrets masked, so tests can assert "the server called
 * hasJoined once and sent the ip".
 */
import type { JournalEntry } from './types.ts'

/** Keeps memory bounded during storms; the oldest entries go first, by count and by size. */
const MAX_ENTRIES = 50_000
/** Bytes the journal may hold (paths are the variable part): ~16 MiB, whatever the URLs look like. */
export const MAX_JOURNAL_BYTES = 16 * 1024 * 1024
/** Longer paths are kept cut, with a marker: a journal entry is for reading, not replaying. */
export const MAX_PATH_CHARS = 2048
/** Rough cost of an entry besides its path (object, route, method, numbers, username). */
const ENTRY_OVERHEAD = 200
const SECRET_PARAM = /token|password|secret/i

/** `path?query` with the values of token/password parameters replaced by `***`. */
export function maskPath(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  let masked = false
  for (const key of [...params.keys()]) {
    if (SECRET_PARAM.test(key)) {
      params.set(key, '***')
      masked = true
    }
  }
  return masked ? `${url.slice(0, q)}?${params.toString()}` : url
}

function cut(path: string): string {
  return path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS)}...(${path.length - MAX_PATH_CHARS} more characters)` : path
}

function cost(entry: JournalEntry): number {
  return ENTRY_OVERHEAD + 2 * (entry.path.length + (entry.username?.length ?? 0))
}

export class Journal {
  private entries: JournalEntry[] = []
  private bytes = 0

  constructor(private readonly maxBytes = MAX_JOURNAL_BYTES) {}

  /** Adds an entry now (status null) so hung requests show up; the caller fills in the answer. */
  open(entry: Omit<JournalEntry, 'status' | 'ms' | 'at'>): JournalEntry {
    const full: JournalEntry = { ...entry, path: cut(maskPath(entry.path)), status: null, ms: 0, at: Date.now() }
    this.entries.push(full)
    this.bytes += cost(full)
    let drop = Math.max(0, this.entries.length - MAX_ENTRIES)
    let bytes = this.bytes
    for (let i = 0; i < drop; i++) bytes -= cost(this.entries[i]!)
    while (bytes > this.maxBytes && drop < this.entries.length - 1) bytes -= cost(this.entries[drop++]!)
    if (drop > 0) {
      for (const gone of this.entries.splice(0, drop)) this.bytes -= cost(gone)
    }
    return full
  }

  /** Approximate bytes held (what the bound is checked against). */
  size(): number {
    return this.bytes
  }

  list(): JournalEntry[] {
    return this.entries.map((e) => ({ ...e }))
  }

  clear(): void {
    this.entries = []
    this.bytes = 0
  }
}
