/**
 * Comments say why, in the repository's own words: none points at notes a reader cannot open
 * (an issue number, a notes file kept outside the repository). Naming an upstream source file and
 * tag for a copied rule is fine and is not matched here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const FOLDERS = ['harness', 'test', 'scenarios', 'bench', 'ci', 'fixtures']
const OUTSIDE = [/\bissue[ -]?#?\d+\b/i, /\b(login-behaviour|platforms|environment)\.md\b/]

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* files(full)
    else if (/\.(ts|js|mjs|sh|md|yml|yaml)$|^Dockerfile$/.test(entry.name)) yield full
  }
}

describe('comments', () => {
  it('point at nothing outside the repository', () => {
    const found: string[] = []
    for (const folder of FOLDERS) {
      for (const file of files(path.join(root, folder))) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            // This file names the patterns it looks for.
            if (file === import.meta.filename) return
            if (OUTSIDE.some((re) => re.test(line))) found.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`)
          })
      }
    }
    expect(found).toEqual([])
  })
})
