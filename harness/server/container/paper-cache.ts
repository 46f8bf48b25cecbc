/**
 * A Paper server jar kept across runs (a CI cache folder), so itzg does not download Paper for
 * every container. itzg's scripts/start-deployPaper runs `PAPER_CUSTOM_JAR` as the server jar
 * and downloads nothing; without it, mc-image-helper install-paper downloads the jar into /data
 * and names it in /data/.paper.env (`SERVER=...`). So: a cached `paper-<version>.jar` is copied
 * into the container outside /data (read only; Paper's launcher writes its patched files into
 * /data, as uid 1000) and named in PAPER_CUSTOM_JAR; a container that downloaded one hands it
 * back to the folder (written under a temporary name, then renamed: concurrent servers of one
 * version may both save it).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { StartedTestContainer } from 'testcontainers'

/** Where a cached jar goes in the container: outside /data, so no uid-1000 ownership is needed. */
export const PAPER_JAR_DIR_IN_CONTAINER = '/opt/mc-login-harness'
const SAVE_TIMEOUT_MS = 120_000

/** The cache file for a version; only concrete versions (`latest` moves, so it is never cached). */
export function paperCachePath(dir: string, version: string): string | undefined {
  if (version === 'latest' || !/^[\w.-]+$/.test(version)) return undefined
  return path.join(dir, `paper-${version}.jar`)
}

/** The cached jar for `version`, when the folder has a non-empty one. */
export function cachedPaperJar(dir: string, version: string): string | undefined {
  const file = paperCachePath(dir, version)
  if (!file) return undefined
  try {
    return fs.statSync(file).size > 0 ? file : undefined
  } catch {
    return undefined
  }
}

/** `SERVER=...` of itzg's results file (mc-image-helper writes shell assignments, maybe quoted). */
export function serverFromResults(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const m = /^(?:export\s+)?SERVER=(["']?)(.*)\1\s*$/.exec(line.trim())
    if (m && m[2]) return m[2]
  }
  return undefined
}

/** The first regular file of a tar archive (Docker's archive of one path), PAX/GNU headers skipped. */
export function firstFileOfTar(tar: Buffer): Buffer | undefined {
  let offset = 0
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512)
    if (header.every((b) => b === 0)) return undefined
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8)
    const type = String.fromCharCode(header[156]!)
    const body = offset + 512
    if (type === '0' || type === '\0') return tar.subarray(body, body + size)
    offset = body + Math.ceil(size / 512) * 512
  }
  return undefined
}

/**
 * Copies the jar the container downloaded into the cache folder. Resolves to the file written,
 * or undefined when the container names none (not a Paper server of itzg's scripts).
 */
export async function savePaperJar(container: StartedTestContainer, dir: string, version: string): Promise<string | undefined> {
  const target = paperCachePath(dir, version)
  if (!target) return undefined
  // Through Docker's archive API, not `exec cat`: the local image has no shell or coreutils.
  let results: Buffer
  try {
    results = await copyOut(container, '/data/.paper.env')
  } catch {
    return undefined // no results file: nothing was downloaded
  }
  const server = serverFromResults(results.toString('utf8'))
  if (!server) return undefined
  const jar = await copyOut(container, server)
  if (jar.length === 0) throw new Error(`${server} is empty`)
  fs.mkdirSync(dir, { recursive: true })
  const part = `${target}.${randomBytes(4).toString('hex')}.part`
  fs.writeFileSync(part, jar)
  fs.renameSync(part, target)
  return target
}

/** One file out of the container, whole. */
async function copyOut(container: StartedTestContainer, file: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  const stream = await container.copyArchiveFromContainer(file)
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => resolve())
      stream.on('error', reject)
    }),
    new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`copying ${file} out took over ${SAVE_TIMEOUT_MS} ms`)), SAVE_TIMEOUT_MS)),
    ),
  ]).finally(() => clearTimeout(timer))
  const content = firstFileOfTar(Buffer.concat(chunks))
  if (!content) throw new Error(`the archive of ${file} holds no file`)
  return content
}
