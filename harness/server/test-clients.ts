/**
 * Test-only helpers: minecraft-protocol's own client (not the harness's bots) driven through one
 * login, reporting how it ended, with the kick reason decoded from whatever format the version uses.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol')
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
  const auth = options.premium
    ? {
        auth: 'mojang',
        session: {
          accessToken: options.premium.accessToken,
          clientToken: 'harness-test',
          selectedProfile: { id: options.premium.id, name: options.username },
        },
        skipValidation: true,
        sessionServer: options.premium.sessionServer,
        authServer: options.premium.sessionServer,
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
