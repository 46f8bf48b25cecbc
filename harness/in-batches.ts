/**
 * `fn` over `items`, `size` at a time (each batch awaited before the next begins), results in the
 * items' order. The storm's set-up asks the mock for thousands of accounts, profiles and
 * certificates: all at once would open thousands of connections, one at a time would take seconds.
 */
export async function mapInBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let at = 0; at < items.length; at += size) results.push(...(await Promise.all(items.slice(at, at + size).map(fn))))
  return results
}
