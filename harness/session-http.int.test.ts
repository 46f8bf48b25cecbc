import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { IDLE_SOCKET_MS, sessionCall, SessionCallError } from './session-http.ts'

let server: Server | undefined

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; connections: () => number }> {
  let connections = 0
  server = createServer(handler)
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections }
}

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
})

async function callError(promise: Promise<unknown>): Promise<SessionCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SessionCallError)
  return error as SessionCallError
}

describe('sessionCall', () => {
  it('returns the status and the body, and sends the method, headers and body', async () => {
    const { url } = await serve((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c))
      req.on('end', () =>
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body })),
      )
    })
    const answer = await sessionCall({
      url: `${url}/join`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 5000,
    })
    expect(answer.status).toBe(403)
    expect(answer.ok).toBe(false)
    expect(JSON.parse(answer.body)).toEqual({ method: 'POST', type: 'application/json', body: '{"a":1}' })
  })

  it('reuses one connection for calls one after another (keep-alive, as fetch did)', async () => {
    const { url, connections } = await serve((_req, res) => res.writeHead(204).end())
    for (let i = 0; i < 3; i++) expect(await sessionCall({ url, timeoutMs: 5000 })).toMatchObject({ status: 204, ok: true })
    expect(connections()).toBe(1)
  })

  it('gives up at the deadline when the server never answers: reason timeout', async () => {
    const { url } = await serve(() => undefined)
    const started = performance.now()
    const error = await callError(sessionCall({ url, timeoutMs: 200 }))
    expect(error.reason).toBe('timeout')
    expect(error.message).toBe('no answer within 200 ms')
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it("waits for its own deadline past the agent's idle-socket timeout (a session server that hangs for authlib's 5 s)", async () => {
    const { url } = await serve(() => undefined)
    const started = performance.now()
    const error = await callError(sessionCall({ url, timeoutMs: IDLE_SOCKET_MS + 500 }))
    expect(error.reason).toBe('timeout')
    expect(performance.now() - started).toBeGreaterThanOrEqual(IDLE_SOCKET_MS + 400)
  })

  it('ends when the signal aborts: reason aborted', async () => {
    const { url } = await serve(() => undefined)
    const stop = new AbortController()
    const call = sessionCall({ url, timeoutMs: 10_000, signal: stop.signal })
    setImmediate(() => stop.abort())
    expect((await callError(call)).reason).toBe('aborted')
  })

  it('names the socket error when nothing listens: reason network, code ECONNREFUSED', async () => {
    const { url } = await serve(() => undefined)
    await new Promise<void>((resolve) => server!.close(() => resolve()))
    server = undefined
    const error = await callError(sessionCall({ url, timeoutMs: 5000 }))
    expect(error).toMatchObject({ reason: 'network', code: 'ECONNREFUSED' })
  })

  it('fails, and does not answer half a body, when the connection drops mid-answer', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"id":')
      setImmediate(() => res.socket?.destroy())
    })
    expect((await callError(sessionCall({ url, timeoutMs: 5000 }))).reason).toBe('network')
  })
})
