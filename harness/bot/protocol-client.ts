import { connect, type Socket } from 'node:net'
import { createRequire } from 'node:module'
import { HarnessInputError } from '../errors.ts'
import type { LoginAttemptOptions } from './types.ts'
import { assertLoopbackHost, assertLoopbackUrl } from './loopback.ts'
import { installSessionJoin, type ProtocolClient } from './session-join.ts'
import {
  cachedCertificateUsable,
  fetchProfileKeys,
  garbageProfileKeys,
  readPlayerCertificate,
  versionUsesProfileKeys,
  type ProfileKeys,
} from './profile-keys.ts'
import { minecraftData } from '../minecraft-data-memo.ts'
import { type CookieJar, installCookieJar, requireCookieVersion, sendUnsolicitedCookie, useTransferIntention } from './cookie-jar.ts'
import { useBoundedSplitterBeforeConnect } from '../server/frame-splitter.ts'
import { useFastCompression } from '../server/fast-paths.ts'

const require = createRequire(import.meta.url)
// createClient alone: the package's index would also load its server and ping.
const createClient: (options: Record<string, unknown>) => RawClient = require('minecraft-protocol/src/createClient.js')

export interface RawClient extends ProtocolClient {
  profileKeys?: ProfileKeys | null
  /** 1.20.5+: the cookies servers stored on this connection (cookie-jar.ts), handed on by a transfer. */
  cookies?: CookieJar
  socket?: Socket
  ended: boolean
  state: string
  username: string
  closeTimer?: NodeJS.Timeout
  session?: unknown
  setSocket(socket: Socket): void
  setCompressionThreshold(threshold: number): void
  removeListener(event: string, listener: (...args: any[]) => void): unknown
}

function validate(options: LoginAttemptOptions): void {
  const { account } = options
  if (!account || typeof account !== 'object') throw new HarnessInputError('bot account: missing; give { kind, name, ... }')
  if (typeof account.name !== 'string' || !/^[A-Za-z0-9_]{1,16}$/.test(account.name)) {
    throw new HarnessInputError(`bot account name "${String(account.name)}": use 1-16 letters, digits or underscores`)
  }
  if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535) {
    throw new HarnessInputError(`bot port ${String(options.port)}: must be an integer 1-65535`)
  }
  if (!minecraftData(options.version)) throw new HarnessInputError(`bot version "${options.version}": unknown to minecraft-data`)
  assertLoopbackHost(options.host, 'bot host')
  if (options.localAddress !== undefined) assertLoopbackHost(options.localAddress, 'bot local address')
  if (account.kind === 'premium' || account.kind === 'revoked') {
    if (!options.sessionServer) {
      throw new HarnessInputError(
        `bot ${account.name} (${account.kind}): sessionServer is required; give the mock session server's URL (the harness never calls Mojang)`,
      )
    }
    assertLoopbackUrl(options.sessionServer, `bot ${account.name} sessionServer`)
  }
}

/**
 * A minecraft-protocol client for one attempt, shared by mineflayer bots and light clients.
 * Premium and revoked accounts use a ready session through a custom `auth` function, so neither
 * /authenticate nor /validate is ever called and no launcher files are read (profilesFolder:
 * false); the `join` goes to `sessionServer` only, through installSessionJoin(). Offline kinds
 * never call anything. The socket is opened by us, straight to the loopback host: minecraft-
 * protocol's own connect would try an SRV lookup for names on port 25565.
 */
