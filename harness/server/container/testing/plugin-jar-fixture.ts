/**
 * Builds a minimal plugin jar (a zip with plugin.yml and a placeholder class) for tests: what a
 * plugin author's build produces, as far as Paper's loader (and the local image) reads it.
 * plugin.yml is deflated and the class stored, so both zip methods the reader supports are used.
 */
import fs from 'node:fs'
import path from 'node:path'
import { crc32, deflateRawSync } from 'node:zlib'

interface Entry {
  name: string
  data: Buffer
  deflate: boolean
}

/** A zip of `entries` (no zip64, no comments). */
export function zipOf(entries: Entry[]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data
    const name = Buffer.from(e.name, 'utf8')
    const crc = crc32(e.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(e.deflate ? 8 : 0, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(e.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const cen = Buffer.alloc(46)
    cen.writeUInt32LE(0x02014b50, 0)
    cen.writeUInt16LE(20, 4)
    cen.writeUInt16LE(20, 6)
    cen.writeUInt16LE(e.deflate ? 8 : 0, 10)
    cen.writeUInt32LE(crc, 16)
    cen.writeUInt32LE(body.length, 20)
    cen.writeUInt32LE(e.data.length, 24)
    cen.writeUInt16LE(name.length, 28)
    cen.writeUInt32LE(offset, 42)
    locals.push(local, name, body)
    central.push(cen, name)
    offset += 30 + name.length + body.length
  }
  const cd = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

/** Writes `<dir>/<file>` as a plugin jar whose plugin.yml is `pluginYml` (or none when null). */
export function writePluginJar(dir: string, file: string, pluginYml: string | null, descriptor = 'plugin.yml'): string {
  const entries: Entry[] = [{ name: 'com/example/Main.class', data: Buffer.from([0xca, 0xfe, 0xba, 0xbe]), deflate: false }]
  if (pluginYml !== null) entries.unshift({ name: descriptor, data: Buffer.from(pluginYml, 'utf8'), deflate: true })
  const target = path.join(dir, file)
  fs.writeFileSync(target, zipOf(entries))
  return target
}
