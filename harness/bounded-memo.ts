/**
 * A memo of at most `limit` entries: what `make` returned for `key`, made once while it is kept;
 * past the limit the oldest entry goes. For pure functions of a key that repeats (players' keys
 * parsed from the bytes they were sent as), where an unbounded map would grow with every key.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>()

  constructor(private readonly limit: number) {}

  get(key: K, make: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key)!
    const value = make()
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, value)
    return value
  }
}
