/**
 * Compressed packets with vanilla's limits: a decompression bomb (a small frame declaring a size
 * it does not have, or inflating far past it) closes only the sender's connection, against a live
 * server in a child process (so an out-of-memory crash shows as a failed login, not a dead runner).
 */
import { createRequire } from 'node:module'
import { deflateSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { killAllCli, spawnCli } from '../../test/support/cli.ts'
import { BoundedDecompressor, MAX_UNCOMPRESSED_BYTES } from './bounded-decompressor.ts'
import { attempt, varint } from './test-clients.ts'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol')

/** One decompressor frame body: declared size, then the deflated bytes. */
function compressed(declared: number, data: Buffer): Buffer {
  return Buffer.concat([varint(declared), deflateSync(data)])
}

function decode(threshold: number, frame: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const decompressor = new BoundedDecompressor(threshold)
    decompressor.once('error', reject)
    decompressor.once('data', resolve)
    decompressor.end(frame)
  })
}

afterEach(killAllCli)

describe('BoundedDecompressor', () => {
  it('passes uncompressed and honest compressed packets through', async () => {
    expect(await decode(256, Buffer.concat([varint(0), Buffer.from('hello')]))).toEqual(Buffer.from('hello'))
    const data = Buffer.alloc(1000, 7)
    expect(await decode(256, compressed(1000, data))).toEqual(data)
  })

  it('refuses what vanilla refuses, in its words, without inflating a bomb', async () => {
    // 64 MB of zeros deflate to ~64 KB; declared as 1,000 bytes it must stop at 1,000.
    const bomb = compressed(1000, Buffer.alloc(64 * 1024 * 1024))
    await expect(decode(256, bomb)).rejects.toThrow(/Badly compressed packet/)
    await expect(decode(256, compressed(MAX_UNCOMPRESSED_BYTES + 1, Buffer.alloc(10)))).rejects.toThrow(
      `Badly compressed packet - size of ${MAX_UNCOMPRESSED_BYTES + 1} is larger than protocol maximum of 8388608`,
    )
    await expect(decode(256, compressed(10, Buffer.alloc(10)))).rejects.toThrow(
      'Badly compressed packet - size of 10 is below server threshold of 256',
    )
    await expect(decode(256, compressed(2000, Buffer.alloc(1000)))).rejects.toThrow('inflated 1000 bytes, declared 2000')
  })
})

/** A cracked client in the play state, and a promise of the server closing its connection. */
async function playingClient(port: number, username: string) {
  const client = mc.createClient({ host: '127.0.0.1', port, username, version: '1.20.4', auth: 'offline' })
  client.on('error', () => {})
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${username} never got in`)), 30_000)
    client.once('login', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  const endedWithin = (ms: number) =>
    Promise.race([
      ended,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the server kept ${username}'s connection open`)), ms).unref()),
    ])
  return { client, endedWithin }
}

describe('compressed packets on a live server', () => {
  it('a packet compressed below the threshold (vanilla refuses it) or a bomb closes only that connection; the next player joins', async () => {
    const out = spawnCli(['server', '--auth', 'cracked', '--version', '1.20.4'])
    const port = Number((await out.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/))[1])

    // A harmless packet (an arm swing), compressed although it is below the threshold: the stock
    // decompressor passes it on and the connection stays; vanilla's rule closes it.
    const swing = mc
      .createSerializer({ state: 'play', isServer: false, version: '1.20.4' })
      .createPacketBuffer({ name: 'arm_animation', params: { hand: 0 } }) as Buffer
    const early = await playingClient(port, 'Early')
    early.client.framer.write(compressed(swing.length, swing))
    await early.endedWithin(20_000)

    // 512 MB of zeros (~0.5 MB deflated, within one frame) declared as the protocol maximum: the
    // stock decompressor would inflate all of it.
    const bomber = await playingClient(port, 'Bomber')
    bomber.client.framer.write(compressed(MAX_UNCOMPRESSED_BYTES, Buffer.alloc(512 * 1024 * 1024)))
    await bomber.endedWithin(20_000)

    const good = await attempt({ port, version: '1.20.4', username: 'AfterBomb' })
    expect(good.kind).toBe('joined')
    out.child.kill('SIGTERM')
    expect(await out.exit()).toBe(143)
  })
})
