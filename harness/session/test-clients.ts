/**
 * Small HTTP helpers for the session tests: node:http so a refused or reset connection surfaces
 * as its errno (ECONNREFUSED, ECONNRESET), and the `yggdrasil` package typed for our use.
 */
import { request } from 'node:http'
import { createRequire } from 'node:module'

export interface RawAnswer {
  status: number
  text: string
  json(): unknown
}

/** One request on a fresh connection; rejects with the socket error (its `code` is the errno). */
export function http(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const text = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...options.headers },
        timeout: options.timeoutMs ?? 5000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, text: body, json: () => JSON.parse(body) })
        })
      },
    )
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs ?? 5000} ms`), { code: 'TIMEOUT' })))
    req.on('error', reject)
    req.end(text)
  })
}

export interface YggdrasilClient {
  auth(options: {
    user: string
    pass: string
    token?: string
    requestUser?: boolean
  }): Promise<{ accessToken: string; clientToken: string; selectedProfile: { id: string; name: string } }>
  validate(accessToken: string): Promise<unknown>
  refresh(accessToken: string, clientToken: string): Promise<{ accessToken: string; clientToken: string }>
  invalidate(accessToken: string, clientToken: string): Promise<unknown>
  signout(username: string, password: string): Promise<unknown>
}

export interface YggdrasilServer {
  join(
    accessToken: string,
    selectedProfile: string,
    serverId: string,
    sharedSecret: Buffer | string,
    serverKey: Buffer | string,
  ): Promise<unknown>
  hasJoined(
    username: string,
    serverId: string,
    sharedSecret: Buffer | string,
    serverKey: Buffer | string,
  ): Promise<{ id: string; name: string; properties: { name: string; value: string; signature?: string }[] }>
}

const require = createRequire(import.meta.url)
const yggdrasil = require('yggdrasil') as ((options: { host: string }) => YggdrasilClient) & {
  server(options: { host: string }): YggdrasilServer
}

/** The PrismarineJS `yggdrasil` package, pointed at `host`: a client nobody here wrote. */
export function yggdrasilClient(host: string): YggdrasilClient {
  return yggdrasil({ host })
}

export function yggdrasilServer(host: string): YggdrasilServer {
  return yggdrasil.server({ host })
}
