import { createRequire } from 'node:module'
import { connect } from 'node:net'
import { createProtocolClient, type RawClient } from './protocol-client.ts'
import type { LoginAttemptOptions } from './types.ts'

const require = createRequire(import.meta.url)
// Loaded at the first bot, not with the harness: a run whose bots are all light clients never needs it.
let mineflayer: { createBot(options: Record<string, unknown>): MineflayerBot } | undefined

export interface MineflayerBot {
  on(event: string, listener: (...args: any[]) => void): unknown
  once(event: string, listener: (...args: any[]) => void): unknown
  emit(event: string, ...args: unknown[]): boolean
  removeListener(event: string, listener: (...args: any[]) => void): unknown
  removeAllListeners(event?: string): unknown
  chat(text: string): void
  end(reason?: string): void
}

export interface UnconnectedBot {
  bot: MineflayerBot
  client: RawClient
  /** Lets mineflayer's plugins in, then opens the socket. Attach your listeners first. */
  connect(): void
}

/**
 * A mineflayer bot on the harness's protocol client, not yet connected.
 *
 * mineflayer injects its plugins on a setTimeout(0) after createBot, so that callers can add
 * plugins first; with the socket already open, a fast server (one answering from another thread,
 * or a loaded machine) can finish the login inside that gap: the bot misses `registry_data` and
 * crashes on `login` (seen in ~20% of bots in ramped storms). So the socket opens only in
 * connect(), after the plugins are in. Every bot the harness or its tests make goes through here.
 */
export function createUnconnectedBot(options: LoginAttemptOptions, botOptions: Record<string, unknown> = {}): UnconnectedBot {
  let openSocket: (() => void) | undefined
  // The client asks to connect once its launcher part is done (at once, or after fetching profile
  // keys); the socket opens when both that and connect() have happened, whichever comes last.
  let allowed = false
  const client: RawClient = createProtocolClient(options, {
    connect: (c: RawClient) => {
      openSocket = () => {
        openSocket = undefined
        c.setSocket(connect({ host: options.host, port: options.port, localAddress: options.localAddress }))
      }
      if (allowed) openSocket()
    },
  })
  let bot: MineflayerBot
  try {
    mineflayer ??= require('mineflayer') as NonNullable<typeof mineflayer>
    bot = mineflayer.createBot({
      client,
      version: options.version,
      username: options.account.name,
      hideErrors: true,
      logErrors: false,
      ...botOptions,
    })
  } catch (error) {
    client.end('harness')
    throw error
  }
  return {
    bot,
    client,
    connect() {
      // We add no plugins later, so let them in now (the plugin loader listens once; mineflayer's
      // own emit then finds nothing to do) and only then open the socket.
      bot.once('inject_allowed', () => {
        allowed = true
        openSocket?.()
      })
      bot.emit('inject_allowed')
    },
  }
}
