/**
 * The `--out` file of `run` and `storm`: checked before anything runs (so a bad path costs
 * nothing), the stale report from an earlier run removed at once (so it never passes for this
 * run's), written whole or not at all (temp file + rename).
 */
import { access, constants, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { HarnessInputError } from '../errors.ts'
import type { ResourceScope } from '../resource-scope.ts'

function problem(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  return e.code ? `${e.code}: ${e.message}` : String(e?.message ?? e)
}

/** Validates `out` (a writable file path) and removes a report already there. */
export async function prepareOut(out: string, flag = '--out'): Promise<void> {
  const file = path.resolve(out)
  const existing = await stat(file).catch(() => undefined)
  if (existing?.isDirectory())
    throw new HarnessInputError(`${flag} ${out} is a directory; give a file path, e.g. ${path.join(out, 'report.json')}`)
  const dir = path.dirname(file)
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    throw new HarnessInputError(`${flag} ${out}: cannot create the directory ${dir} (${problem(error)}); choose another path`)
  }
  try {
    await access(dir, constants.W_OK)
    if (existing) await access(file, constants.W_OK)
  } catch (error) {
    throw new HarnessInputError(`${flag} ${out}: not writable (${problem(error)}); choose another path or fix its permissions`)
  }
  // An older report must not look like this run's if this run never finishes. Only a regular
  // file: /dev/stdout, /dev/null or a pipe is written into, never removed.
  if (existing?.isFile()) await rm(file, { force: true })
}

/** Writes the report whole (temp file + rename); a failure is a clear error, not a stack trace. */
export async function writeOut(out: string, text: string, flag = '--out'): Promise<void> {
  const file = path.resolve(out)
  const existing = await stat(file).catch(() => undefined)
  if (existing && !existing.isFile()) {
    // A device or a pipe (/dev/stdout, /dev/full, a FIFO): written into as it is, since a rename
    // over it would replace the device with a file and report success.
    try {
      await writeFile(file, text)
    } catch (error) {
      throw new HarnessInputError(`${flag} ${out}: could not write the report (${problem(error)}); choose another path`)
    }
    return
  }
  const tmp = `${file}.${process.pid}.tmp`
  try {
    await writeFile(tmp, text)
    await rename(tmp, file)
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => {})
    throw new HarnessInputError(`${flag} ${out}: could not write the report (${problem(error)}); choose another path`)
  }
}

/**
 * The --out file of a run that may be interrupted: `partial()` (the report so far, marked
 * incomplete) is written if `scope` (the run's) is disposed before `finish()`: on a signal or an
 * error. The write begins as soon as the scope begins to dispose (the report waits for no server
 * to stop, and a hung stop must not cost it), and the scope's disposal waits for it. The writer is
 * registered before the stale report is removed: a signal handled right after the removal (done
 * on the thread pool) must still leave a report behind. A bad path throws (HarnessInputError) and
 * disarms the writer.
 */
export async function outWithPartialReport(
  scope: ResourceScope,
  out: string,
  partial: () => string,
  label: string,
): Promise<{ finish(): void }> {
  let armed = true
  let writing: Promise<void> | undefined
  const write = () =>
    (writing ??= armed
      ? (async () => {
          armed = false
          await writeOut(out, partial())
          process.stderr.write(`${label} interrupted: incomplete report written to ${out}\n`)
        })()
      : Promise.resolve())
  // Started by the signal; its failure is reported by the deferred wait below.
  scope.signal.addEventListener('abort', () => void write().catch(() => {}), { once: true })
  scope.defer(write)
  try {
    await prepareOut(out)
  } catch (error) {
    armed = false
    throw error
  }
  return { finish: () => void (armed = false) }
}
