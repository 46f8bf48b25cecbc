/**
 * Mojang's Yggdrasil, session and services routes with Mojang's status codes and bodies. Pure
 * request -> reply functions over the account store; the HTTP plumbing and faults live in
 * mock-session-server.ts.
 */
import { randomBytes } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import { isUuid, toUndashedUuid } from '../uuid.ts'
import type { Account, AccountStore } from './accounts.ts'
import { issuePlayerCertificate, sign, type PlayerCertificate, type SigningKey } from './keys.ts'
import type { FaultRoute } from './types.ts'

export interface RequestContext {
  params: Record<string, string | undefined>
  query: URLSearchParams
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown
  /** `Authorization: Bearer <token>`, when sent. */
  bearer: string | undefined
  /** The peer address of the request's socket, normalised (no `::ffff:`). */
  remoteIp: string
  /** Path without query, as requested (prefix included), for services-style error bodies. */
  path: string
}

export interface Reply {
  status: number
  /** JSON body; absent means an empty body. */
  body?: unknown
}

export interface RouteDef {
  /** Name in the journal. */
  name: string
  method: 'GET' | 'POST'
  path: string
  /** Which FaultRoute targets it (besides `*`). */
  fault: FaultRoute | null
  username(ctx: RequestContext): string | null
  handle(ctx: RequestContext): Reply | Promise<Reply>
}

/** authlib-injector serves each API below one of these, all under the same root. */
export const AUTHLIB_INJECTOR_PREFIXES = ['/authserver', '/sessionserver', '/api', '/minecraftservices'] as const

const INVALID_CREDENTIALS = 'Invalid credentials. Invalid username or password.'

function forbidden(errorMessage: string): Reply {
  return { status: 403, body: { error: 'ForbiddenOperationException', errorMessage } }
}

function illegalArgument(errorMessage: string): Reply {
  return { status: 400, body: { error: 'IllegalArgumentException', errorMessage } }
}

/** api.minecraftservices.com's error shape. */
function servicesUnauthorized(path: string): Reply {
  return { status: 401, body: { path, errorType: 'UNAUTHORIZED', error: 'UNAUTHORIZED', errorMessage: 'The request requires user authentication', developerMessage: 'The request requires user authentication' } }
}

function notFoundByName(path: string, name: string): Reply {
  return { status: 404, body: { path, errorMessage: `Couldn't find any profile with name ${name}` } }
}

/** The body a scripted `status` fault sends: what Mojang sends for that status on that route. */
export function faultReply(status: number, route: FaultRoute | null, path: string): Reply {
  if (status === 204) return { status }
  switch (status) {
    case 400:
      return illegalArgument('Bad Request')
    case 401:
      return route === 'certificates' ? servicesUnauthorized(path) : { status, body: { error: 'Unauthorized', errorMessage: 'The request requires user authentication' } }
    case 403:
      if (route === 'authenticate') return forbidden(INVALID_CREDENTIALS)
      return forbidden(route === 'join' ? 'Invalid token' : 'Forbidden')
    case 404:
      return { status, body: { error: 'Not Found', errorMessage: 'The server has not found anything matching the request URI' } }
    case 429:
      return { status, body: { error: 'TooManyRequestsException', errorMessage: 'The client has sent too many requests within a certain amount of time' } }
    case 500:
      return { status, body: { error: 'InternalServerError', errorMessage: 'Internal Server Error' } }
    case 502:
    case 503:
    case 504:
      return { status, body: { error: 'ServiceUnavailableException', errorMessage: 'The service is temporarily unavailable' } }
    default: {
      const text = STATUS_CODES[status] ?? `HTTP ${status}`
      return { status, body: { error: text, errorMessage: text } }
    }
  }
}

export const NOT_FOUND: Reply = { status: 404, body: { error: 'Not Found', errorMessage: 'The server has not found anything matching the request URI' } }
export const METHOD_NOT_ALLOWED: Reply = {
  status: 405,
  body: { error: 'Method Not Allowed', errorMessage: 'The method specified in the request is not allowed for the resource identified by the request URI' },
}

