/**
 * What the vanilla client does with cookies and transfers (1.20.5+), on a minecraft-protocol
 * client, which does neither: it ignores `store_cookie`, leaves `cookie_request` unanswered (the
 * server then waits until its login deadline) and, asked to transfer, has no handshake intention
 * but LOGIN (its setProtocol.js writes `nextState: 2`). Read from decompiled vanilla 1.20.5+
 * (Mojang mappings):
 * - ClientCommonPacketListenerImpl.handleStoreCookie: `serverCookies.put(key, payload)`;
 *   handleRequestCookie (configuration, play) and ClientHandshakePacketListenerImpl.handleRequestCookie
 *   (login): `send(new ServerboundCookieResponsePacket(key, cookies.get(key)))`: absent when unknown.
 * - handleTransfer: disconnect, then `ConnectScreen.startConnecting(..., new TransferState(serverCookies))`;
 *   Connection.initiateServerboundPlayConnection(..., transfer) sends intention
 *   `transfer ? ClientIntent.TRANSFER : ClientIntent.LOGIN`. The cookies go along; a connection
 *   that is not a transfer starts with none.
 */
import { HarnessInputError } from '../errors.ts'
import type { RawClient } from './protocol-client.ts'

/** The handshake's intention on a transfer (ClientIntent.TRANSFER). */
export const TRANSFER_INTENTION = 3

/** A client's cookies, by key: one jar per player session, handed on to the connection a transfer opens. */
export type CookieJar = Map<string, Buffer>

/** Stores what servers store and answers what they ask, from `jar`, in every state. */
export function installCookieJar(client: RawClient, jar: CookieJar): void {
  client.on('store_cookie', (packet: { key: string; value: Buffer }) => {
    jar.set(packet.key, Buffer.from(packet.value))
  })
  client.on('cookie_request', (packet: { cookie: string }) => {
    const value = jar.get(packet.cookie)
    client.write('cookie_response', value === undefined ? { key: packet.cookie } : { key: packet.cookie, value })
  })
}

/** The handshake says TRANSFER instead of LOGIN (minecraft-protocol hard-codes 2). */
export function useTransferIntention(client: RawClient): void {
  const write = client.write.bind(client)
  client.write = (name: string, params: unknown) =>
    write(name, name === 'set_protocol' ? { ...(params as Record<string, unknown>), nextState: TRANSFER_INTENTION } : params)
}

/**
 * A `cookie_response` the server never asked for (a modified client), as the first packet of the
 * login state, just before login start: how a harness tests that the server refuses it. Not after
 * login start: an online server answers that with its encryption request, and the bot's answer
 * (which turns on encryption) could then overtake the server's plaintext refusal, which the bot
 * would read as garbage (seen through Docker's port forwarding, about 1 login in 10).
 */
export function sendUnsolicitedCookie(client: RawClient, cookie: { key: string; value?: string }): void {
  const write = client.write.bind(client)
  client.write = (name: string, params: unknown) => {
    if (name === 'login_start') {
      write(
        'cookie_response',
        cookie.value === undefined ? { key: cookie.key } : { key: cookie.key, value: Buffer.from(cookie.value, 'utf8') },
      )
    }
    write(name, params)
  }
}

export function requireCookieVersion(protocol: number, version: string, what: string): void {
  if (protocol < 766)
    throw new HarnessInputError(
      `${what}: ${version} has no transfers or cookies (they came with 1.20.5); run it on 1.20.5 or newer (a scenario: versionRange { from: '1.20.5' })`,
    )
}
