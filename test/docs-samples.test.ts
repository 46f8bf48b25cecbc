/**
 * The docs' code samples cannot rot: a fenced block preceded by `<!-- sample: PATH -->` (or
 * `<!-- sample: PATH#NAME -->` for the lines between `// #region NAME` and `// #endregion` in
 * that file) must be byte for byte the file's content, and the file is one that tests run
 * (docs/examples/ by tier suffix, or a file a test loads). Every TypeScript block of the README
 * is such a sample.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadExpectations } from '../harness/check/expectations.ts'
import { loadScenarios } from '../harness/scenario/load.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

export interface DocSample {
  /** The markdown file and the 1-based line of the marker, for the failure message. */
  doc: string
  line: number
  /** The sample's file, relative to the repository root, and an optional region name. */
  file: string
  region?: string
  block: string
}

const MARKER = /^<!-- sample: ([^\s#]+)(?:#([\w-]+))? -->$/

/** Every marked sample of a markdown text; a marker not followed by a fenced block is an error. */
export function findSamples(doc: string, text: string): DocSample[] {
  const lines = text.split('\n')
  const samples: DocSample[] = []
  lines.forEach((line, i) => {
    const marker = MARKER.exec(line.trim())
    if (!marker) return
    const fence = /^(`{3,})\w*$/.exec(lines[i + 1] ?? '')
    if (!fence) throw new Error(`${doc}:${i + 1}: a sample marker must be followed at once by a fenced code block (\`\`\`ts)`)
    const end = lines.findIndex((l, j) => j > i + 1 && l === fence[1])
    if (end < 0) throw new Error(`${doc}:${i + 2}: the sample's code block is never closed`)
    samples.push({ doc, line: i + 1, file: marker[1]!, region: marker[2], block: lines.slice(i + 2, end).join('\n') + '\n' })
  })
  return samples
}

/** A sample file's text, or the lines of one `// #region NAME` ... `// #endregion` in it (indentation kept). */
export function sampleText(text: string, region?: string): string {
  if (!region) return text
  const lines = text.split('\n')
  const start = lines.findIndex((l) => l.trim() === `// #region ${region}`)
  if (start < 0) throw new Error(`no "// #region ${region}" line`)
  const end = lines.findIndex((l, j) => j > start && l.trim() === '// #endregion')
  if (end < 0) throw new Error(`region "${region}" has no "// #endregion" line`)
  return lines.slice(start + 1, end).join('\n') + '\n'
}

/** Why a sample does not match its file's text, or undefined when it does. */
export function sampleMismatch(sample: DocSample, fileText: string): string | undefined {
  const expected = sampleText(fileText, sample.region)
  if (sample.block === expected) return undefined
  const a = sample.block.split('\n')
  const b = expected.split('\n')
  const at = a.findIndex((line, i) => line !== b[i])
  const line = at < 0 ? a.length : at
  return `${sample.doc}:${sample.line}: the block differs from ${sample.file}${sample.region ? `#${sample.region}` : ''} at its line ${line + 1}: ${JSON.stringify(a[line] ?? '(end)')} vs ${JSON.stringify(b[line] ?? '(end)')}; copy the file into the doc`
}

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
  return ['README.md', ...docs.filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))]
}

const samples = markdownFiles().flatMap((doc) => findSamples(doc, fs.readFileSync(path.join(ROOT, doc), 'utf8')))

describe('code samples in the docs', () => {
  test('the README and the guides have samples (the scan finds them)', () => {
    expect(samples.filter((s) => s.doc === 'README.md').length).toBeGreaterThanOrEqual(3)
  })

  test.each(samples.map((s) => [`${s.doc}:${s.line} ${s.file}${s.region ? `#${s.region}` : ''}`, s] as const))(
    '%s is the file it names, byte for byte',
    (_name, sample) => {
      const file = path.join(ROOT, sample.file)
      expect(fs.existsSync(file), `${sample.doc}:${sample.line}: ${sample.file} does not exist`).toBe(true)
      expect(sampleMismatch(sample, fs.readFileSync(file, 'utf8'))).toBeUndefined()
    },
  )

  test('every TypeScript block in the README is a sample', () => {
    const lines = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n')
    const unmarked = lines.flatMap((line, i) => (line === '```ts' && !MARKER.test((lines[i - 1] ?? '').trim()) ? [i + 1] : []))
    expect(unmarked, 'README.md lines with a ```ts block not preceded by <!-- sample: ... -->').toEqual([])
  })

  test("the hosts guide's expectations file is valid for diff --expect", async () => {
    const accepted = await loadExpectations(path.join(ROOT, 'docs/examples/login-expectations.json'))
    expect(accepted.map((a) => a.probe)).toEqual(['revoked-token', 'cracked', 'premium'])
  })

  test('every file in docs/examples/ is shown in a doc', () => {
    const shown = new Set(samples.map((s) => s.file))
    const files = fs.readdirSync(path.join(ROOT, 'docs/examples'), { recursive: true, encoding: 'utf8' })
    const examples = files
      .filter((f) => f.endsWith('.ts') || f.endsWith('.json'))
      .map((f) => path.posix.join('docs/examples', f.split(path.sep).join('/')))
    expect(examples.filter((f) => !shown.has(f))).toEqual([])
  })

  test('the example scenario files load and validate (the run test runs them: docs-examples.int.test.ts)', async () => {
    const loaded = await loadScenarios([path.join(ROOT, 'docs/examples/scenarios')])
    expect(loaded.map((s) => s.name).sort()).toEqual([
      'outage: hasJoined hangs until authlib gives up (5 s)',
      'premium: a cracked client is refused',
      'proxy: a forwarding secret the backend does not share',
    ])
  })
})

describe('the sample checker itself', () => {
  const doc = [
    'text',
    '<!-- sample: docs/examples/a.ts -->',
    '```ts',
    'const a = 1',
    '```',
    '<!-- sample: x.ts#part -->',
    '```',
    'b()',
    '```',
  ].join('\n')

  test('finds each marked block with its file, region and line', () => {
    expect(findSamples('d.md', doc)).toEqual([
      { doc: 'd.md', line: 2, file: 'docs/examples/a.ts', region: undefined, block: 'const a = 1\n' },
      { doc: 'd.md', line: 6, file: 'x.ts', region: 'part', block: 'b()\n' },
    ])
  })

  test('a block that differs from its file by one character is named with the line', () => {
    const [sample] = findSamples('d.md', doc)
    expect(sampleMismatch(sample!, 'const a = 1\n')).toBeUndefined()
    expect(sampleMismatch(sample!, 'const a = 2\n')).toBe(
      'd.md:2: the block differs from docs/examples/a.ts at its line 1: "const a = 1" vs "const a = 2"; copy the file into the doc',
    )
    expect(sampleMismatch(sample!, 'const a = 1\nmore()\n')).toMatch(/at its line 2: "" vs "more\(\)"/)
  })

  test('a marker without a block right after it is an error naming the line', () => {
    expect(() => findSamples('d.md', '<!-- sample: a.ts -->\n\n```ts\nx\n```')).toThrow('d.md:1: a sample marker must be followed')
  })

  test('a region is the lines between its markers', () => {
    const text = 'a\n  // #region part\n  b()\n  c()\n  // #endregion\nd\n'
    expect(sampleText(text, 'part')).toBe('  b()\n  c()\n')
    expect(() => sampleText(text, 'other')).toThrow('no "// #region other" line')
  })
})