function field(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[key] : undefined
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** Builds the route table over one account store and signing key. */
export function mojangRoutes(store: AccountStore, key: SigningKey): RouteDef[] {
  const textures = new Map<string, { value: string; signature: string }>()
  const certificates = new Map<string, PlayerCertificate>()

  // Signing costs ~1 ms; Mojang's timestamp changes per request but no client checks it, so one per account.
  function texturesProperty(account: Account): { value: string; signature: string } {
    let property = textures.get(account.id)
    if (!property) {
      const value = Buffer.from(
        JSON.stringify({ timestamp: account.createdAt, profileId: account.id, profileName: account.name, signatureRequired: true, textures: {} }),
      ).toString('base64')
      property = { value, signature: sign(key, value) }
      textures.set(account.id, property)
    }
    return property
  }

  function profile(account: Account, signed: boolean) {
    const { value, signature } = texturesProperty(account)
    return {
      id: account.id,
      name: account.name,
      properties: [signed ? { name: 'textures', value, signature } : { name: 'textures', value }],
      profileActions: [],
    }
  }

  const tokenOwner = (ctx: RequestContext) => store.byToken(field(ctx.body, 'accessToken'))?.account.name ?? null
  const bearerOwner = (ctx: RequestContext) => store.byToken(ctx.bearer)?.account.name ?? null

  function bulk(ctx: RequestContext): Reply {
    if (!Array.isArray(ctx.body) || !ctx.body.every((n) => typeof n === 'string')) return illegalArgument('Expected a JSON array of profile names')
    if (ctx.body.length === 0) return illegalArgument('profileName can not be null or empty.')
    // Mojang's own wording, typo included: clients match on it.
    if (ctx.body.length > 10) return illegalArgument('Not more that 10 profile name per call is allowed.')
    const found = (ctx.body as string[]).map((n) => store.get(n)).filter((a): a is Account => a !== undefined)
    return { status: 200, body: [...new Set(found)].map((a) => ({ id: a.id, name: a.name })) }
  }

  function byName(ctx: RequestContext): Reply {
    const name = ctx.params.name ?? ''
    const account = store.get(name)
    return account ? { status: 200, body: { id: account.id, name: account.name } } : notFoundByName(ctx.path, name)
  }

  function sessionProfile(ctx: RequestContext): Reply {
    const uuid = ctx.params.uuid ?? ''
    if (!isUuid(uuid)) return illegalArgument(`Not a valid UUID: ${uuid}`)
    const account = store.getById(toUndashedUuid(uuid))
    return account ? { status: 200, body: profile(account, ctx.query.get('unsigned') === 'false') } : { status: 204 }
  }

  function authResponse(account: Account, tokens: { accessToken: string; clientToken: string }, requestUser: unknown) {
    const selected = { id: account.id, name: account.name }
    return {
      ...tokens,
      selectedProfile: selected,
      availableProfiles: [selected],
      ...(requestUser === true ? { user: { id: account.id, username: account.name, properties: [] } } : {}),
    }
  }

  return [
    {
      name: 'authenticate',
      method: 'POST',
      path: '/authenticate',
      fault: 'authenticate',
      username: (ctx) => str(field(ctx.body, 'username')),
      handle(ctx) {
        const account = store.checkPassword(String(field(ctx.body, 'username') ?? ''), field(ctx.body, 'password'))
        if (!account) return forbidden(INVALID_CREDENTIALS)
        const clientToken = str(field(ctx.body, 'clientToken')) ?? randomBytes(16).toString('hex')
        return { status: 200, body: authResponse(account, store.issue(account, clientToken), field(ctx.body, 'requestUser')) }
      },
    },
    {
      name: 'refresh',
      method: 'POST',
      path: '/refresh',
      fault: null,
      username: tokenOwner,
      handle(ctx) {
        const accessToken = field(ctx.body, 'accessToken')
        const record = store.byToken(accessToken)
        const clientToken = str(field(ctx.body, 'clientToken'))
        if (!record || (clientToken !== null && clientToken !== record.clientToken)) return forbidden('Invalid token.')
        store.dropToken(accessToken as string)
        return { status: 200, body: authResponse(record.account, store.issue(record.account, record.clientToken), field(ctx.body, 'requestUser')) }
      },
    },
    {
      name: 'validate',
      method: 'POST',
      path: '/validate',
      fault: null,
      username: tokenOwner,
      handle(ctx) {
        const record = store.byToken(field(ctx.body, 'accessToken'))
        const clientToken = str(field(ctx.body, 'clientToken'))
        if (!record || (clientToken !== null && clientToken !== record.clientToken)) return forbidden('Invalid token.')
        return { status: 204 }
      },
    },
    {
      name: 'invalidate',
      method: 'POST',
      path: '/invalidate',
      fault: null,
      username: tokenOwner,
      handle(ctx) {
        const accessToken = field(ctx.body, 'accessToken')
        if (typeof accessToken === 'string') store.dropToken(accessToken)
        return { status: 204 }
      },
    },
    {
      name: 'signout',
      method: 'POST',
      path: '/signout',
      fault: null,
      username: (ctx) => str(field(ctx.body, 'username')),
      handle(ctx) {
        const account = store.checkPassword(String(field(ctx.body, 'username') ?? ''), field(ctx.body, 'password'))
        if (!account) return forbidden(INVALID_CREDENTIALS)
        store.dropTokensOf(account)
        return { status: 204 }
      },
    },
    {
      name: 'join',
      method: 'POST',
      path: '/session/minecraft/join',
      fault: 'join',
      username(ctx) {
        const owner = tokenOwner(ctx)
        if (owner) return owner
        const profileId = str(field(ctx.body, 'selectedProfile'))
        return profileId && isUuid(profileId) ? (store.getById(profileId)?.name ?? null) : null
      },
      handle(ctx) {
        const record = store.byToken(field(ctx.body, 'accessToken'))
        const profileId = str(field(ctx.body, 'selectedProfile'))
        const serverId = field(ctx.body, 'serverId')
        if (!record || !profileId || !isUuid(profileId) || toUndashedUuid(profileId) !== record.account.id) return forbidden('Invalid token')
        if (typeof serverId !== 'string') return illegalArgument('serverId can not be null')
        // The join request carries no ip: Mojang records the address it came from.
        store.recordJoin(record.account, serverId, ctx.remoteIp)
        return { status: 204 }
      },
    },
    {
      name: 'hasJoined',
      method: 'GET',
      path: '/session/minecraft/hasJoined',
      fault: 'hasJoined',
      username: (ctx) => ctx.query.get('username'),
      handle(ctx) {
        const username = ctx.query.get('username')
        const serverId = ctx.query.get('serverId')
        if (username === null || serverId === null) return { status: 204 }
        const account = store.findJoin(username, serverId, ctx.query.get('ip') ?? undefined)
        return account ? { status: 200, body: profile(account, true) } : { status: 204 }
      },
    },
    {
      name: 'sessionProfile',
      method: 'GET',
      path: '/session/minecraft/profile/:uuid',
      fault: 'profile',
      username: (ctx) => (isUuid(ctx.params.uuid ?? '') ? (store.getById(ctx.params.uuid!)?.name ?? null) : null),
      handle: sessionProfile,
    },
    { name: 'profileByName', method: 'GET', path: '/users/profiles/minecraft/:name', fault: 'profile', username: (ctx) => ctx.params.name ?? null, handle: byName },
    { name: 'profileLookupByName', method: 'GET', path: '/minecraft/profile/lookup/name/:name', fault: 'profile', username: (ctx) => ctx.params.name ?? null, handle: byName },
    {
      name: 'profileLookupById',
      method: 'GET',
      path: '/minecraft/profile/lookup/:uuid',
      fault: 'profile',
      username: (ctx) => (isUuid(ctx.params.uuid ?? '') ? (store.getById(ctx.params.uuid!)?.name ?? null) : null),
      handle(ctx) {
        const uuid = ctx.params.uuid ?? ''
        const account = isUuid(uuid) ? store.getById(uuid) : undefined
        return account ? { status: 200, body: { id: account.id, name: account.name } } : { status: 404, body: { path: ctx.path, errorMessage: `Couldn't find any profile with id ${uuid}` } }
      },
    },
    { name: 'profilesByNames', method: 'POST', path: '/profiles/minecraft', fault: 'profile', username: () => null, handle: bulk },
    { name: 'profilesByNames', method: 'POST', path: '/minecraft/profile/lookup/bulk/byname', fault: 'profile', username: () => null, handle: bulk },
    {
      name: 'minecraftProfile',
      method: 'GET',
      path: '/minecraft/profile',
      fault: 'profile',
      username: bearerOwner,
      handle(ctx) {
        const record = store.byToken(ctx.bearer)
        if (!record) return servicesUnauthorized(ctx.path)
        return { status: 200, body: { id: record.account.id, name: record.account.name, skins: [], capes: [] } }
      },
    },
    {
      name: 'certificates',
      method: 'POST',
      path: '/player/certificates',
      fault: 'certificates',
      username: bearerOwner,
      async handle(ctx) {
        const record = store.byToken(ctx.bearer)
        if (!record) return servicesUnauthorized(ctx.path)
        // Mojang hands out the same key pair until refreshedAfter; so does the mock.
        let certificate = certificates.get(record.account.id)
        if (!certificate || Date.parse(certificate.refreshedAfter) <= Date.now()) {
          certificate = await issuePlayerCertificate(key, record.account.id)
          certificates.set(record.account.id, certificate)
        }
        return { status: 200, body: certificate }
      },
    },
    {
      name: 'publicKeys',
      method: 'GET',
      path: '/publickeys',
      fault: null,
      username: () => null,
      handle: () => ({
        status: 200,
        body: { profilePropertyKeys: [{ publicKey: key.publicKeyBase64 }], playerCertificateKeys: [{ publicKey: key.publicKeyBase64 }] },
      }),
    },
  ]
}
