/** The mock's memory and connections stay bounded whatever clients send. */
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { Journal, MAX_JOURNAL_BYTES, MAX_PATH_CHARS } from './journal.ts'
import { Listener, send } from './listener.ts'

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
    const listener = new Listener((req, res) => {
      if (req.url === '/hang') {
        // Never answers, like the hang fault.
        hungOnServer = req.socket
        hungArrived()
        return
      }
      send(res, 200, { ok: true })
    }, { idleMs: 300 })
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
