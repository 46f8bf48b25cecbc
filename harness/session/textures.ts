/**
 * Skin and cape images the mock serves itself, named by the texture hash of authlib-injector's
 * spec ("材质 URL 规范"): SHA-256 over width, height (big endian) and each pixel as ARGB, column by
 * column, transparent pixels counted as 0x00000000. Clients cache textures by that file name, so
 * the same image gets the same URL on every run.
 */
import { createHash } from 'node:crypto'
import { PNG } from 'pngjs'
import { HarnessInputError } from '../errors.ts'

export type SkinModel = 'classic' | 'slim'
export type TextureKind = 'skin' | 'cape'

export interface TextureImage {
  hash: string
  /** Re-encoded PNG: only the bitmap of what was given (the spec forbids storing uploads as-is). */
  png: Buffer
}

/** authlib-injector's texture hash of decoded RGBA pixels (pngjs layout: row-major, R G B A). */
export function textureHash(image: { width: number; height: number; data: Buffer | Uint8Array }): string {
  const { width, height, data } = image
  const buf = Buffer.alloc(8 + width * height * 4)
  buf.writeUInt32BE(width, 0)
  buf.writeUInt32BE(height, 4)
  let pos = 8
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const i = (width * y + x) * 4
      const alpha = data[i + 3]!
      buf[pos] = alpha
      if (alpha !== 0) {
        buf[pos + 1] = data[i]!
        buf[pos + 2] = data[i + 1]!
        buf[pos + 3] = data[i + 2]!
      }
      pos += 4
    }
  }
  return createHash('sha256').update(buf).digest('hex')
}

const MAX_SIDE = 1024

/** The sizes the spec allows: skins are multiples of 64x32 or 64x64, capes of 64x32 or 22x17. */
function sizeAllowed(kind: TextureKind, width: number, height: number): boolean {
  const multiple = (w: number, h: number) => width % w === 0 && height % h === 0 && width / w === height / h
  return kind === 'skin' ? multiple(64, 32) || multiple(64, 64) : multiple(64, 32) || multiple(22, 17)
}

/** Decodes a PNG given as base64 (or bytes), checks its size before anything else, re-encodes it. */
export function textureFromPng(kind: TextureKind, input: string | Buffer, where: string): TextureImage {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'base64') : input
  // The IHDR chunk holds the size at bytes 16-23: read it before decoding (a tiny PNG can decode huge).
  if (bytes.length < 24 || bytes.toString('latin1', 1, 4) !== 'PNG')
    throw new HarnessInputError(`${where}: not a PNG image; give the ${kind} as base64 of a .png file`)
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  if (width > MAX_SIDE || height > MAX_SIDE || !sizeAllowed(kind, width, height)) {
    const sizes = kind === 'skin' ? '64x64 or 64x32 (or a multiple)' : '64x32 or 22x17 (or a multiple)'
    throw new HarnessInputError(
      `${where}: a ${kind} of ${width}x${height} is not a valid ${kind} size; use ${sizes}, at most ${MAX_SIDE} px a side`,
    )
  }
  let image: PNG
  try {
    image = PNG.sync.read(bytes)
  } catch (error) {
    throw new HarnessInputError(`${where}: the PNG does not decode (${(error as Error).message}); give an intact .png file`)
  }
  return fromPixels(image.width, image.height, image.data)
}

function fromPixels(width: number, height: number, data: Buffer): TextureImage {
  const png = new PNG({ width, height })
  data.copy(png.data)
  return { hash: textureHash({ width, height, data }), png: PNG.sync.write(png) }
}

/**
 * A plain one-colour texture whose colour comes from `seed` (the profile name), so every profile
 * has its own repeatable skin and cape without anyone supplying an image.
 */
export function generatedTexture(kind: TextureKind, seed: string): TextureImage {
  const [width, height] = kind === 'skin' ? [64, 64] : [64, 32]
  const [r, g, b] = createHash('sha256').update(`${kind}:${seed.toLowerCase()}`).digest()
  const data = Buffer.alloc(width * height * 4)
  for (let i = 0; i < data.length; i += 4) {
    data[i] = r!
    data[i + 1] = g!
    data[i + 2] = b!
    data[i + 3] = 0xff
  }
  return fromPixels(width, height, data)
}
