/**
 * A tar archive whose entries belong to uid/gid 1000: the way to put a file into itzg's /data
 * without leaving it root-owned (Docker's copy keeps the archive's owners; testcontainers'
 * file and content copies make root-owned 0644 files, which itzg's uid-1000 server cannot rewrite).
 * Plain ustar, small files only; no tar library is a dependency of the harness.
 */
import path from 'node:path'

export interface OwnedFile {
  /** Absolute path in the container. */
  target: string
  data: Buffer
}

function header(name: string, size: number, type: '0' | '5', mode: number, uid: number): Buffer {
  const h = Buffer.alloc(512)
  const rel = name.replace(/^\/+/, '')
  if (Buffer.byteLength(rel) > 100) throw new Error(`owned archive: path too long for a tar header: ${name}`)
  h.write(rel, 0, 100, 'utf8')
  const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0') + '\0'
  h.write(octal(mode, 8), 100)
  h.write(octal(uid, 8), 108)
  h.write(octal(uid, 8), 116)
  h.write(octal(size, 12), 124)
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136)
  h.write('        ', 148)
  h.write(type, 156)
  h.write('ustar\0', 257)
  h.write('00', 263)
  let sum = 0
  for (const byte of h) sum += byte
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
  return h
}

/** The archive (extract at "/") of `files`, with their folders below `root` owned by `uid` too. */
export function ownedArchive(files: OwnedFile[], uid = 1000, root = '/data'): Buffer {
  const parts: Buffer[] = []
  const dirs = new Set<string>()
  for (const f of files) {
    for (let d = path.posix.dirname(f.target); d.startsWith(root + '/'); d = path.posix.dirname(d)) dirs.add(d)
  }
  for (const d of [...dirs].sort()) parts.push(header(d + '/', 0, '5', 0o755, uid))
  for (const f of files) {
    parts.push(header(f.target, f.data.length, '0', 0o644, uid), f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}
