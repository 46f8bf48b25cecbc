/**
 * Builds the harness's local image (`mc-login-harness/embedded:local`) without any registry:
 * FROM scratch with this machine's pinned Node binary and the libraries it links, minecraft-data's
 * Java-edition JSON, and one esbuild bundle of the container entrypoint. A no-op when an image
 * built from the same inputs exists (a hash of the inputs is the image's label).
 */
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { getContainerRuntimeClient } from 'testcontainers'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { localImage } from './container-config.ts'
import { dockerodeOf } from './resources.ts'

const run = promisify(execFile)

/** The package root: harness/server/container/ (sources) and dist/server/container/ (the build) are both three deep. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
export const INPUTS_LABEL = 'mc-login-harness.image-inputs'
/**
 * What the image's bundle is built from: the TypeScript sources where they exist (the repository,
 * whether the CLI runs from them or from dist/, so both agree on one image), else the compiled
 * dist/ of an installed package.
 */
const SOURCE_ROOT = fs.existsSync(path.join(REPO_ROOT, 'harness/server/container/entrypoint.ts'))
  ? path.join(REPO_ROOT, 'harness')
  : path.join(REPO_ROOT, 'dist')
const SOURCE_EXT = SOURCE_ROOT.endsWith('harness') ? '.ts' : '.js'
const ENTRY = path.join(SOURCE_ROOT, `server/container/entrypoint${SOURCE_EXT}`)
const FIXTURE_DIR = path.join(REPO_ROOT, 'fixtures/image')
const localRequire = createRequire(import.meta.url)
/**
 * The Node that goes into the image: the repository's pinned one (the `node` devDependency), or,
 * where the harness is installed as a package without it, the Node running this build.
 */
const PINNED_NODE = path.join(REPO_ROOT, 'node_modules/node/bin/node')
const NODE_BIN = fs.existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath
const MC_DATA = path.dirname(localRequire.resolve('minecraft-data/package.json'))

export interface LocalImageResult {
  tag: string
  /** false when an image with the same inputs already existed. */
  built: boolean
  inputsHash: string
  ms: number
}

export interface LocalImageOptions {
  tag?: string
  /** Rebuild even when the image is current. */
  force?: boolean
  log?: (line: string) => void
  /** Give up after this long (default 300 s). */
  timeoutMs?: number
}

function walk(dir: string, accept: (file: string) => boolean, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, accept, out)
    else if (accept(full)) out.push(full)
  }
  return out
}

/**
 * Hash of everything that ends up in the image: the harness sources (the bundle's input), the
 * lockfile (the bundled packages and minecraft-data), the image fixtures and the Node binary's
 * version. Cheap: reads a few hundred KB.
 */
export function localImageInputsHash(): string {
  const h = createHash('sha256')
  const files = [
    ...walk(SOURCE_ROOT, (f) => f.endsWith(SOURCE_EXT) && !f.endsWith(`.test${SOURCE_EXT}`) && !f.endsWith('.d.ts')),
    ...walk(FIXTURE_DIR, () => true),
    // Absent where the harness is installed as a package; minecraft-data's version stands in.
    ...[path.join(REPO_ROOT, 'package-lock.json'), path.join(MC_DATA, 'package.json')].filter((f) => fs.existsSync(f)),
  ].sort()
  for (const file of files) {
    h.update(path.relative(REPO_ROOT, file))
    h.update('\0')
    h.update(fs.readFileSync(file))
    h.update('\0')
  }
  // The image's Node, not necessarily the one running this build (npm scripts and direct calls differ).
  h.update(NODE_BIN)
  h.update(`${fs.statSync(NODE_BIN).size}:${fs.statSync(NODE_BIN).mtimeMs}`)
  return h.digest('hex').slice(0, 16)
}

/** The inputs hash the image at `tag` was built from, or undefined when there is no such image. */
export async function imageInputsOf(tag: string): Promise<string | undefined> {
  const dockerode = dockerodeOf(await getContainerRuntimeClient())
  try {
    const info = await dockerode.getImage(tag).inspect()
    return info.Config?.Labels?.[INPUTS_LABEL] || undefined
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined
    throw error
  }
}

/** Hard-links when possible (the context is read once by docker build), copies otherwise. */
function place(source: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const real = fs.realpathSync(source)
  try {
    fs.linkSync(real, target)
  } catch {
    fs.copyFileSync(real, target)
  }
}

/** The shared objects the Node binary loads, as `ldd` resolves them here, plus the loader. */
async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run('ldd', [binary], { timeout: 10_000 })
  const libs: string[] = []
  for (const line of stdout.split('\n')) {
    const arrow = /=>\s+(\/\S+)/.exec(line)
    const bare = /^\s*(\/\S+)\s+\(/.exec(line)
    const lib = arrow?.[1] ?? bare?.[1]
    if (lib) libs.push(lib)
  }
  if (!libs.some((l) => l.includes('ld-linux'))) throw new Error(`ldd ${binary}: no dynamic loader listed:\n${stdout}`)
  return libs
}

/** minecraft-data without Bedrock (395 MB): the package code, schemas and all Java-edition data. */
function placeMinecraftData(target: string): number {
  let count = 0
  const keep = (rel: string) =>
    rel === 'package.json' ||
    rel === 'index.js' ||
    rel === 'data.js' ||
    rel.startsWith('lib/') ||
    rel.startsWith('minecraft-data/schemas/') ||
    rel === 'minecraft-data/data/dataPaths.json' ||
    rel.startsWith('minecraft-data/data/pc/') ||
    rel.startsWith('minecraft-data/data/bedrock/common/')
  for (const file of walk(MC_DATA, (f) => keep(path.relative(MC_DATA, f)))) {
    place(file, path.join(target, path.relative(MC_DATA, file)))
    count++
  }
  return count
}

