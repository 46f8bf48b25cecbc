/**
 * Mojang's Yggdrasil, session and services routes with Mojang's status codes and bodies at
 * Mojang's paths, and the shapes of authlib-injector's spec ("Yggdrasil 服务端技术规范") under its
 * prefixes. Pure request -> reply functions over the account store; the HTTP plumbing and faults
 * live in mock-session-server.ts.
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { isUuid, toUndashedUuid } from '../uuid.ts'
import type { AccountStore, Profile, TokenRecord, User } from './accounts.ts'
import { discoveryDocument } from './discovery.ts'
import { entitlements } from './entitlements.ts'
import { issuePlayerCertificate, signOffThread, unpublishedKey, CERT_LIFETIME_MS, type PlayerCertificate, type SigningKey } from './keys.ts'
import type { FaultRoute } from './types.ts'

// Through require, not an ESM import: see session-http.ts (node:http's ESM view loads undici).
const { STATUS_CODES } = createRequire(import.meta.url)('node:http') as typeof import('node:http')

/**
 * Which shapes a request gets: `mojang` at Mojang's own paths (the root, which the
 * `-Dminecraft.api.*.host` flags point at, and `/minecraftservices`, Mojang's services host under
 * authlib-injector), `injector` under authlib-injector's `/authserver`, `/sessionserver`, `/api`.
 */
export type Layout = 'mojang' | 'injector'

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
  layout: Layout
  /** `http://<Host header>`: the address the caller used, for URLs in answers. */
  origin: string
}

export interface Reply {
  status: number
  /** JSON body; absent means an empty body. */
  body?: unknown
  /** A non-JSON body (texture images) with its content type. */
  raw?: { contentType: string; data: Buffer }
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
  /** Only at the root (metadata, textures, discovery); by default at the root and every prefix. */
  rootOnly?: boolean
}

/** authlib-injector serves each API below one of these, all under the same root. */
export const AUTHLIB_INJECTOR_PREFIXES = ['/authserver', '/sessionserver', '/api', '/minecraftservices'] as const

/** The shapes a prefix gets; `/minecraftservices` is Mojang's services host, so Mojang's shapes. */
export function layoutOf(prefix: string): Layout {
  return prefix === '' || prefix === '/minecraftservices' ? 'mojang' : 'injector'
}

/**
 * authlib-injector's spec says `application/json; charset=utf-8`; Mojang sends a bare
 * `application/json` (launcher libraries such as @xmcl/user compare it exactly).
 */
export function jsonContentType(layout: Layout): string {
  return layout === 'injector' ? 'application/json; charset=utf-8' : 'application/json'
}

export interface RouteOptions {
  /** Base URL texture URLs use (the mock's own). */
  publicUrl(): string
  /** authenticate/signout attempts per login are refused (403) within this window; 0 = off. */
  rateLimitMs: number
  serverName: string
  implementationVersion: string
}

const INVALID_CREDENTIALS = 'Invalid credentials. Invalid username or password.'
const INVALID_TOKEN = 'Invalid token.'

function forbidden(errorMessage: string): Reply {
  return { status: 403, body: { error: 'ForbiddenOperationException', errorMessage } }
}

function illegalArgument(errorMessage: string): Reply {
  return { status: 400, body: { error: 'IllegalArgumentException', errorMessage } }
}

/** api.minecraftservices.com's error shape. */
function servicesUnauthorized(path: string): Reply {
  return {
    status: 401,
    body: {
      path,
      errorType: 'UNAUTHORIZED',
      error: 'UNAUTHORIZED',
      errorMessage: 'The request requires user authentication',
      developerMessage: 'The request requires user authentication',
    },
  }
}

