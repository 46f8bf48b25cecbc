import { createHash, publicEncrypt, randomBytes, sign, constants } from 'node:crypto'
import { createRequire } from 'node:module'
import { minecraftData } from '../minecraft-data-memo.ts'
import { sessionCall, type SessionAnswer, type SessionCallError } from '../session-http.ts'

const require = createRequire(import.meta.url)
const { mcHexDigest }: { mcHexDigest(hash: Buffer): string } = require('yggdrasil/src/utils')
const { concat }: { concat(...args: unknown[]): Buffer } = require('minecraft-protocol/src/transforms/binaryStream')

/** authlib's connect and read timeouts for session calls. */
export const JOIN_TIMEOUT_MS = 5000

export interface JoinCredentials {
  /** Base URL of the (mock) session server; `/session/minecraft/join` is appended. */
  sessionServer: string
  accessToken: string
  /** Profile id; dashes are dropped, as the launcher sends it. */
  profileId: string
}

/**
 * The client's `POST /session/minecraft/join`, worded so outcome/classify can tell the vanilla
 * client's cases apart. minecraft-protocol's own join (via yggdrasil) is not used because it hides
 * what the vanilla client decides on: it has no timeout (a hanging session server hangs the bot
 * instead of giving serversUnavailable), treats a 5xx with an empty body as success, and reports
 * only `errorMessage`, so a 503 with a JSON error looks like a rejected token.
 */
export async function joinSession(credentials: JoinCredentials, serverHash: string, timeoutMs = JOIN_TIMEOUT_MS): Promise<void> {
  const url = `${credentials.sessionServer.replace(/\/+$/, '')}/session/minecraft/join`
  let response: SessionAnswer
  try {
    response = await sessionCall({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accessToken: credentials.accessToken,
        selectedProfile: credentials.profileId.replace(/-/g, ''),
        serverId: serverHash,
      }),
      timeoutMs,
    })
  } catch (err) {
    const e = err as SessionCallError
    if (e.reason === 'timeout') throw new Error(`session join failed: no answer within ${timeoutMs} ms`, { cause: err })
    throw new Error(`session join failed: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ').trim(), { cause: err })
  }
  // Any 2xx is a join; otherwise the status and the body's error say why not.
  if (response.ok) return
  const bodyText = response.body
  let error = ''
  let errorMessage = ''
  try {
    const body = JSON.parse(bodyText) as { error?: unknown; errorMessage?: unknown }
    if (typeof body.error === 'string') error = body.error
    if (typeof body.errorMessage === 'string') errorMessage = body.errorMessage
  } catch {
    // Not JSON: the status alone decides, as in authlib.
  }
  const what = [error, errorMessage].filter(Boolean).join(': ')
  if (response.status >= 500) throw new Error(`session join failed: HTTP ${response.status}${what ? ` ${what}` : ''}`)
  throw new Error(`session join rejected: HTTP ${response.status}${what ? ` ${what}` : ''}`)
}

interface EncryptionRequest {
  serverId: string
  publicKey: Buffer
  verifyToken: Buffer
  shouldAuthenticate?: boolean
}

/** The parts of a minecraft-protocol client this module drives. */
export interface ProtocolClient {
  version: string
  profileKeys?: { private: unknown } | null
  on(event: string, listener: (...args: any[]) => void): unknown
  once(event: string, listener: (...args: any[]) => void): unknown
  removeAllListeners(event: string): unknown
  emit(event: string, ...args: unknown[]): boolean
  write(name: string, params: unknown): void
  setEncryption(secret: Buffer): void
  end(reason?: string): void
}

function toPem(key: Buffer): string {
  const lines = key.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`
}

/**
 * Replaces minecraft-protocol's encryption handler (registered by createClient) with one that
 * joins through joinSession(). Failure follows minecraft-protocol's shape: `error` then
 * `end('encryptionLoginError')`. Without credentials the client answers straight away, like a
 * cracked launcher (the server's hasJoined then fails). From 1.20.5 a server can say
 * `shouldAuthenticate: false`; the vanilla client then skips join, and so does this.
 */
export function installSessionJoin(client: ProtocolClient, credentials: JoinCredentials | undefined, timeoutMs = JOIN_TIMEOUT_MS): void {
  client.removeAllListeners('encryption_begin')
  let ended = false
  client.once('end', () => {
    ended = true
  })
  client.once('encryption_begin', (packet: EncryptionRequest) => {
    const secret = randomBytes(16)
    const respond = () => {
      // The attempt may have been ended (deadline) while join was in flight.
      if (ended) return
      const pem = toPem(packet.publicKey)
      const encryptedSecret = publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, secret)
      const encryptedToken = publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, packet.verifyToken)
      if (minecraftData(client.version).supportFeature('signatureEncryption')) {
        // 1.19-1.19.2: a client with profile keys signs the token instead of encrypting it.
        const keys = client.profileKeys
        const salt = BigInt(Date.now())
        client.write('encryption_begin', {
          sharedSecret: encryptedSecret,
          hasVerifyToken: keys == null,
          crypto: keys
            ? {
                salt,
                messageSignature: sign('sha256WithRSAEncryption', concat('buffer', packet.verifyToken, 'i64', salt), keys.private as never),
              }
            : { verifyToken: encryptedToken },
        })
      } else {
        client.write('encryption_begin', { sharedSecret: encryptedSecret, verifyToken: encryptedToken })
      }
      client.setEncryption(secret)
    }
    if (!credentials || packet.shouldAuthenticate === false) {
      respond()
      return
    }
    const hash = mcHexDigest(createHash('sha1').update(packet.serverId, 'ascii').update(secret).update(packet.publicKey).digest())
    joinSession(credentials, hash, timeoutMs).then(respond, (err: Error) => {
      if (ended) return
      client.emit('error', err)
      client.end('encryptionLoginError')
    })
  })
}