const BANNER = [
  "import { createRequire as __mcCreateRequire } from 'node:module';",
  "import { fileURLToPath as __mcFileURLToPath } from 'node:url';",
  "import { dirname as __mcDirname } from 'node:path';",
  'const require = __mcCreateRequire(import.meta.url);',
  'const __filename = __mcFileURLToPath(import.meta.url);',
  'const __dirname = __mcDirname(__filename);',
].join(' ')

/**
 * The harness's own modules load CJS packages through `createRequire(import.meta.url)`, which
 * esbuild cannot follow. Dropping that line leaves a free `require(...)`, which esbuild does
 * bundle. mineflayer is only reached through versions.ts (for its tested versions): the server
 * gets that list baked in instead of the whole bot library.
 */
function harnessRequirePlugin(testedVersions: string[]): import('esbuild').Plugin {
  return {
    name: 'mc-login-harness-require',
    setup(build) {
      build.onLoad({ filter: /\.(ts|js)$/ }, (args) => {
        if (!args.path.startsWith(SOURCE_ROOT + path.sep)) return undefined
        const source = fs.readFileSync(args.path, 'utf8')
        return {
          contents: source.replace(/^const require = createRequire\(import\.meta\.url\);?\s*$/m, ''),
          loader: SOURCE_EXT === '.ts' ? 'ts' : 'js',
        }
      })
      build.onResolve({ filter: /^mineflayer$/ }, () => ({ path: 'mineflayer', namespace: 'mc-login-harness-stub' }))
      build.onLoad({ filter: /.*/, namespace: 'mc-login-harness-stub' }, () => ({
        contents: `module.exports = { testedVersions: ${JSON.stringify(testedVersions)} }`,
        loader: 'js',
      }))
    },
  }
}

/** Bundles the entrypoint and everything it imports into one ESM file; minecraft-data stays on disk. */
export async function bundleEntrypoint(outfile: string): Promise<void> {
  const esbuild = await import('esbuild')
  const testedVersions: string[] = localRequire('mineflayer').testedVersions
  await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile,
    external: ['minecraft-data'],
    banner: { js: BANNER },
    plugins: [harnessRequirePlugin(testedVersions)],
    logLevel: 'error',
    legalComments: 'none',
  })
}

/** `docker build` of the directory `ctx` as `tag`; rejects with the daemon's error when a step fails. */
async function buildImage(ctx: string, tag: string, buildargs: Record<string, string>): Promise<void> {
  const dockerode = dockerodeOf(await getContainerRuntimeClient())
  const stream = await dockerode.buildImage({ context: ctx, src: fs.readdirSync(ctx) }, { t: tag, buildargs })
  const output = await new Promise<Array<{ error?: string; errorDetail?: { message?: string } }>>((resolve, reject) =>
    dockerode.modem.followProgress(stream, (error: Error | null, result: Array<{ error?: string }>) =>
      error ? reject(error) : resolve(result),
    ),
  )
  const failed = output.find((line) => line.error || line.errorDetail)
  if (failed) throw new Error(`building ${tag} failed: ${failed.errorDetail?.message ?? failed.error}`)
}

/** Ensures `tag` exists and was built from the current inputs; builds it otherwise. */
export async function ensureLocalImage(options: LocalImageOptions = {}): Promise<LocalImageResult> {
  const tag = options.tag ?? localImage()
  const log = options.log ?? (() => {})
  const timeoutMs = options.timeoutMs ?? 300_000
  const started = performance.now()
  const inputsHash = localImageInputsHash()
  if (!options.force && (await imageInputsOf(tag)) === inputsHash) {
    log(`${tag} is current (inputs ${inputsHash})`)
    return { tag, built: false, inputsHash, ms: performance.now() - started }
  }

  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-login-harness-image-'))
  try {
    log(`assembling the build context in ${ctx}`)
    fs.copyFileSync(path.join(FIXTURE_DIR, 'Dockerfile'), path.join(ctx, 'Dockerfile'))
    const runtime = path.join(ctx, 'runtime')
    place(NODE_BIN, path.join(runtime, 'usr/local/bin/node'))
    for (const lib of await sharedLibraries(NODE_BIN)) place(lib, path.join(runtime, lib))
    place(path.join(FIXTURE_DIR, 'nsswitch.conf'), path.join(runtime, 'etc/nsswitch.conf'))
    fs.mkdirSync(path.join(runtime, 'tmp'), { recursive: true })
    fs.chmodSync(path.join(runtime, 'tmp'), 0o1777)
    // /data, owned by 1000 through the Dockerfile's COPY --chown (an empty folder is enough).
    fs.mkdirSync(path.join(ctx, 'datadir'), { recursive: true })
    const dataFiles = placeMinecraftData(path.join(ctx, 'data/app/node_modules/minecraft-data'))
    log(`minecraft-data: ${dataFiles} files`)
    const t0 = performance.now()
    await bundleEntrypoint(path.join(ctx, 'app/app/entrypoint.mjs'))
    log(`bundled the entrypoint in ${Math.round(performance.now() - t0)} ms`)
    log(`building ${tag}`)
    // Through the Docker API (the daemon testcontainers reaches, where the containers will run),
    // not the docker CLI. Not through testcontainers' image builder: it always starts ryuk, which
    // the harness does not need (resources.ts, ryukWanted).
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      buildImage(ctx, tag, { INPUTS: inputsHash }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`building ${tag} took longer than ${timeoutMs} ms`)), timeoutMs)
      }),
    ]).finally(() => clearTimeout(timer))
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true })
  }
  const ms = performance.now() - started
  log(`built ${tag} in ${(ms / 1000).toFixed(1)} s`)
  return { tag, built: true, inputsHash, ms }
}
