/**
 * Test-only helpers: minecraft-protocol's own client (not the harness's bots) driven through one
 * login, reporting how it ended, with the kick reason decoded from whatever format the version uses.
 */
import { createRequire } from 'node:module'

import { fetchProfileKeys } from '../bot/profile-keys.ts'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol')
const mcData: (version: string) => { supportFeature(feature: string): boolean } = require('minecraft-data')
const nbt = require('prismarine-nbt')
const [, writeVarInt, sizeOfVarInt] = require('protodef').types.varint as [
  unknown,
  (value: number, buffer: Buffer, offset: number) => number,
  (value: number) => number,
]

/** A protocol VarInt, for tests that write raw frames. */
export function varint(value: number): Buffer {
  const out = Buffer.alloc(sizeOfVarInt(value))
  writeVarInt(value, out, 0)
  return out
}

export interface PremiumSession {
  sessionServer: string
  accessToken: string
  id: string
  /**
   * Fetch the chat-signing key pair from the mock's `/player/certificates` and give it to the
   * client as `client.profileKeys`, as a launcher does (default true; 1.19+ only). minecraft-protocol
   * itself fills it only from a Microsoft login, so this uses its custom `auth` hook.
   */
  profileKeys?: boolean
}

export type Attempt =
  | { kind: 'joined'; client: RawClient; uuid: string | undefined; ms: number }
  | { kind: 'kicked'; state: string; reason: Record<string, unknown>; ms: number }
  | { kind: 'ended'; detail: string; ms: number }

export interface RawClient {
  end(reason?: string): void
  on(event: string, listener: (...args: any[]) => void): void
  once(event: string, listener: (...args: any[]) => void): void
  write(name: string, params: Record<string, unknown>): void
  state: string
  uuid?: string
}

export function decodeReason(reason: unknown): Record<string, unknown> {
  if (typeof reason === 'string') {
    try {
      const parsed = JSON.parse(reason)
      return typeof parsed === 'string' ? { text: parsed } : parsed
    } catch {
      return { text: reason }
    }
  }
  return nbt.simplify(reason as never) as Record<string, unknown>
}

/** Connects, logs in, and resolves when the client is in play (`login` packet) or was turned away. */
export function attempt(options: {
  port: number
  version: string
  username: string
  premium?: PremiumSession
  timeoutMs?: number
  /** Keep the joined client open (the caller ends it). */
  keep?: boolean
}): Promise<Attempt> {
  const started = performance.now()
  const premium = options.premium
  const withKeys =
    (premium !== undefined && premium.profileKeys !== false && mcData(options.version).supportFeature('signatureEncryption')) ||
    (premium !== undefined && premium.profileKeys !== false && mcData(options.version).supportFeature('useChatSessions'))
  const session = premium && {
    accessToken: premium.accessToken,
    clientToken: 'harness-test',
    selectedProfile: { id: premium.id, name: options.username },
  }
  const auth = premium
    ? {
        // minecraft-protocol's custom-auth contract: set the session (and profileKeys), flag the
        // credentials, then call options.connect.
        auth: (client: RawClient & { session?: unknown; profileKeys?: unknown; username: string }, opts: Record<string, unknown>) => {
          client.session = session
          client.username = options.username
          opts.accessToken = premium.accessToken
          opts.haveCredentials = true
          const connect = () => (opts.connect as (c: unknown) => void)(client)
          if (!withKeys) return connect()
          fetchProfileKeys(premium.sessionServer, premium.accessToken).then(
            (keys) => {
              if (keys) client.profileKeys = keys
              connect()
            },
            () => connect(),
          )
        },
        sessionServer: premium.sessionServer,
      }
    : { auth: 'offline' }
  const client: RawClient = mc.createClient({
    host: '127.0.0.1',
    port: options.port,
    username: options.username,
    version: options.version,
    profilesFolder: false,
    validateChannelProtocol: false,
    hideErrors: true,
    ...auth,
  })
  return new Promise<Attempt>((resolve) => {
    let done = false
    const finish = (result: Attempt) => {
      if (done) return
      done = true
      clearTimeout(timer)
      if (result.kind !== 'joined' || !options.keep) client.end()
      resolve(result)
    }
    const ms = () => Math.round(performance.now() - started)
    const timer = setTimeout(() => finish({ kind: 'ended', detail: 'test timeout', ms: ms() }), options.timeoutMs ?? 20_000)
    client.on('error', () => {})
    client.on('packet', (data: { reason?: unknown }, meta: { name: string; state: string }) => {
      if (meta.name === 'disconnect' || meta.name === 'kick_disconnect') {
        finish({ kind: 'kicked', state: meta.state, reason: decodeReason(data.reason), ms: ms() })
      } else if (meta.name === 'login' && meta.state === 'play') {
        finish({ kind: 'joined', client, uuid: client.uuid, ms: ms() })
      }
    })
    client.once('end', (reason: string) => finish({ kind: 'ended', detail: String(reason), ms: ms() }))
  })
}
