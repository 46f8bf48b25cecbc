/**
 * An HTTP listener that remembers its sockets, so it can stop *now*: hung requests and keep-alive
 * connections are destroyed instead of waited for, and it can listen again on the same port.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'

// Through require, not an ESM import: see session-http.ts (node:http's ESM view loads undici).
const { createServer } = createRequire(import.meta.url)('node:http') as typeof import('node:http')

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void

/** A connection with no request in flight is closed after this long without traffic. */
export const IDLE_CONNECTION_MS = 30_000

export class Listener {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  /** Requests in flight per socket: a hung request (the `hang` fault) is not an idle connection. */
  private readonly busy = new Map<Socket, number>()

  constructor(handler: RequestHandler, options: { idleMs?: number } = {}) {
    const idleMs = options.idleMs ?? IDLE_CONNECTION_MS
    this.server = createServer(
      { requestTimeout: 30_000, headersTimeout: 20_000, keepAliveTimeout: Math.min(5_000, idleMs) },
      (req, res) => {
        const socket = req.socket
        this.busy.set(socket, (this.busy.get(socket) ?? 0) + 1)
        res.once('close', () => this.busy.set(socket, (this.busy.get(socket) ?? 1) - 1))
        handler(req, res)
      },
    )
    // Node closes a kept-alive connection between requests, but not one that never sends a
    // request (or stops half-way through its headers): those would pile up for good. The idle
    // timer is the server's own, and the server has a 'timeout' listener, because with none Node
    // destroys a timed-out socket itself, cutting off a request the mock is deliberately hanging.
    this.server.setTimeout(idleMs, (socket: Socket) => {
      if ((this.busy.get(socket) ?? 0) === 0) socket.destroy()
    })
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket)
      socket.once('close', () => {
        this.sockets.delete(socket)
        this.busy.delete(socket)
      })
    })
  }

  listening(): boolean {
    return this.server.listening
  }

  /** Resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error)
      this.server.once('error', onError)
      this.server.listen({ host, port, exclusive: true }, () => {
        this.server.off('error', onError)
        resolve((this.server.address() as { port: number }).port)
      })
    })
  }

  /** Stops accepting, destroys every open socket (connects are refused from here on), resolves when closed. */
  close(): Promise<void> {
    if (!this.server.listening) {
      this.destroySockets()
      return Promise.resolve()
    }
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    this.destroySockets()
    return closed
  }

  private destroySockets(): void {
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
  }
}

/** `http://host:port`, bracketing IPv6 literals. */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** The largest request body the mock reads. */
export const MAX_BODY_BYTES = 1024 * 1024
/** Past the limit the rest of a body is read and dropped (so the client reads the 413) up to this, then the connection is cut. */
const MAX_DRAINED_BYTES = 16 * MAX_BODY_BYTES

/** A request body over MAX_BODY_BYTES: answered 413 by readBodyOrRefuse. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`)
    this.name = 'BodyTooLargeError'
  }
}

/** The request body as text; rejects past MAX_BODY_BYTES (BodyTooLargeError) or when the client goes away. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_DRAINED_BYTES) {
        req.destroy()
        return
      }
      if (size > MAX_BODY_BYTES) {
        // Keep reading (and dropping) the rest: a server that stops reading while the client
        // still sends makes the client see a reset instead of the answer.
        chunks.length = 0
        reject(new BodyTooLargeError())
        return
      }
      chunks.push(chunk)
    })
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.once('error', reject)
    req.once('close', () => reject(new Error('client went away before sending its body')))
  })
}

/**
 * The body, or undefined once the request was answered: 413 for a body over the limit (then the
 * connection closes), nothing for a client that went away (its socket is closed). `error` shapes
 * the 413's JSON body for the routes that read it.
 */
export async function readBodyOrRefuse(
  req: IncomingMessage,
  res: ServerResponse,
  error: (message: string) => unknown,
): Promise<string | undefined> {
  try {
    return await readBody(req)
  } catch (failure) {
    if (failure instanceof BodyTooLargeError) {
      const data = JSON.stringify(error(failure.message))
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(413, { connection: 'close', 'content-type': JSON_UTF8, 'content-length': Buffer.byteLength(data) }).end(data)
      }
      return undefined
    }
    req.socket.destroy()
    return undefined
  }
}

const JSON_UTF8 = 'application/json; charset=utf-8'

/** Sends `body` as JSON, or an empty body when it is undefined. */
export function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  contentType = JSON_UTF8,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return
  if (body === undefined) {
    res.writeHead(status, status === 204 ? headers : { ...headers, 'content-length': 0 }).end()
    return
  }
  sendRaw(res, status, JSON.stringify(body), contentType, headers)
}

/** Sends `data` as is under `contentType` (also a body that claims to be JSON but is not: the `malformed` fault). */
export function sendRaw(
  res: ServerResponse,
  status: number,
  data: string | Buffer,
  contentType = JSON_UTF8,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(data) }).end(data)
}
