import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildContainerPlan } from './container-config.ts'
import { ownedArchive } from './owned-archive.ts'
import { cachedPaperJar, firstFileOfTar, paperCachePath, serverFromResults } from './paper-cache.ts'

describe('the Paper jar cache', () => {
  it('keys the jar on a concrete version only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mclh-paper-'))
    expect(paperCachePath(dir, '1.20.4')).toBe(path.join(dir, 'paper-1.20.4.jar'))
    expect(paperCachePath(dir, 'latest')).toBeUndefined()
    expect(cachedPaperJar(dir, '1.20.4')).toBeUndefined()
    fs.writeFileSync(path.join(dir, 'paper-1.20.4.jar'), '')
    expect(cachedPaperJar(dir, '1.20.4'), 'an empty file is no jar').toBeUndefined()
    fs.writeFileSync(path.join(dir, 'paper-1.20.4.jar'), 'PK')
    expect(cachedPaperJar(dir, '1.20.4')).toBe(path.join(dir, 'paper-1.20.4.jar'))
  })

  it("reads SERVER from itzg's results file, quoted or not", () => {
    expect(serverFromResults('VERSION="1.20.4"\nSERVER="/data/paper-1.20.4-499.jar"\n')).toBe('/data/paper-1.20.4-499.jar')
    expect(serverFromResults('SERVER=/data/paper-1.20.4-499.jar')).toBe('/data/paper-1.20.4-499.jar')
    expect(serverFromResults('VERSION=1.20.4\n')).toBeUndefined()
  })

  it('takes the one file out of a Docker archive', () => {
    const tar = ownedArchive([{ target: '/data/paper-1.20.4-499.jar', data: Buffer.from('jar bytes') }])
    expect(firstFileOfTar(tar)?.toString()).toBe('jar bytes')
    expect(firstFileOfTar(Buffer.alloc(1024))).toBeUndefined()
  })

  it('runs a cached jar through PAPER_CUSTOM_JAR from outside /data', () => {
    const plan = buildContainerPlan({
      image: 'itzg',
      type: 'PAPER',
      auth: 'cracked',
      version: '1.20.4',
      paperJar: '/ci/cache/paper-1.20.4.jar',
    })
    expect(plan.env.PAPER_CUSTOM_JAR).toBe('/opt/mc-login-harness/paper-1.20.4.jar')
    expect(plan.files).toContainEqual({ source: '/ci/cache/paper-1.20.4.jar', target: '/opt/mc-login-harness/paper-1.20.4.jar' })
    expect(() =>
      buildContainerPlan({ image: 'itzg', type: 'SPIGOT', auth: 'cracked', version: '1.20.4', paperJar: '/ci/cache/paper-1.20.4.jar' }),
    ).toThrow(/only TYPE PAPER/)
  })
})
