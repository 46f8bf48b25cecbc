/**
 * `npx tsx bench/speedups.ts`: the two per-connection costs the harness avoids, stock against the
 * harness's version, in one process (docs/benchmarks.md lists it with the other benches):
 *
 * - frame splitting: minecraft-protocol's splitter throws (and catches) a PartialReadError whenever
 *   a socket read ends at or inside a length prefix, i.e. on nearly every read; the bounded splitter
 *   (harness/server/frame-splitter.ts) checks the prefix first. Fed the same chunks: login-sized
 *   frames, a few per read, as TCP delivers them.
 * - minecraft-data lookups: `require('minecraft-data')(version)` builds a Version (a loop over all
 *   known versions) before its own cache hit; the memo (harness/minecraft-data-memo.ts) is a map lookup.
 *
 * No figure is asserted: a bench reports. Each measurement is the best of 5 rounds.
 */
import { createRequire } from 'node:module'
import { createBoundedSplitter } from '../harness/server/frame-splitter.ts'
import { minecraftData } from '../harness/minecraft-data-memo.ts'

const require = createRequire(import.meta.url)
const framing = require('minecraft-protocol/src/transforms/framing.js') as { createSplitter(): Splitter }
const [, writeVarInt, sizeOfVarInt] = require('protodef').types.varint as [
  unknown,
  (v: number, b: Buffer, o: number) => number,
  (v: number) => number,
]
const stockData = require('minecraft-data') as (version: string) => unknown

interface Splitter {
  recognizeLegacyPing: boolean
  push(b: Buffer): boolean
  _transform(c: Buffer, e: string, cb: (err?: Error | null) => void): void
}

function frame(payload: Buffer): Buffer {
  const out = Buffer.alloc(sizeOfVarInt(payload.length) + payload.length)
  payload.copy(out, writeVarInt(payload.length, out, 0))
  return out
}

/** `reads` socket reads of 1-3 whole frames of 10-300 bytes, the shape of login and early play traffic. */
function reads(count: number): Buffer[] {
  let seed = 42
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
  return Array.from({ length: count }, () =>
    Buffer.concat(Array.from({ length: 1 + random(3) }, () => frame(Buffer.alloc(10 + random(290), 7)))),
  )
}

function best(rounds: number, run: () => void): number {
  let min = Infinity
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now()
    run()
    min = Math.min(min, performance.now() - t0)
  }
  return min
}

function splitAll(make: () => Splitter, chunks: Buffer[]): void {
  const splitter = make()
  splitter.recognizeLegacyPing = false
  splitter.push = () => true
  const done = (err?: Error | null) => {
    if (err) throw err
  }
  for (const chunk of chunks) splitter._transform(chunk, 'buffer', done)
}

const READS = 20_000
const chunks = reads(READS)
splitAll(() => framing.createSplitter(), chunks)
splitAll(createBoundedSplitter, chunks)
const stockSplit = best(5, () => splitAll(() => framing.createSplitter(), chunks))
const boundedSplit = best(5, () => splitAll(createBoundedSplitter, chunks))

const LOOKUPS = 20_000
const version = '1.21.4'
const stockLookup = best(5, () => {
  for (let i = 0; i < LOOKUPS; i++) stockData(version)
})
const memoLookup = best(5, () => {
  for (let i = 0; i < LOOKUPS; i++) minecraftData(version)
})

const us = (ms: number, n: number) => ((ms * 1000) / n).toFixed(2)
console.log(
  `frame splitter, ${READS} reads:       stock ${us(stockSplit, READS)} us/read, bounded ${us(boundedSplit, READS)} us/read, ratio ${(stockSplit / boundedSplit).toFixed(1)}x`,
)
console.log(
  `minecraft-data(${version}), ${LOOKUPS} calls: stock ${us(stockLookup, LOOKUPS)} us/call, memo ${us(memoLookup, LOOKUPS)} us/call, ratio ${(stockLookup / memoLookup).toFixed(0)}x`,
)
