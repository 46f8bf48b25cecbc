import { createRequire } from 'node:module'

// node:http through require, never an ESM import: importing it makes Node build the module's ESM
// view, which reads every export, and a few of node:http's load undici (about 40 ms of every start).
// node:https (and TLS) only for a session server that is https.
const require = createRequire(import.meta.url)
const http = require('node:http') as typeof import('node:http')
let https: typeof import('node:https') | undefined

/**
 * The session calls on a login's path (the client's player certificate and join, the server's
 * public keys, the server's and the proxies' hasJoined) over node:http with one keep-alive agent
 * per scheme, instead of `fetch`.
 *
 * Why not fetch: undici's fetch builds a WHATWG Request, Headers, Response and a web stream for
 * every call; in a premium storm it was the largest single cost on the server's thread (about 1 ms
 * of CPU per hasJoined under load, a tenth of the thread) and a large one on the clients'
 * (bench/fvh: the same GET costs about half the CPU through http.request). What the callers read
 * is unchanged: a status and a text body, or an error that says why there was none.
 *
 * Keep-alive: fetch kept connections alive too (undici's global agent), so a session server sees
 * the same connection reuse. Node's agent closes an idle socket before the server's announced
 * keep-alive timeout (the `Keep-Alive: timeout=N` hint), so a reused socket is not one the server
 * is closing; a server that announces none gets undici's default, an idle socket closed after 4 s.
 */
export interface SessionRequest {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  /** One deadline for connecting, the headers and the body, like authlib's two timeouts together. */
  timeoutMs: number
  /** Ends the call early (a server that stops); the error's reason is then `aborted`. */
  signal?: AbortSignal
}

export interface SessionAnswer {
  status: number
  /** A 2xx status, as fetch's `Response.ok`. */
  ok: boolean
  body: string
}

/**
 * No answer: `timeout` (nothing within timeoutMs), `aborted` (the signal), or `network` with the
 * socket's error code (ECONNREFUSED, ECONNRESET, ...) when there is one.
 */
export class SessionCallError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'aborted' | 'network',
    readonly code?: string,
  ) {
    super(message)
    this.name = 'SessionCallError'
  }
}

/** An idle kept-alive socket is closed after this long when the server announces no keep-alive timeout. */
export const IDLE_SOCKET_MS = 4_000
const httpAgent = new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS })
let httpsAgent: import('node:https').Agent | undefined

export function sessionCall(req: SessionRequest): Promise<SessionAnswer> {
  return new Promise((resolve, reject) => {
    let url: URL
    try {
      url = new URL(req.url)
    } catch {
      reject(new SessionCallError(`not a URL: ${req.url}`, 'network'))
      return
    }
    const scheme = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined
    if (!scheme) {
      reject(new SessionCallError(`not an http(s) URL: ${req.url}`, 'network'))
      return
    }
    if (req.signal?.aborted) {
      reject(new SessionCallError('aborted before it started', 'aborted'))
      return
    }
    const headers: Record<string, string | number> = { ...req.headers }
    const body = req.body === undefined ? undefined : Buffer.from(req.body)
    if (body) headers['content-length'] = body.length
    let settled = false
    const finish = (error: SessionCallError | undefined, answer?: SessionAnswer) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.signal?.removeEventListener('abort', onAbort)
      if (error) {
        // Destroying with the error keeps a half-read socket out of the agent's pool.
        request.destroy()
        reject(error)
      } else resolve(answer!)
    }
    let module: typeof http = http
    let agent: import('node:http').Agent = httpAgent
    if (scheme === 'https:') {
      https ??= require('node:https') as typeof import('node:https')
      httpsAgent ??= new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS })
      module = https as unknown as typeof http
      agent = httpsAgent
    }
    const request = module.request(url, { method: req.method ?? 'GET', headers, agent }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const status = response.statusCode ?? 0
        finish(undefined, { status, ok: status >= 200 && status <= 299, body: Buffer.concat(chunks).toString('utf8') })
      })
      response.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error)))
      // A connection closed before the body ended emits `aborted` on old Node lines, `error` on new.
      response.on('aborted', () => finish(new SessionCallError('the connection closed before the answer ended', 'network', 'ECONNRESET')))
    })
    request.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error)))
    const timer = setTimeout(() => finish(new SessionCallError(`no answer within ${req.timeoutMs} ms`, 'timeout')), req.timeoutMs)
    const onAbort = () => finish(new SessionCallError('aborted', 'aborted'))
    req.signal?.addEventListener('abort', onAbort, { once: true })
    request.end(body)
  })
}

function networkError(error: NodeJS.ErrnoException): SessionCallError {
  return new SessionCallError(error.message, 'network', error.code)
}
