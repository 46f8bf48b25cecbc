/**
 * The admin API (`/__harness/...`) on its own port, so tests and other processes can drive a mock
 * they did not start (e.g. one inside a container), and it stays reachable while the session port
 * is down.
 */
import FindMyWay from 'find-my-way'
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HarnessInputError } from '../errors.ts'
import { readBodyOrRefuse, send, type RequestHandler } from './listener.ts'
import { faultSchema, firstProblem, mockAccountSchema as accountSchema, mockUserSchema as userSchema } from '../input/index.ts'
import type { InputProblem } from '../input/index.ts'
import type { SessionServerControl } from './types.ts'

type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>) => Promise<void>

const ROUTES =
  'POST /__harness/accounts, POST /__harness/users, POST /__harness/accounts/<name>/revoke, POST|DELETE /__harness/faults, GET|DELETE /__harness/journal, POST /__harness/reset, GET /__harness'

function badRequest(res: ServerResponse, field: string, message: string): void {
  send(res, 400, { error: 'BadRequest', field, message })
}

/** A schema's refusal: the same field and message the scenario loader and the builders print. */
function problem(res: ServerResponse, { field, message }: InputProblem): void {
  badRequest(res, field, message)
}

async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await readBodyOrRefuse(req, res, (message) => ({
    error: 'PayloadTooLarge',
    field: '(body)',
    message: `${message}; send a smaller body`,
  }))
  if (text === undefined) return { ok: false }
  try {
    return { ok: true, value: text.length === 0 ? undefined : JSON.parse(text) }
  } catch (error) {
    badRequest(res, '(body)', `body is not valid JSON (${(error as Error).message}); send a JSON object`)
    return { ok: false }
  }
}

/** True when the request carries `Authorization: Bearer <token>` (compared in constant time). */
function authorized(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '')
  const wanted = Buffer.from(token)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}

/** The admin routes; with a `token`, every request must carry it as a bearer token (else 401). */
export function adminHandler(control: SessionServerControl & { isDown(): boolean }, token?: string): RequestHandler {
  const router = FindMyWay({ ignoreTrailingSlash: true })
  const on = (method: 'GET' | 'POST' | 'DELETE', path: string, handler: Handler) => router.on(method, path, () => undefined, handler)

  on('GET', '/__harness', async (_req, res) => {
    send(res, 200, {
      url: control.getUrl(),
      serverFacingUrl: control.getServerFacingUrl(),
      adminUrl: control.getAdminUrl(),
      down: control.isDown(),
    })
  })
  on('POST', '/__harness/accounts', async (req, res) => {
    const body = await jsonBody(req, res)
    if (!body.ok) return
    const parsed = accountSchema.safeParse(body.value)
    if (!parsed.success) return problem(res, firstProblem(accountSchema, body.value, parsed.error))
    try {
      send(res, 201, await control.createAccount(parsed.data))
    } catch (error) {
      if (!(error instanceof HarnessInputError)) throw error
      if (!/already/.test(error.message))
        return badRequest(res, parsed.data.skin?.png !== undefined ? 'skin.png' : 'cape.png', error.message)
      send(res, 409, { error: 'Conflict', field: parsed.data.id !== undefined ? 'id' : 'name', message: error.message })
    }
  })
  on('POST', '/__harness/users', async (req, res) => {
    const body = await jsonBody(req, res)
    if (!body.ok) return
    const parsed = userSchema.safeParse(body.value)
    if (!parsed.success) return problem(res, firstProblem(userSchema, body.value, parsed.error))
    try {
      send(res, 201, await control.createUser(parsed.data))
    } catch (error) {
      if (!(error instanceof HarnessInputError)) throw error
      // A taken login, name or id is a conflict; anything else (a bad texture image) is bad input.
      if (/already/.test(error.message)) send(res, 409, { error: 'Conflict', field: 'login', message: error.message })
      else badRequest(res, 'profiles', error.message)
    }
  })
  on('POST', '/__harness/accounts/:name/revoke', async (_req, res, params) => {
    try {
      await control.revoke(params.name ?? '')
      send(res, 204)
    } catch (error) {
      if (!(error instanceof HarnessInputError)) throw error
      send(res, 404, { error: 'NotFound', field: 'name', message: error.message })
    }
  })
  on('POST', '/__harness/faults', async (req, res) => {
    const body = await jsonBody(req, res)
    if (!body.ok) return
    const parsed = faultSchema.safeParse(body.value)
    if (!parsed.success) return problem(res, firstProblem(faultSchema, body.value, parsed.error))
    send(res, 201, { id: await control.use(parsed.data) })
  })
  on('DELETE', '/__harness/faults', async (_req, res) => {
    await control.resetFaults()
    send(res, 204)
  })
  on('POST', '/__harness/reset', async (_req, res) => {
    await control.reset()
    send(res, 204)
  })
  on('GET', '/__harness/journal', async (_req, res) => send(res, 200, await control.journal()))
  on('DELETE', '/__harness/journal', async (_req, res) => {
    await control.clearJournal()
    send(res, 204)
  })

  return (req, res) => {
    if (token !== undefined && !authorized(req, token)) {
      res.setHeader('www-authenticate', 'Bearer')
      send(res, 401, {
        error: 'Unauthorized',
        message: 'this admin API needs "Authorization: Bearer <token>": the token the session server printed at start (admin-token line)',
      })
      return
    }
    const path = (req.url ?? '/').split('?')[0]!
    const found = router.find(req.method as 'GET', path)
    if (!found) {
      send(res, 404, { error: 'NotFound', message: `no admin route ${req.method} ${path}; routes: ${ROUTES}` })
      return
    }
    ;(found.store as Handler)(req, res, found.params).catch((error: unknown) => {
      send(res, 500, { error: 'InternalError', message: error instanceof Error ? error.message : String(error) })
    })
  }
}
