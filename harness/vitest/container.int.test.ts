/**
 * The container fixtures are a separate entry so that a test file using only the embedded
 * fixtures never loads testcontainers (and its Docker client, ssh2, protobufjs...): checked on the
 * static import graph of each entry, as a bundler sees it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const HERE = import.meta.dirname

/**
 * The bare package names an entry imports, directly or through any harness module it imports;
 * also those a module loads with `createRequire(...)('<name>')` (how harness modules load CJS
 * packages), which a bundler does not see as imports.
 */
async function packagesImportedBy(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [path.join(HERE, entry)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const packages = new Set<string>()
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) if (imported.external) packages.add(packageOf(imported.path))
  }
  for (const file of Object.keys(result.metafile.inputs)) {
    const source = fs.readFileSync(path.resolve(file), 'utf8')
    for (const match of source.matchAll(/\brequire\w*\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g)) packages.add(packageOf(match[1]!))
  }
  return packages
}

function packageOf(specifier: string): string {
  return specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!
}

describe('entry import graphs', () => {
  it('mc-login-harness/vitest (embedded fixtures) does not import testcontainers', async () => {
    const packages = await packagesImportedBy('index.ts')
    expect(packages).toContain('vitest')
    expect(packages).toContain('zod')
    expect(packages).toContain('minecraft-protocol') // through createRequire
    expect([...packages].filter((p) => /testcontainers|dockerode|ssh2/.test(p))).toEqual([])
  })

  it('mc-login-harness/vitest/container does (so the check above can tell)', async () => {
    expect(await packagesImportedBy('container.ts')).toContain('testcontainers')
  })
})
