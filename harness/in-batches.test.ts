import { describe, expect, it } from 'vitest'
import { mapInBatches } from './in-batches.ts'

describe('mapInBatches', () => {
  it('keeps the order, and never has more than `size` calls in flight', async () => {
    let inFlight = 0
    let most = 0
    const results = await mapInBatches([5, 4, 3, 2, 1, 0, 9], 3, async (n) => {
      most = Math.max(most, ++inFlight)
      await new Promise((resolve) => setImmediate(resolve))
      inFlight--
      return n * 10
    })
    expect(results).toEqual([50, 40, 30, 20, 10, 0, 90])
    expect(most).toBe(3)
  })

  it('rejects with the first failure of a batch and starts no later batch', async () => {
    const seen: number[] = []
    const run = mapInBatches([1, 2, 3, 4], 2, async (n) => {
      seen.push(n)
      if (n === 2) throw new Error('two failed')
      return n
    })
    await expect(run).rejects.toThrow('two failed')
    expect(seen).toEqual([1, 2])
  })
})
