import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { installCookieJar, sendUnsolicitedCookie, TRANSFER_INTENTION, useTransferIntention, type CookieJar } from './cookie-jar.ts'
import type { RawClient } from './protocol-client.ts'

/** The parts of a minecraft-protocol client the jar touches: events in, writes out. */
function fakeClient(): RawClient & { written: Array<[string, unknown]> } {
  const client = new EventEmitter() as unknown as RawClient & { written: Array<[string, unknown]> }
  client.written = []
  client.write = (name: string, params: unknown) => void client.written.push([name, params])
  return client
}

describe("the vanilla client's cookies and transfer handshake", () => {
  it('answers a request with what a server stored, and with no payload for a key it does not hold', () => {
    const client = fakeClient()
    const jar: CookieJar = new Map()
    installCookieJar(client, jar)
    client.emit('store_cookie', { key: 'lobby:ticket', value: Buffer.from('gold') })
    client.emit('cookie_request', { cookie: 'lobby:ticket' })
    client.emit('cookie_request', { cookie: 'other:key' })
    expect(client.written).toEqual([
      ['cookie_response', { key: 'lobby:ticket', value: Buffer.from('gold') }],
      ['cookie_response', { key: 'other:key' }],
    ])
    // The jar is the one a transfer hands on.
    expect(jar.get('lobby:ticket')?.toString()).toBe('gold')
  })

  it('a transfer handshake says TRANSFER (3) where minecraft-protocol writes LOGIN (2); other packets are untouched', () => {
    const client = fakeClient()
    useTransferIntention(client)
    client.write('set_protocol', { protocolVersion: 766, serverHost: '127.0.0.1', serverPort: 1, nextState: 2 })
    client.write('login_start', { username: 'Alice' })
    expect(client.written).toEqual([
      ['set_protocol', { protocolVersion: 766, serverHost: '127.0.0.1', serverPort: 1, nextState: TRANSFER_INTENTION }],
      ['login_start', { username: 'Alice' }],
    ])
    expect(TRANSFER_INTENTION).toBe(3)
  })

  // Before login start, so an online server's refusal cannot cross its encryption request (whose
  // answer turns the bot's decryption on: a plaintext kick after it reads as garbage).
  it('an unsolicited cookie response is the first packet of the login state, just before login start', () => {
    const client = fakeClient()
    sendUnsolicitedCookie(client, { key: 'evil:cookie', value: 'crumbs' })
    client.write('set_protocol', {})
    client.write('login_start', { username: 'Alice' })
    expect(client.written.map(([name]) => name)).toEqual(['set_protocol', 'cookie_response', 'login_start'])
    expect(client.written[1]![1]).toEqual({ key: 'evil:cookie', value: Buffer.from('crumbs') })
  })
})
