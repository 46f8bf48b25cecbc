/**
 * Hostile frames against a live server (the `server` command in a child process, so a frozen event
 * loop shows as a timeout here instead of freezing the test runner): every attack closes only the
 * attacker's connection, a good login still gets in afterwards, and SIGTERM still stops it.
 */
import { createRequire } from 'node:module'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { killAllCli, spawnCli } from '../../test/support/cli.ts'
import { attempt, varint } from './test-clients.ts'

const require = createRequire(import.meta.url)

function frame(payload: Buffer): Buffer {
  return Buffer.concat([varint(payload.length), payload])
}

/** A handshake frame asking for the login state. */
function handshake(protocolVersion: number, port: number): Buffer {
  const host = Buffer.from('127.0.0.1')
  const portBytes = Buffer.alloc(2)
  portBytes.writeUInt16BE(port)
  return frame(Buffer.concat([varint(0x00), varint(protocolVersion), varint(host.length), host, portBytes, varint(2)]))
}

/** Negative length -5 as protodef's readVarInt decodes it: the frame that froze the stock splitters. */
const NEGATIVE_PREFIX = Buffer.from('fbffffff0f', 'hex')
/** 2^31 - 1, the largest int a varint holds. */
const HUGE_PREFIX = Buffer.from('ffffffff07', 'hex')
/** 2,097,152: one more than vanilla's largest frame, the smallest 4-byte prefix. */
const JUST_TOO_LONG_PREFIX = Buffer.from('80808001', 'hex')

interface Probe {
  socket: net.Socket
  /** Resolves when the server closed the connection; rejects after `timeoutMs`. */
  closed(timeoutMs?: number): Promise<void>
}

async function connect(port: number): Promise<Probe> {
  const socket = net.connect(port, '127.0.0.1')
  socket.on('error', () => {})
  const closedPromise = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('close', () => reject(new Error('closed before connecting')))
  })
  return {
    socket,
    closed: (timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not close the connection within ${timeoutMs} ms`)), timeoutMs)
        void closedPromise.then(() => {
          clearTimeout(timer)
          resolve()
        })
      }),
  }
}

afterEach(killAllCli)

const PROTOCOL: Record<string, number> = Object.fromEntries(
  ['1.8.8', '1.20.4', '26.1'].map((v) => [v, require('minecraft-data')(v).version.version as number]),
)

describe('frame limits on a live server', () => {
  for (const version of ['1.8.8', '1.20.4', '26.1']) {
    it(`${version}: negative and over-long length prefixes close only that connection; logins go on; SIGTERM stops it`, async () => {
      const out = spawnCli(['server', '--auth', 'cracked', '--version', version])
      const port = Number((await out.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/))[1])

      // A frame of 2,097,151 bytes is allowed: this attacker's half-sent maximum frame stays open
      // (and buffered) while the attacks below run and the good login goes through.
      const patient = await connect(port)
      patient.socket.write(Buffer.concat([Buffer.from('ffff7f', 'hex'), Buffer.alloc(64 * 1024, 1)]))

      // Handshaking state (the stock splitter's path), as the very first bytes.
      const first = await connect(port)
      first.socket.write(NEGATIVE_PREFIX)
      first.socket.write(Buffer.alloc(1))
      await first.closed()

      // Login state, after a valid handshake.
      for (const prefix of [NEGATIVE_PREFIX, HUGE_PREFIX, JUST_TOO_LONG_PREFIX]) {
        const probe = await connect(port)
        // Only the prefix: the server must refuse it before (and without) waiting for any payload.
        probe.socket.write(Buffer.concat([handshake(PROTOCOL[version]!, port), prefix]))
        await probe.closed()
      }

      const good = await attempt({ port, version, username: 'AfterAttack' })
      expect(good.kind).toBe('joined')
      expect(patient.socket.destroyed).toBe(false)
      patient.socket.destroy()

      out.child.kill('SIGTERM')
      expect(await out.exit()).toBe(143)
    })
  }
})
