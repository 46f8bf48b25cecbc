import { sessionCall, SessionCallError, type SessionAnswer } from '../session-http.ts'

/**
 * The server's half of online-mode authentication: `GET hasJoined`, read with authlib's semantics
 * (the table in harness/server/README.md): a profile joins; "not joined" (204, empty, any 4xx) is an unverified
 * username; anything that looks like an outage (5xx, refused, reset, timeout, garbage) is
 * "authentication servers down".
 */
export interface JoinedProfile {
  /** 32 hex digits as the session server sent them. */
  id: string
  name: string
  properties: Array<{ name: string; value: string; signature?: string }>
}

export type HasJoinedResult =
  { kind: 'joined'; profile: JoinedProfile } | { kind: 'unverified'; detail: string } | { kind: 'down'; detail: string }

export interface HasJoinedRequest {
  sessionServer: string
  username: string
  serverIdHash: string
  /** Sent only with prevent-proxy-connections, as vanilla does. */
  ip?: string
  timeoutMs: number
  /** Aborted when the server stops, so no request outlives it. */
  signal?: AbortSignal
}

export function hasJoinedUrl(req: Omit<HasJoinedRequest, 'timeoutMs'>): string {
  const base = req.sessionServer.replace(/\/+$/, '')
  const query = new URLSearchParams({ username: req.username, serverId: req.serverIdHash })
  if (req.ip !== undefined) query.set('ip', req.ip)
  return `${base}/session/minecraft/hasJoined?${query.toString()}`
}

export async function hasJoined(req: HasJoinedRequest): Promise<HasJoinedResult> {
  let response: SessionAnswer
  try {
    response = await sessionCall({
      url: hasJoinedUrl(req),
      headers: { accept: 'application/json' },
      timeoutMs: req.timeoutMs,
      signal: req.signal,
    })
  } catch (error) {
    return { kind: 'down', detail: describeCallError(error, req.timeoutMs) }
  }
  const body = response.body
  if (response.status >= 500) return { kind: 'down', detail: `hasJoined answered ${response.status}` }
  if (response.status >= 400 || response.status === 204) {
    return { kind: 'unverified', detail: `hasJoined answered ${response.status}` }
  }
  if (response.status !== 200) return { kind: 'down', detail: `hasJoined answered unexpected ${response.status}` }
  if (body.trim() === '') return { kind: 'unverified', detail: 'hasJoined answered 200 with an empty body' }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return { kind: 'down', detail: 'hasJoined answered 200 with a body that is not JSON' }
  }
  const profile = parsed as Partial<JoinedProfile> | null
  if (
    !profile ||
    typeof profile !== 'object' ||
    typeof profile.id !== 'string' ||
    !/^[0-9a-fA-F]{32}$/.test(profile.id.replace(/-/g, ''))
  ) {
    // authlib treats a profile without an id as "not joined".
    return { kind: 'unverified', detail: 'hasJoined answered 200 without a profile id' }
  }
  return {
    kind: 'joined',
    profile: {
      id: profile.id.replace(/-/g, '').toLowerCase(),
      name: typeof profile.name === 'string' ? profile.name : req.username,
      properties: Array.isArray(profile.properties) ? profile.properties.filter(isProperty) : [],
    },
  }
}

function isProperty(p: unknown): p is JoinedProfile['properties'][number] {
  const o = p as Record<string, unknown>
  return !!o && typeof o.name === 'string' && typeof o.value === 'string' && (o.signature === undefined || typeof o.signature === 'string')
}

function describeCallError(error: unknown, timeoutMs: number): string {
  if (error instanceof SessionCallError && error.reason !== 'network') return `hasJoined did not answer within ${timeoutMs} ms`
  const e = error as { code?: string; message?: string }
  return `hasJoined failed: ${e?.code ?? e?.message ?? String(error)}`
}
