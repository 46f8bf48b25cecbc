import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ResourceScope } from '../resource-scope.ts'
import { statSync } from 'node:fs'
import { outWithPartialReport, prepareOut, writeOut } from './output.ts'

describe('outWithPartialReport', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mclh-out-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('removes the stale report at once, and writes the partial one when the scope is disposed unfinished, even past a hung stop', async () => {
    const out = path.join(dir, 'report.json')
    await writeFile(out, 'stale')
    const scope = new ResourceScope({ parent: null, timeoutMs: 200 })
    let rendered = false
    await outWithPartialReport(scope, out, () => ((rendered = true), 'partial'), 'run')
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/)
    // Registered after the writer, so stopped before it, and it hangs: the report must not wait
    // for it. The write begins as the disposal does, before the first stop.
    let renderedBeforeFirstStop: boolean | undefined
    scope.use({
      stop: () => {
        renderedBeforeFirstStop = rendered
        return new Promise<void>(() => {})
      },
    })
    await expect(scope.dispose()).rejects.toThrow(/did not finish in time/)
    expect(renderedBeforeFirstStop).toBe(true)
    expect(await readFile(out, 'utf8')).toBe('partial')
  })

  it('writes nothing once finished', async () => {
    const out = path.join(dir, 'report.json')
    const scope = new ResourceScope({ parent: null })
    const writer = await outWithPartialReport(scope, out, () => 'partial', 'run')
    writer.finish()
    await scope.dispose()
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/)
  })
})

describe('--out on a device', () => {
  // /dev/full accepts the open and fails every write with ENOSPC: the write must fail loudly and
  // the device must still be a device afterwards (a temp file + rename would replace it).
  const hasDevFull = (() => {
    try {
      return statSync('/dev/full').isCharacterDevice()
    } catch {
      return false
    }
  })()

  it.runIf(hasDevFull)(
    'a write that fails (/dev/full) is an error naming the flag and the cause, and leaves the device alone',
    async () => {
      await prepareOut('/dev/full')
      await expect(writeOut('/dev/full', '{"report":true}')).rejects.toThrow('--out /dev/full: could not write the report (ENOSPC')
      expect(statSync('/dev/full').isCharacterDevice()).toBe(true)
    },
  )

  it('a device that takes the write (/dev/null) is written into, not removed or replaced', async () => {
    await prepareOut('/dev/null')
    await writeOut('/dev/null', 'report')
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
  })
})
