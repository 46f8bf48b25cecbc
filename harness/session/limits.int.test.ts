/** The mock's memory and connections stay bounded whatever clients send. */
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { Journal, MAX_JOURNAL_BYTES, MAX_PATH_CHARS } from './journal.ts'
import { Listener, MAX_BODY_BYTES, send } from './listener.ts'
import { MockSessionServer } from './mock-session-server.ts'

describe('journal', () => {
  it('is bounded by bytes, not only by count: 3,000 long URLs stay within the cap', () => {
    const journal = new Journal(1024 * 1024)
    const long = `/session/minecraft/hasJoined?username=A&serverId=${'x'.repeat(16_000)}`
    for (let i = 0; i < 3000; i++) journal.open({ route: 'hasJoined', method: 'GET', path: long, username: 'A' })
    expect(journal.size()).toBeLessThanOrEqual(1024 * 1024)
    const entries = journal.list()
    expect(entries.length).toBeGreaterThan(100)
    expect(entries[0]!.path.length).toBeLessThan(MAX_PATH_CHARS + 40)
    expect(entries[0]!.path).toMatch(/\.\.\.\(\d+ more characters\)$/)
    // The default cap holds a storm's worth of ordinary entries.
    expect(MAX_JOURNAL_BYTES).toBeGreaterThanOrEqual(8 * 1024 * 1024)
  })
})

describe('listener', () => {
  it('closes a connection that sends nothing, but not one waiting on a hung answer', async () => {
    let hungOnServer: net.Socket | undefined
    let hungArrived!: () => void
    const arrived = new Promise<void>((resolve) => (hungArrived = resolve))
    const listener = new Listener(
      (req, res) => {
        if (req.url === '/hang') {
          // Never answers, like the hang fault.
          hungOnServer = req.socket
          hungArrived()
          return
        }
        send(res, 200, { ok: true })
      },
      { idleMs: 300 },
    )
    const port = await listener.listen('127.0.0.1', 0)
    const hung = net.connect(port, '127.0.0.1', () => hung.write('GET /hang HTTP/1.1\r\nHost: x\r\n\r\n'))
    hung.on('error', () => {})
    try {
      await arrived
      // Connected after the hung request's last byte, so its idle timer fires after the hung
      // connection's: once it is closed, the hung connection's timer has fired too.
      const idle = net.connect(port, '127.0.0.1')
      idle.on('error', () => {})
      await new Promise<void>((resolve) => idle.once('close', () => resolve()))
      expect(hungOnServer!.destroyed).toBe(false)
    } finally {
      hung.destroy()
      await listener.close()
    }
  })
})

/** Sends a POST with a body of `bytes` over a raw socket; resolves with everything the server sent once it closed. */
function postRaw(url: string, path: string, bytes: number): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname)
    const received: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no close within 10 s; received: ${Buffer.concat(received).toString('latin1').slice(0, 200)}`))
    }, 10_000)
    socket.on('data', (chunk) => received.push(chunk))
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(received).toString('latin1'))
    })
    socket.on('connect', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`)
      socket.end(Buffer.alloc(bytes, 0x20))
    })
  })
}

describe('a request body over the limit', () => {
  it('gets a 413 answer before the connection closes, on the Yggdrasil routes and the admin API', async () => {
    await using mock = await new MockSessionServer().start()
    const session = await postRaw(mock.getUrl(), '/authserver/authenticate', MAX_BODY_BYTES + 64 * 1024)
    expect(session).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
    expect(session).toMatch(/\r\nconnection: close\r\n/i)
    expect(session.slice(session.indexOf('\r\n\r\n') + 4)).toBe(
      JSON.stringify({ error: 'Payload Too Large', errorMessage: 'request body larger than 1 MiB' }),
    )
    const admin = await postRaw(mock.getAdminUrl(), '/__harness/accounts', MAX_BODY_BYTES + 64 * 1024)
    expect(admin).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
    expect(admin).toContain('"error":"PayloadTooLarge"')
    // A body within the limit is still read.
    expect(await postRaw(mock.getUrl(), '/authserver/authenticate', 2)).toMatch(/^HTTP\/1\.1 400 /)
  })
})
