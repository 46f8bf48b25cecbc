/**
 * The blob report: one file per shard (`run --shard i/n --reporter blob`), for
 * `merge-reports` to turn into the report one unsharded run would have written, after Playwright's
 * blob reporter and `merge-reports`. A blob keeps what the other reporters need (every row, what
 * did not run) plus what the merge checks: the harness version, the shard, the whole run's case
 * list (so every shard provably ran a part of the same run), and an environment label.
 */
import { z } from 'zod'
import { HarnessInputError } from '../errors.ts'
import type { ReportRow, RunReport, UnrunRow } from './types.ts'

export const BLOB_FORMAT = 'mc-login-harness-blob'
/** Bumped when the shape changes; a merge refuses other shapes, as it refuses other harness versions. */
export const BLOB_FORMAT_VERSION = 1

/** One case of the whole run (all shards): a scenario on a version. */
export interface SuiteCase {
  file: string
  scenario: string
  version: string
}

export interface BlobReport {
  format: typeof BLOB_FORMAT
  formatVersion: typeof BLOB_FORMAT_VERSION
  harnessVersion: string
  shard: { index: number; total: number }
  /** Where it ran, e.g. "linux-x64 node v22.19.0 embedded" or what `--label` said. */
  label: string
  backend: string
  /** When the shard's run started (ISO 8601) and how long it took. */
  startedAt: string
  ms: number
  complete: boolean
  /** Every case of the whole run in the run's order, the same in every shard's blob. */
  suite: SuiteCase[]
  results: ReportRow[]
  unrun: UnrunRow[]
}

export interface BlobContext {
  harnessVersion: string
  shard: { index: number; total: number }
  label: string
  backend: string
  startedAt: Date
  suite: SuiteCase[]
}

export function toBlob(report: RunReport, context: BlobContext): string {
  const blob: BlobReport = {
    format: BLOB_FORMAT,
    formatVersion: BLOB_FORMAT_VERSION,
    harnessVersion: context.harnessVersion,
    shard: context.shard,
    label: context.label,
    backend: context.backend,
    startedAt: context.startedAt.toISOString(),
    ms: Math.round(report.ms),
    complete: report.complete !== false,
    suite: context.suite,
    results: report.results,
    unrun: report.unrun ?? [],
  }
  return JSON.stringify(blob) + '\n'
}

const suiteCase = z.strictObject({ file: z.string(), scenario: z.string(), version: z.string() })
const row = z.strictObject({
  ...suiteCase.shape,
  bot: z.string(),
  expected: z.string(),
  outcome: z.string(),
  key: z.string().nullable(),
  message: z.string(),
  pass: z.boolean(),
  ms: z.number(),
  reason: z.string(),
})
const blobSchema = z.strictObject({
  format: z.literal(BLOB_FORMAT),
  formatVersion: z.number().int(),
  harnessVersion: z.string(),
  shard: z.strictObject({ index: z.number().int().min(1), total: z.number().int().min(1) }),
  label: z.string(),
  backend: z.string(),
  startedAt: z.string(),
  ms: z.number().min(0),
  complete: z.boolean(),
  suite: z.array(suiteCase),
  results: z.array(row),
  unrun: z.array(z.strictObject({ ...suiteCase.shape, bot: z.string() })),
})

/** A blob file as read from disk: its name (for messages) and its text. */
export interface BlobFile {
  name: string
  text: string
}

export interface MergedShard {
  name: string
  shard: { index: number; total: number }
  label: string
  ms: number
  rows: number
  complete: boolean
}

export interface MergedReport {
  report: RunReport
  shards: MergedShard[]
}

const caseKey = (c: SuiteCase) => JSON.stringify([c.file, c.scenario, c.version])

/**
 * The report of the whole run from its shards' blobs. Refused (HarnessInputError, naming the
 * files): a file that is not a blob, a blob of another harness version or blob format, shards of
 * different runs (other totals or case lists), a shard given twice, a shard missing, a case that
 * no shard accounts for. Rows come out in the run's case order (the order one unsharded run
 * reports); the wall time is the longest shard's, since shards run side by side.
 */
