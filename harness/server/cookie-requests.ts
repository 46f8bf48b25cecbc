import { vanillaReason, type KickReason } from './kick.ts'
import type { McClient } from './nmp.ts'
import type { VersionData } from './version-data.ts'

/**
 * The cookies a server asked one connection for and still waits on (1.20.5+), and what it does with
 * a `cookie_response`: the answer to the oldest request of that key is taken; any other response is
 * refused as vanilla refuses every response it never asked for.
 *
 * Vanilla asks for no cookie, and both `ServerLoginPacketListenerImpl.handleCookieResponse` (login)
 * and `ServerCommonPacketListenerImpl.handleCookieResponse` (configuration, play) call
 * `disconnect(DISCONNECT_UNEXPECTED_QUERY)`, the translatable
 * `multiplayer.disconnect.unexpected_query_response` (decompiled vanilla 1.20.5+, Mojang mappings).
 * CraftBukkit/Paper first hand the packet to `CraftPlayer.handleCookieResponse`: the head of the
 * queue of `retrieveCookie` requests, when its key equals the response's, is completed and the
 * packet taken; otherwise the same disconnect (Paper's copy, and CraftPlayer's `requestedCookies`).
 * Login waits while requests are open (CraftBukkit's `WAITING_FOR_COOKIES`, before compression and
 * login success).
 */
export class CookieRequests {
  private readonly pending: Array<{ key: string; answer: (payload: Buffer | undefined) => void }> = []

  constructor(
    private readonly client: McClient,
    data: VersionData,
    kick: (client: McClient, reason: KickReason) => void,
  ) {
    client.on('cookie_response', (packet: { key: string; value?: Buffer | null }) => {
      const head = this.pending[0]
      if (!head || head.key !== packet.key) {
        kick(client, vanillaReason(data, 'multiplayer.disconnect.unexpected_query_response'))
        return
      }
      this.pending.shift()
      head.answer(packet.value ?? undefined)
    })
    // A connection that ends answers nothing: whoever waits goes on (and finds the client ended).
    client.once('end', () => {
      for (const request of this.pending.splice(0)) request.answer(undefined)
    })
  }

  /** Sends `cookie_request` (ClientboundCookieRequestPacket) and resolves with the client's payload (undefined: none). */
  request(key: string): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      if (this.client.ended) return resolve(undefined)
      this.pending.push({ key, answer: resolve })
      this.client.write('cookie_request', { cookie: key })
    })
  }
}
