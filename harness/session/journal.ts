/**
 * What the mock was asked, in order, with secrets masked, so tests can assert "the server called
 * hasJoined once and sent the ip".
 */
import type { JournalEntry } from './types.ts'

/** Keeps memory bounded during storms; the oldest entries go first. */
const MAX_ENTRIES = 50_000
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

export class Journal {
  private entries: JournalEntry[] = []

  /** Adds an entry now (status null) so hung requests show up; the caller fills in the answer. */
  open(entry: Omit<JournalEntry, 'status' | 'ms' | 'at'>): JournalEntry {
    const full: JournalEntry = { ...entry, path: maskPath(entry.path), status: null, ms: 0, at: Date.now() }
    this.entries.push(full)
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES)
    return full
  }

  list(): JournalEntry[] {
    return this.entries.map((e) => ({ ...e }))
  }

  clear(): void {
    this.entries = []
  }
}