export function createProtocolClient(options: LoginAttemptOptions, extra: Record<string, unknown> = {}): RawClient {
  validate(options)
  const { account } = options
  const premium = account.kind === 'premium' || account.kind === 'revoked'
  const session = premium
    ? { accessToken: account.accessToken, selectedProfile: { id: account.id.replace(/-/g, ''), name: account.name } }
    : undefined

  const clientOptions: Record<string, unknown> = {
    host: options.host,
    port: options.port,
    version: options.version,
    username: account.name,
    profilesFolder: false,
    validateChannelProtocol: false,
    hideErrors: true,
    // Keep-alives come every 15 s from vanilla-like servers; an attempt never lives that long, but a
    // stuck server must not keep a bot for the default 30 s beyond its deadline.
    checkTimeoutInterval: 20_000,
    connect: (client: RawClient) => {
      // This client's own frame splitter (no exception per socket read, vanilla's 3-byte limit);
      // other minecraft-protocol clients in the process are left as they are.
      useBoundedSplitterBeforeConnect(client)
      client.setSocket(connect({ host: options.host, port: options.port, localAddress: options.localAddress }))
    },
    ...extra,
  }
  // minecraft-protocol writes `fakeHost` as the handshake's host field.
  if (options.handshakeHost !== undefined) clientOptions.fakeHost = options.handshakeHost
  if (premium) {
    clientOptions.sessionServer = options.sessionServer
    // minecraft-protocol's `auth` hook: the launcher's part before the game connects. Like a
    // launcher, it fetches the profile key pair first (1.19+), then connects; minecraft-protocol
    // then sends the key in login start (1.19-1.19.2) or chat_session_update (1.19.3+).
    clientOptions.auth = (client: RawClient & { session?: unknown; username: string }, opts: Record<string, unknown>) => {
      client.session = session
      client.username = account.name
      opts.accessToken = account.accessToken
      opts.haveCredentials = true
      const connectNow = () => (opts.connect as (c: RawClient) => void)(client)
      if (!wantsProfileKeys(options)) return connectNow()
      presentedProfileKeys(options).then(
        (keys) => {
          if (keys) client.profileKeys = keys
          else client.emit('harness_note', 'no profile key: the services host gave the account none')
          connectNow()
        },
        (error: Error) => {
          if (error instanceof HarnessInputError) {
            // The bot was set up wrong: fail the attempt visibly rather than test something else.
            client.emit('error', error)
            client.end('harness')
            return
          }
          // The vanilla client plays on without a key when fetching it fails (it only logs).
          client.emit('harness_note', `no profile key: ${error.message}`)
          connectNow()
        },
      )
    }
  } else {
    clientOptions.auth = 'offline'
  }
  const client = createClient(clientOptions)
  // The bot's packets over the threshold go as stored zlib streams: every server inflates them as it
  // inflates the vanilla client's deflated ones, and checks the same declared length (fast-paths.ts).
  const setCompressionThreshold = client.setCompressionThreshold.bind(client)
  client.setCompressionThreshold = (threshold: number) => {
    setCompressionThreshold(threshold)
    useFastCompression(client)
  }
  const data = minecraftData(options.version)
  if (data.version.version >= 766) {
    // A new connection starts with no cookies; a transfer's keeps the ones before it (cookie-jar.ts).
    client.cookies = options.transferred?.cookies ?? new Map()
    installCookieJar(client, client.cookies)
    if (options.transferred) useTransferIntention(client)
    if (options.unsolicitedCookie) sendUnsolicitedCookie(client, options.unsolicitedCookie)
  } else if (options.transferred || options.unsolicitedCookie) {
    requireCookieVersion(data.version.version, options.version, `bot ${account.name}`)
  }
  installSessionJoin(
    client,
    premium ? { sessionServer: options.sessionServer!, accessToken: account.accessToken, profileId: account.id } : undefined,
  )
  return client
}

/** Profile keys exist from 1.19 (login start's signature field); earlier clients never fetch one. */
function wantsProfileKeys(options: LoginAttemptOptions): boolean {
  if (options.account.kind !== 'premium') return false
  const mode = options.account.profileKey ?? 'valid'
  return mode !== 'none' && versionUsesProfileKeys(options.version)
}

/** The key the bot presents for its `profileKey` mode (the mock decides valid/expired/badSignature per account). */
async function presentedProfileKeys(options: LoginAttemptOptions): Promise<ProfileKeys | undefined> {
  const account = options.account as Extract<LoginAttemptOptions['account'], { kind: 'premium' }>
  const mode = account.profileKey ?? 'valid'
  const cached = account.cachedCertificate
  const keys =
    cached && cachedCertificateUsable(cached)
      ? readPlayerCertificate(cached)
      : await fetchProfileKeys(options.servicesServer ?? options.sessionServer!, account.accessToken)
  if (!keys) return undefined
  if (mode === 'expired' && keys.expiresOn.getTime() > Date.now()) {
    throw new HarnessInputError(
      `bot ${account.name}: profileKey "expired" but the mock issued a key valid until ${keys.expiresOn.toISOString()}; create the account with profileKey: 'expired'`,
    )
  }
  return mode === 'garbage' ? garbageProfileKeys(keys) : keys
}

/** Ends the client and waits (bounded) for its socket to close; clears minecraft-protocol's close timer. */
export async function closeClient(client: RawClient, reason = 'harness'): Promise<void> {
  const socket = client.socket
  if (!client.ended) {
    try {
      client.end(reason)
    } catch {
      // A client that never got a socket has nothing to end.
    }
  }
  if (socket && !socket.destroyed) socket.destroy()
  if (socket && !socket.closed) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000)
      socket.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
  clearTimeout(client.closeTimer)
}