function servicesNotFound(path: string): Reply {
  return {
    status: 404,
    body: {
      path,
      errorType: 'NOT_FOUND',
      error: 'NOT_FOUND',
      errorMessage: 'The server has not found anything matching the request URI',
      developerMessage: 'The server has not found anything matching the request URI',
    },
  }
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
      return route === 'certificates'
        ? servicesUnauthorized(path)
        : { status, body: { error: 'Unauthorized', errorMessage: 'The request requires user authentication' } }
    case 403:
      if (route === 'authenticate') return forbidden(INVALID_CREDENTIALS)
      return forbidden(route === 'join' ? 'Invalid token' : 'Forbidden')
    case 404:
      return { status, body: { error: 'Not Found', errorMessage: 'The server has not found anything matching the request URI' } }
    case 429:
      return {
        status,
        body: { error: 'TooManyRequestsException', errorMessage: 'The client has sent too many requests within a certain amount of time' },
      }
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

export const NOT_FOUND: Reply = {
  status: 404,
  body: { error: 'Not Found', errorMessage: 'The server has not found anything matching the request URI' },
}
export const METHOD_NOT_ALLOWED: Reply = {
  status: 405,
  body: {
    error: 'Method Not Allowed',
    errorMessage: 'The method specified in the request is not allowed for the resource identified by the request URI',
  },
}

function field(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[key] : undefined
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** Builds the route table over one account store and signing key. */
export function mojangRoutes(store: AccountStore, key: SigningKey, options: RouteOptions): RouteDef[] {
  const textures = new Map<string, Promise<{ value: string; signature: string }>>()
  const certificates = new Map<string, PlayerCertificate>()
  const lastAttempt = new Map<string, number>()

  function textureUrl(hash: string): string {
    return `${options.publicUrl()}/textures/${hash}`
  }

  // Signing costs ~5 ms with a 4096-bit key; Mojang's timestamp changes per request but no client
  // checks it, so one per profile (its timestamp is the profile's creation time), signed on libuv's
  // thread pool so the server sharing this thread is not held up.
  function texturesProperty(profile: Profile): Promise<{ value: string; signature: string }> {
    let property = textures.get(profile.id)
    if (!property) {
      const images: Record<string, unknown> = {}
      // Mojang's payload names a classic skin's model by leaving metadata out.
      if (profile.skin)
        images.SKIN = { url: textureUrl(profile.skin.hash), ...(profile.skin.model === 'slim' ? { metadata: { model: 'slim' } } : {}) }
      if (profile.cape) images.CAPE = { url: textureUrl(profile.cape.hash) }
      const value = Buffer.from(
        JSON.stringify({
          timestamp: profile.createdAt,
          profileId: profile.id,
          profileName: profile.name,
          signatureRequired: true,
          textures: images,
        }),
      ).toString('base64')
      property = signOffThread(key, value).then((signature) => ({ value, signature }))
      textures.set(profile.id, property)
      // A failed signature is not kept: the next request signs again.
      property.catch(() => textures.delete(profile.id))
    }
    return property
  }

  /** The full profile: Mojang adds `profileActions`; the spec's shape is {id, name, properties}. */
  async function fullProfile(profile: Profile, signed: boolean, layout: Layout) {
    const { value, signature } = await texturesProperty(profile)
    return {
      id: profile.id,
      name: profile.name,
      properties: [signed ? { name: 'textures', value, signature } : { name: 'textures', value }],
      ...(layout === 'mojang' ? { profileActions: [] } : {}),
    }
  }

  const brief = (profile: Profile) => ({ id: profile.id, name: profile.name })
  const tokenOwner = (ctx: RequestContext) => {
    const record = store.byToken(field(ctx.body, 'accessToken'))
    return record ? (record.profile?.name ?? record.user.profiles[0]?.name ?? record.user.login) : null
  }
  const bearerOwner = (ctx: RequestContext) => store.byToken(ctx.bearer)?.profile?.name ?? null

  /** Mojang's `user`: {id, username, properties}; the spec's: {id, properties}. */
  function userBody(user: User, layout: Layout) {
    return layout === 'mojang' ? { id: user.id, username: user.login, properties: [] } : { id: user.id, properties: [] }
  }

  /** True when the login tried authenticate or signout within the window (the spec's per-user limit). */
  function rateLimited(login: string, now = Date.now()): boolean {
    if (options.rateLimitMs <= 0) return false
    const key = login.toLowerCase()
    const last = lastAttempt.get(key)
    lastAttempt.set(key, now)
    return last !== undefined && now - last < options.rateLimitMs
  }

  function bulk(ctx: RequestContext): Reply {
    if (!Array.isArray(ctx.body) || !ctx.body.every((n) => typeof n === 'string'))
      return illegalArgument('Expected a JSON array of profile names')
    // The spec answers an empty query with an empty list; Mojang refuses it.
    if (ctx.body.length === 0)
      return ctx.layout === 'injector' ? { status: 200, body: [] } : illegalArgument('profileName can not be null or empty.')
    // Mojang's own wording, typo included: clients match on it.
    if (ctx.body.length > 10) return illegalArgument('Not more that 10 profile name per call is allowed.')
    const found = (ctx.body as string[]).map((n) => store.get(n)).filter((p): p is Profile => p !== undefined)
    return { status: 200, body: [...new Set(found)].map(brief) }
  }

  function byName(ctx: RequestContext): Reply {
    const name = ctx.params.name ?? ''
    const profile = store.get(name)
    return profile ? { status: 200, body: brief(profile) } : notFoundByName(ctx.path, name)
  }

  async function sessionProfile(ctx: RequestContext): Promise<Reply> {
    const uuid = ctx.params.uuid ?? ''
    if (!isUuid(uuid)) return illegalArgument(`Not a valid UUID: ${uuid}`)
    const profile = store.getById(toUndashedUuid(uuid))
    return profile ? { status: 200, body: await fullProfile(profile, ctx.query.get('unsigned') === 'false', ctx.layout) } : { status: 204 }
  }

  function tokenReply(record: TokenRecord, ctx: RequestContext, withAvailable: boolean) {
    return {
      accessToken: record.accessToken,
      clientToken: record.clientToken,
      ...(withAvailable ? { availableProfiles: record.user.profiles.map(brief) } : {}),
      ...(record.profile ? { selectedProfile: brief(record.profile) } : {}),
      ...(field(ctx.body, 'requestUser') === true ? { user: userBody(record.user, ctx.layout) } : {}),
    }
  }

  /** A services (Bearer) call: a valid token, and a profile when the route is about one. */
  function servicesCaller(ctx: RequestContext): TokenRecord | undefined {
    return store.validToken(ctx.bearer)
  }

  function servicesProfile(record: TokenRecord): Profile | undefined {
    return record.profile ?? (record.user.profiles.length === 1 ? record.user.profiles[0] : undefined)
  }

  return [
    {
      name: 'metadata',
      method: 'GET',
      path: '/',
      fault: null,
      rootOnly: true,
      username: () => null,
      handle(ctx) {
        // authlib-injector only downloads textures from these domains (beside Mojang's own).
        const domains = new Set([new URL(options.publicUrl()).hostname, new URL(ctx.origin).hostname].map((h) => h.replace(/^\[|\]$/g, '')))
        return {
          status: 200,
          body: {
            meta: {
              serverName: options.serverName,
              implementationName: 'mc-login-harness mock session server',
              implementationVersion: options.implementationVersion,
              links: { homepage: `${ctx.origin}/`, register: `${ctx.origin}/` },
              'feature.non_email_login': true,
              'feature.no_mojang_namespace': true,
            },
            skinDomains: [...domains],
            signaturePublickey: key.publicKeyPem,
          },
        }
      },
    },
    // Mojang's path, and both readings of -Dminecraft.api.discovery.host=<root>/discovery (java-flags.ts).
    ...['/minecraft/client', '/discovery', '/discovery/minecraft/client'].map((path): RouteDef => ({
      name: 'discovery',
      method: 'GET',
      path,
      fault: null,
      rootOnly: true,
      username: () => null,
      handle: (ctx) => ({ status: 200, body: discoveryDocument(ctx.origin) }),
    })),
    {
      name: 'texture',
      method: 'GET',
      path: '/textures/:hash',
      fault: null,
      rootOnly: true,
      username: () => null,
      handle(ctx) {
        const png = store.image(ctx.params.hash ?? '')
        // The spec: a texture must be served as image/png (no MIME sniffing).
        return png ? { status: 200, raw: { contentType: 'image/png', data: png } } : NOT_FOUND
      },
    },
    {
      name: 'authenticate',
      method: 'POST',
      path: '/authenticate',
      fault: 'authenticate',
      username: (ctx) => str(field(ctx.body, 'username')),
      handle(ctx) {
        const login = String(field(ctx.body, 'username') ?? '')
        if (rateLimited(login)) return forbidden(INVALID_CREDENTIALS)
        const found = store.checkPassword(login, field(ctx.body, 'password'))
        if (!found) return forbidden(INVALID_CREDENTIALS)
        // Bound to the profile signed in by name, else to the only profile, else to none (the launcher picks).
        const selected = found.byName ?? (found.user.profiles.length === 1 ? found.user.profiles[0]! : null)
        const clientToken = str(field(ctx.body, 'clientToken')) ?? randomBytes(16).toString('hex')
        return { status: 200, body: tokenReply(store.issue(found.user, selected, clientToken), ctx, true) }
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
        // The spec's reference implementation, yushijinhun/yggdrasil-mock (Router.refresh and
        // exception/YggdrasilException, moe.yushi.yggdrasil_mock): a selectedProfile that names no
        // profile (unknown id, or a name that is not the id's) is 400 IllegalArgumentException
        // "No such profile.", checked before the token; then a token that already has a profile
        // is 400 "Access token already has a profile assigned."; then a profile of another user is
        // the spec's non-standard 403 ForbiddenOperationException ("Access denied.").
        const wanted = field(ctx.body, 'selectedProfile')
        let chosen: Profile | undefined
        if (wanted !== undefined && wanted !== null) {
          const id = str(field(wanted, 'id'))
          chosen = id && isUuid(id) ? store.getById(toUndashedUuid(id)) : undefined
          if (!chosen || chosen.name !== str(field(wanted, 'name'))) return illegalArgument('No such profile.')
        }
        // A stale token (signed in elsewhere since) may still be refreshed; an invalidated one not.
        const record = store.byToken(accessToken)
        const clientToken = str(field(ctx.body, 'clientToken'))
        if (!record || (clientToken !== null && clientToken !== record.clientToken)) return forbidden(INVALID_TOKEN)
        let profile = record.profile
        if (chosen) {
          if (record.profile) return illegalArgument('Access token already has a profile assigned.')
          profile = record.user.profiles.find((p) => p.id === chosen.id) ?? null
          if (!profile) return forbidden('Access denied.')
        }
        store.dropToken(accessToken as string)
        return { status: 200, body: tokenReply(store.issue(record.user, profile, record.clientToken), ctx, false) }
      },
    },
    {
      name: 'validate',
      method: 'POST',
      path: '/validate',
      fault: null,
      username: tokenOwner,
      handle(ctx) {
        const record = store.validToken(field(ctx.body, 'accessToken'))
        const clientToken = str(field(ctx.body, 'clientToken'))
        if (!record || (clientToken !== null && clientToken !== record.clientToken)) return forbidden(INVALID_TOKEN)
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
        // The spec: only accessToken counts, and the answer is 204 whatever happened.
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
        const login = String(field(ctx.body, 'username') ?? '')
        if (rateLimited(login)) return forbidden(INVALID_CREDENTIALS)
        const found = store.checkPassword(login, field(ctx.body, 'password'))
        if (!found) return forbidden(INVALID_CREDENTIALS)
        store.dropTokensOf(found.user)
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
        const record = store.validToken(field(ctx.body, 'accessToken'))
        const profileId = str(field(ctx.body, 'selectedProfile'))
        const serverId = field(ctx.body, 'serverId')
        // Mojang words it without the period; the spec with.
        const invalid = () => forbidden(ctx.layout === 'mojang' ? 'Invalid token' : INVALID_TOKEN)
        if (!record?.profile || !profileId || !isUuid(profileId) || toUndashedUuid(profileId) !== record.profile.id) return invalid()
        if (typeof serverId !== 'string') return illegalArgument('serverId can not be null')
        // The join request carries no ip: Mojang records the address it came from.
        store.recordJoin(record.profile, serverId, ctx.remoteIp)
        return { status: 204 }
      },
    },
    {
      name: 'hasJoined',
      method: 'GET',
      path: '/session/minecraft/hasJoined',
      fault: 'hasJoined',
      username: (ctx) => ctx.query.get('username'),
      async handle(ctx) {
        const username = ctx.query.get('username')
        const serverId = ctx.query.get('serverId')
        if (username === null || serverId === null) return { status: 204 }
        const profile = store.findJoin(username, serverId, ctx.query.get('ip') ?? undefined)
        return profile ? { status: 200, body: await fullProfile(profile, true, ctx.layout) } : { status: 204 }
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
    {
      name: 'profileByName',
      method: 'GET',
      path: '/users/profiles/minecraft/:name',
      fault: 'profile',
      username: (ctx) => ctx.params.name ?? null,
      handle: byName,
    },
    {
      name: 'profileLookupByName',
      method: 'GET',
      path: '/minecraft/profile/lookup/name/:name',
      fault: 'profile',
      username: (ctx) => ctx.params.name ?? null,
      handle: byName,
    },
    {
      name: 'profileLookupById',
      method: 'GET',
      path: '/minecraft/profile/lookup/:uuid',
      fault: 'profile',
      username: (ctx) => (isUuid(ctx.params.uuid ?? '') ? (store.getById(ctx.params.uuid!)?.name ?? null) : null),
      handle(ctx) {
        const uuid = ctx.params.uuid ?? ''
        const profile = isUuid(uuid) ? store.getById(uuid) : undefined
        return profile
          ? { status: 200, body: brief(profile) }
          : { status: 404, body: { path: ctx.path, errorMessage: `Couldn't find any profile with id ${uuid}` } }
      },
    },
    { name: 'profilesByNames', method: 'POST', path: '/profiles/minecraft', fault: 'profile', username: () => null, handle: bulk },
    {
      name: 'profilesByNames',
      method: 'POST',
      path: '/minecraft/profile/lookup/bulk/byname',
      fault: 'profile',
      username: () => null,
      handle: bulk,
    },
    {
      name: 'minecraftProfile',
      method: 'GET',
      path: '/minecraft/profile',
      fault: 'profile',
      username: bearerOwner,
      handle(ctx) {
        const record = servicesCaller(ctx)
        if (!record) return servicesUnauthorized(ctx.path)
        const profile = servicesProfile(record)
        if (!profile) return servicesNotFound(ctx.path)
        const skins = profile.skin
          ? [
              {
                id: profile.skin.hash.slice(0, 32),
                state: 'ACTIVE',
                url: textureUrl(profile.skin.hash),
                textureKey: profile.skin.hash,
                variant: profile.skin.model === 'slim' ? 'SLIM' : 'CLASSIC',
              },
            ]
          : []
        const capes = profile.cape
          ? [{ id: profile.cape.hash.slice(0, 32), state: 'ACTIVE', url: textureUrl(profile.cape.hash), alias: 'Mock' }]
          : []
        return { status: 200, body: { id: profile.id, name: profile.name, skins, capes, profileActions: {} } }
      },
    },
    {
      name: 'entitlements',
      method: 'GET',
      path: '/entitlements/mcstore',
      fault: 'profile',
      username: bearerOwner,
      handle(ctx) {
        const record = servicesCaller(ctx)
        if (!record) return servicesUnauthorized(ctx.path)
        return { status: 200, body: entitlements(key, record.user.id) }
      },
    },
    {
      name: 'certificates',
      method: 'POST',
      path: '/player/certificates',
      fault: 'certificates',
      username: bearerOwner,
      async handle(ctx) {
        const record = servicesCaller(ctx)
        if (!record) return servicesUnauthorized(ctx.path)
        const profile = servicesProfile(record)
        if (!profile) return servicesNotFound(ctx.path)
        // An account set to have no key: the harness's choice of answer (what Mojang answers an
        // account it refuses a key is not documented anywhere this project could read).
        if (profile.certificate === 'none') return servicesNotFound(ctx.path)
        // Mojang hands out the same key pair until refreshedAfter; so does the mock (per mode, so
        // switching an account's mode takes effect at once).
        const cacheKey = `${profile.id}:${profile.certificate}`
        let certificate = certificates.get(cacheKey)
        const now = Date.now()
        if (!certificate || Date.parse(certificate.refreshedAfter) <= now) {
          certificate =
            profile.certificate === 'expired'
              ? // Issued 48 h and a minute ago: expired a minute ago, signatures intact.
                await issuePlayerCertificate(key, profile.id, now - CERT_LIFETIME_MS - 60_000)
              : await issuePlayerCertificate(profile.certificate === 'badSignature' ? await unpublishedKey() : key, profile.id, now)
          certificates.set(cacheKey, certificate)
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
      // authlib's YggdrasilServicesKeyInfo reads both arrays of `{publicKey: base64 DER}`;
      // authlib-injector serves its one signing key in both too (its wiki, "签名密钥对").
      handle: () => ({
        status: 200,
        body: { profilePropertyKeys: [{ publicKey: key.publicKeyBase64 }], playerCertificateKeys: [{ publicKey: key.publicKeyBase64 }] },
      }),
    },
  ]
}