export function mergeBlobs(files: readonly BlobFile[], harnessVersion: string): MergedReport {
  if (files.length === 0)
    throw new HarnessInputError('no blob reports to merge; give the folder the shards wrote them to (run --shard i/n --reporter blob)')
  const blobs = files.map(({ name, text }) => ({ name, blob: parseBlob(name, text, harnessVersion) }))

  const [first] = blobs
  const total = first!.blob.shard.total
  const otherTotal = blobs.find((b) => b.blob.shard.total !== total)
  if (otherTotal) {
    throw new HarnessInputError(
      `${otherTotal.name} is shard ${shardText(otherTotal.blob)} but ${first!.name} is shard ${shardText(first!.blob)}: blobs of one run share their total; remove the blobs of other runs from the folder`,
    )
  }
  const suiteText = JSON.stringify(first!.blob.suite)
  const otherSuite = blobs.find((b) => JSON.stringify(b.blob.suite) !== suiteText)
  if (otherSuite) {
    throw new HarnessInputError(
      `${otherSuite.name} (${otherSuite.blob.suite.length} cases) and ${first!.name} (${first!.blob.suite.length} cases) split different runs: give every shard the same scenario paths, --versions, --grep and --skip, and remove blobs of other runs`,
    )
  }
  const otherBackend = blobs.find((b) => b.blob.backend !== first!.blob.backend)
  if (otherBackend)
    throw new HarnessInputError(
      `${otherBackend.name} ran on the ${otherBackend.blob.backend} backend but ${first!.name} on ${first!.blob.backend}: give every shard the same --backend`,
    )

  const byIndex = new Map<number, string[]>()
  for (const { name, blob } of blobs) byIndex.set(blob.shard.index, [...(byIndex.get(blob.shard.index) ?? []), name])
  const duplicate = [...byIndex].filter(([, names]) => names.length > 1)
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i))
  const problems = [
    ...duplicate.map(([index, names]) => `shard ${index}/${total} is in more than one file (${names.join(', ')})`),
    ...(missing.length > 0 ? [`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing`] : []),
  ]
  if (problems.length > 0) {
    throw new HarnessInputError(
      `cannot merge: ${problems.join('; ')}. Every shard 1/${total} to ${total}/${total} must be there exactly once (a duplicate is a re-run: keep one file; a missing one: its job did not upload a blob)`,
    )
  }

  // Rows in the run's order: by case, then as the shard reported them (bots in order).
  const order = new Map(first!.blob.suite.map((c, i) => [caseKey(c), i]))
  const place = (r: SuiteCase, name: string) => {
    const at = order.get(caseKey(r))
    if (at === undefined)
      throw new HarnessInputError(
        `${name}: has a row for "${r.scenario}" on ${r.version} (${r.file}), which is not in the run's case list; the file is damaged or edited, re-run that shard`,
      )
    return at
  }
  const sorted = blobs.map((b) => b.blob).sort((a, b) => a.shard.index - b.shard.index)
  const rows = sorted.flatMap((blob, s) => blob.results.map((r, i) => ({ r, at: place(r, blobs[s]!.name), s, i })))
  const unrun = sorted.flatMap((blob, s) => blob.unrun.map((r, i) => ({ r, at: place(r, blobs[s]!.name), s, i })))
  const byRunOrder = (a: { at: number; s: number; i: number }, b: { at: number; s: number; i: number }) =>
    a.at - b.at || a.s - b.s || a.i - b.i
  const accounted = new Set([...rows, ...unrun].map((x) => x.at))
  const lost = first!.blob.suite.filter((_, i) => !accounted.has(i))
  if (lost.length > 0) {
    const named = lost
      .slice(0, 5)
      .map((c) => `"${c.scenario}" on ${c.version}`)
      .join(', ')
    throw new HarnessInputError(
      `no shard reported ${lost.length} case(s) of the run (${named}${lost.length > 5 ? ', …' : ''}); the shards were given different case lists or a blob was edited: re-run the shards with the same arguments`,
    )
  }

  const complete = sorted.every((b) => b.complete)
  const report: RunReport = {
    results: rows.sort(byRunOrder).map((x) => x.r),
    ms: Math.max(...sorted.map((b) => b.ms)),
    ...(complete ? {} : { complete: false, unrun: unrun.sort(byRunOrder).map((x) => x.r) }),
  }
  const shards = blobs
    .map(({ name, blob }) => ({
      name,
      shard: blob.shard,
      label: blob.label,
      ms: blob.ms,
      rows: blob.results.length,
      complete: blob.complete,
    }))
    .sort((a, b) => a.shard.index - b.shard.index)
  return { report, shards }
}

function shardText(blob: BlobReport): string {
  return `${blob.shard.index}/${blob.shard.total}`
}

function parseBlob(name: string, text: string, harnessVersion: string): BlobReport {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new HarnessInputError(
      `${name}: not JSON (${(error as Error).message}); only blob reports (run --reporter blob) belong in the folder`,
    )
  }
  const head = json as { format?: unknown; formatVersion?: unknown; harnessVersion?: unknown }
  if (head?.format !== BLOB_FORMAT)
    throw new HarnessInputError(
      `${name}: not a blob report of mc-login-harness (run --reporter blob writes them); only blob reports belong in the folder`,
    )
  if (head.harnessVersion !== harnessVersion) {
    throw new HarnessInputError(
      `${name}: written by mc-login-harness ${String(head.harnessVersion)}, but this is ${harnessVersion}; merge with the version that ran the shards (npx mc-login-harness@${String(head.harnessVersion)} merge-reports), or re-run the shards with this one`,
    )
  }
  if (head.formatVersion !== BLOB_FORMAT_VERSION)
    throw new HarnessInputError(
      `${name}: blob format ${String(head.formatVersion)}, but this harness reads format ${BLOB_FORMAT_VERSION}; re-run the shards with this harness`,
    )
  const parsed = blobSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new HarnessInputError(
      `${name}: a damaged blob report (${issue.path.join('.') || 'top level'}: ${issue.message}); re-run that shard`,
    )
  }
  const blob = parsed.data as BlobReport
  if (blob.shard.index > blob.shard.total)
    throw new HarnessInputError(`${name}: shard ${shardText(blob)} is not a shard (index above total); re-run that shard`)
  return blob
}
