/**
 * Drives a mock session server through its admin API over HTTP: the same control surface as the
 * in-process mock, for a mock that runs in another process or a container.
 */
import { HarnessInputError } from '../errors.ts'
import { javaFlagsFor } from './java-flags.ts'
import type { AccountSpec, FaultSpec, IssuedAccount, IssuedUser, JournalEntry, SessionServerControl, UserSpec } from './types.ts'

export interface RemoteSessionServerOptions {
  /** Session base URL as clients on this host reach it. */
  url: string
  /** Admin base URL (without `/__harness`). */
  adminUrl: string
  /** Session base URL as the game server reaches it; defaults to `url`. */
  serverFacingUrl?: string
  /** Per admin request; default 5000 ms. */
  timeoutMs?: number
  /** The admin API's bearer token, when it has one (a mock whose admin API is not on loopback). */
  adminToken?: string
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

export class RemoteSessionServer implements SessionServerControl {
  private readonly url: string
  private readonly adminUrl: string
  private readonly serverFacingUrl: string
  private readonly timeoutMs: number
  private readonly adminToken: string | undefined

  constructor(options: RemoteSessionServerOptions) {
    for (const key of ['url', 'adminUrl'] as const) {
      const protocol = URL.canParse(options[key]) ? new URL(options[key]).protocol : ''
      if (protocol !== 'http:' && protocol !== 'https:') {
        throw new HarnessInputError(
          `RemoteSessionServer ${key} must be an absolute http(s) URL like http://127.0.0.1:41234, got ${JSON.stringify(options[key])}`,
        )
      }
    }
    this.url = trimSlash(options.url)
    this.adminUrl = trimSlash(options.adminUrl)
    this.serverFacingUrl = trimSlash(options.serverFacingUrl ?? options.url)
    this.timeoutMs = options.timeoutMs ?? 5000
    this.adminToken = options.adminToken
  }

  getUrl(): string {
    return this.url
  }

  getServerFacingUrl(): string {
    return this.serverFacingUrl
  }

  getAdminUrl(): string {
    return this.adminUrl
  }

  javaFlags(url = this.serverFacingUrl): string[] {
    return javaFlagsFor(url)
  }

  async createAccount(spec: AccountSpec): Promise<IssuedAccount> {
    return (await this.call('POST', '/accounts', spec)) as IssuedAccount
  }

  async createUser(spec: UserSpec): Promise<IssuedUser> {
    return (await this.call('POST', '/users', spec)) as IssuedUser
  }

  async revoke(name: string): Promise<void> {
    await this.call('POST', `/accounts/${encodeURIComponent(name)}/revoke`)
  }

  async use(fault: FaultSpec): Promise<string> {
    return ((await this.call('POST', '/faults', fault)) as { id: string }).id
  }

  async resetFaults(): Promise<void> {
    await this.call('DELETE', '/faults')
  }

  async journal(): Promise<JournalEntry[]> {
    return (await this.call('GET', '/journal')) as JournalEntry[]
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset')
  }

  async clearJournal(): Promise<void> {
    await this.call('DELETE', '/journal')
  }

  /** Only forgets the mock: whoever started its process or container stops it. */
  async stop(): Promise<void> {}

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const target = `${this.adminUrl}/__harness${path}`
    let response: Response
    try {
      const headers: Record<string, string> = {}
      if (body !== undefined) headers['content-type'] = 'application/json'
      if (this.adminToken !== undefined) headers.authorization = `Bearer ${this.adminToken}`
      response = await fetch(target, {
        method,
        signal: AbortSignal.timeout(this.timeoutMs),
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch (error) {
      const cause =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs} ms`
          : String((error as Error).cause ?? error)
      throw new Error(`mock session server admin ${method} ${target} failed: ${cause}`, { cause: error })
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      throw new Error(`mock session server admin ${method} ${target} broke off its answer: ${String((error as Error).cause ?? error)}`, {
        cause: error,
      })
    }
    let json: unknown
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      throw new Error(
        `mock session server admin ${method} ${target} answered ${response.status} with a body that is not JSON (is ${this.adminUrl} the admin port?): ${text.slice(0, 200)}`,
      )
    }
    if (response.ok) return json
    const message = (json as { message?: string } | undefined)?.message ?? text
    const field = (json as { field?: string } | undefined)?.field
    // The mock rejects bad input with 400/404/409 and says why: that is the caller's input.
    if (response.status === 400 || response.status === 404 || response.status === 409) {
      throw new HarnessInputError(`mock session server rejected ${method} ${path}: ${field ? `${field}: ` : ''}${message}`)
    }
    throw new Error(`mock session server admin ${method} ${target} answered ${response.status}: ${message}`)
  }
}
