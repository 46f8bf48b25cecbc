import { describe, expect, it } from 'vitest'
import { HarnessInputError } from '../errors.ts'
import { mergeBlobs, toBlob, type BlobContext, type BlobFile, type SuiteCase } from './blob.ts'
import type { ReportRow, RunReport } from './types.ts'

const VERSION = '1.2.3'
const suite: SuiteCase[] = ['a', 'b', 'c', 'd', 'e'].map((s) => ({ file: 'scenarios/x.ts', scenario: s, version: '1.20.4' }))
const row = (c: SuiteCase, bot = 'Alice (premium)', pass = true): ReportRow => ({
  ...c,
  bot,
  expected: 'success',
  outcome: pass ? 'success' : 'kicked',
  key: null,
  message: '',
  pass,
  ms: 100,
  reason: pass ? '' : 'expected success',
})
// The whole run as one process reports it: case order, two bots on case b.
const whole: ReportRow[] = [row(suite[0]!), row(suite[1]!, 'one'), row(suite[1]!, 'two'), row(suite[2]!), row(suite[3]!), row(suite[4]!)]

const context = (index: number, total: number, over: Partial<BlobContext> = {}): BlobContext => ({
  harnessVersion: VERSION,
  shard: { index, total },
  label: `machine ${index}`,
  backend: 'embedded',
  startedAt: new Date(0),
  suite,
  ...over,
})
/** A shard's blob holding the rows of the given case indexes. */
const blob = (
  index: number,
  total: number,
  cases: number[],
  report: Partial<RunReport> = {},
  over: Partial<BlobContext> = {},
): BlobFile => ({
  name: `blob-report/report-${index}-of-${total}.json`,
  text: toBlob(
    { results: whole.filter((r) => cases.includes(suite.findIndex((c) => c.scenario === r.scenario))), ms: 1000 * index, ...report },
    context(index, total, over),
  ),
})

describe('mergeBlobs', () => {
  it('gives the rows of one unsharded run, in its order, whatever order the shards ran and the files are read in', () => {
    const merged = mergeBlobs([blob(2, 3, [1, 4]), blob(3, 3, [0]), blob(1, 3, [3, 2])], VERSION)
    expect(merged.report.results).toEqual(whole)
    expect(merged.report.complete).toBeUndefined()
    // Shards run side by side: the run took as long as the longest.
    expect(merged.report.ms).toBe(3000)
    expect(merged.shards.map((s) => [s.shard.index, s.label, s.rows])).toEqual([
      [1, 'machine 1', 2],
      [2, 'machine 2', 3],
      [3, 'machine 3', 1],
    ])
  })

  it('a single unsharded blob merges to itself', () => {
    expect(mergeBlobs([blob(1, 1, [0, 1, 2, 3, 4])], VERSION).report.results).toEqual(whole)
  })

  it('an interrupted shard makes the merged run incomplete, listing what did not run', () => {
    const unrun = [{ ...suite[4]!, bot: 'Alice (premium)' }]
    const merged = mergeBlobs([blob(1, 2, [0, 1]), blob(2, 2, [2, 3], { complete: false, unrun })], VERSION)
    expect(merged.report.complete).toBe(false)
    expect(merged.report.unrun).toEqual(unrun)
  })

  it('refuses a blob of another harness version, naming both versions and the file', () => {
    const other = { ...blob(2, 2, [2, 3, 4]), text: toBlob({ results: [], ms: 0 }, context(2, 2, { harnessVersion: '0.9.0' })) }
    expect(() => mergeBlobs([blob(1, 2, [0, 1]), other], VERSION)).toThrow(HarnessInputError)
    expect(() => mergeBlobs([blob(1, 2, [0, 1]), other], VERSION)).toThrow(
      'blob-report/report-2-of-2.json: written by mc-login-harness 0.9.0, but this is 1.2.3',
    )
  })

  it('names missing and duplicate shards', () => {
    expect(() => mergeBlobs([blob(1, 3, [0, 1]), blob(3, 3, [4])], VERSION)).toThrow('cannot merge: shard 2/3 missing.')
    expect(() => mergeBlobs([blob(1, 4, [0, 1, 2, 3, 4])], VERSION)).toThrow('shards 2/4, 3/4, 4/4 missing')
    const again = { ...blob(1, 2, [0, 1]), name: 'rerun/report-1-of-2.json' }
    expect(() => mergeBlobs([blob(1, 2, [0, 1]), again, blob(2, 2, [2, 3, 4])], VERSION)).toThrow(
      'shard 1/2 is in more than one file (blob-report/report-1-of-2.json, rerun/report-1-of-2.json)',
    )
  })

  it('refuses shards of different runs: other totals, other case lists, other backends', () => {
    expect(() => mergeBlobs([blob(1, 2, [0, 1]), blob(2, 3, [2])], VERSION)).toThrow(
      'is shard 2/3 but blob-report/report-1-of-2.json is shard 1/2',
    )
    expect(() => mergeBlobs([blob(1, 2, [0, 1]), blob(2, 2, [2, 3, 4], {}, { suite: suite.slice(0, 4) })], VERSION)).toThrow(
      'split different runs: give every shard the same scenario paths, --versions, --grep and --skip',
    )
    expect(() => mergeBlobs([blob(1, 2, [0, 1]), blob(2, 2, [2, 3, 4], {}, { backend: 'container' })], VERSION)).toThrow(
      'give every shard the same --backend',
    )
  })

  it('refuses a case no shard reported (a blob edited or cut short)', () => {
    expect(() => mergeBlobs([blob(1, 2, [0, 1]), blob(2, 2, [2, 3])], VERSION)).toThrow(
      'no shard reported 1 case(s) of the run ("e" on 1.20.4)',
    )
  })

  it('refuses files that are not blobs, or damaged ones, naming the file', () => {
    expect(() => mergeBlobs([{ name: 'x.json', text: '{' }], VERSION)).toThrow('x.json: not JSON')
    expect(() => mergeBlobs([{ name: 'x.json', text: '{"results":[]}' }], VERSION)).toThrow('x.json: not a blob report of mc-login-harness')
    const damaged = JSON.parse(blob(1, 1, [0, 1, 2, 3, 4]).text)
    delete damaged.results[0].pass
    expect(() => mergeBlobs([{ name: 'x.json', text: JSON.stringify(damaged) }], VERSION)).toThrow(
      'x.json: a damaged blob report (results.0.pass:',
    )
    expect(() => mergeBlobs([], VERSION)).toThrow('no blob reports to merge')
  })
})
