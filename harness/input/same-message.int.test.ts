/**
 * One rule, one message: the same bad fault or step is refused by the scenario loader, the mock's
 * admin API (HTTP 400), the in-process and remote `use()` and `attemptLogin`, with the same words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attemptLogin } from '../bot/login-attempt.ts'
import { HarnessInputError } from '../errors.ts'
import { validateScenario } from '../scenario/load.ts'
import { EmbeddedMinecraftServer } from '../server/embedded-server.ts'
import { MockSessionServer, type StartedMockSessionServer } from '../session/mock-session-server.ts'
import { RemoteSessionServer } from '../session/remote-session-server.ts'
import { http } from '../session/test-clients.ts'
import type { FaultSpec } from './index.ts'

let mock: StartedMockSessionServer
beforeAll(async () => {
  mock = await new MockSessionServer().start()
})
afterAll(async () => {
  await mock?.stop()
})

const scenarioWith = (fault: unknown) => ({
  name: 'fault',
  server: { auth: 'premium' },
  session: { faults: [fault] },
  bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'success' }],
})

describe('a bad fault gets the same field and message everywhere', () => {
  it.each([
    [{ route: 'hasJoined', mode: 'status' }, 'status', 'status is required with mode "status" (204 or 400-599)'],
    [
      { route: 'hasJoined', mode: 'status', status: 302 },
      'status',
      'status 302 is a redirect, which the mock cannot answer meaningfully (Mojang never redirects these routes and authlib would not follow); use 204 or 400-599',
    ],
    [
      { route: 'hasJoined', mode: 'status', status: 200 },
      'status',
      'status 200 is a healthy answer, not a fault; leave the fault out, or use 204 or 400-599',
    ],
    [
      { route: 'session', mode: 'hang' },
      'route',
      'route must be one of join, hasJoined, authenticate, profile, certificates, * (got "session")',
    ],
    [
      { route: 'join', mode: 'hang', tims: 2 },
      '(body)',
      'unknown field "tims" (did you mean "times"?); allowed: route, mode, status, delayMs, times, username',
    ],
  ])('%j: %s', async (fault, field, message) => {
    const line = field === '(body)' ? `: ${message}` : ` › ${field}: ${message}`

    expect(() => validateScenario(scenarioWith(fault), 'x.ts', 'x.ts')).toThrow(
      `x.ts (scenario "fault") › session.faults[0]${field === '(body)' ? '' : `.${field}`}: ${message}`,
    )

    const answer = await http('POST', `${mock.getAdminUrl()}/__harness/faults`, { body: fault })
    expect(answer.status).toBe(400)
    expect(answer.json()).toEqual({ error: 'BadRequest', field, message })

    const inProcess = await mock.use(fault as FaultSpec).catch((e: unknown) => e)
    expect(inProcess).toBeInstanceOf(HarnessInputError)
    expect((inProcess as Error).message).toBe(`mock session server fault${line}`)

    const remote = new RemoteSessionServer({ url: mock.getUrl(), adminUrl: mock.getAdminUrl() })
    await expect(remote.use(fault as FaultSpec)).rejects.toThrow(`${field}: ${message}`)
  })

  it('accepts what the mock can answer: 204, 4xx and 5xx, and a status after a delay', async () => {
    for (const status of [204, 400, 403, 429, 500, 503, 599])
      expect(await mock.use({ route: 'hasJoined', mode: 'status', status, times: 1 })).toMatch(/^fault-/)
    expect(await mock.use({ route: 'profile', mode: 'delay', delayMs: 1, status: 503, times: 1 })).toMatch(/^fault-/)
    await mock.resetFaults()
  })
})

describe('a step pattern that does not compile', () => {
  const message = '"(" is not a valid regular expression (Invalid regular expression: /(/: Unterminated group)'

  it('is refused by the scenario loader and by attemptLogin (before connecting) with the same words', async () => {
    const scenario = {
      name: 'steps',
      server: { auth: 'cracked' },
      bots: [{ account: { kind: 'cracked', name: 'Steve' }, steps: [{ do: 'waitForChat', pattern: '(' }], expect: 'success' }],
    }
    expect(() => validateScenario(scenario, 'x.ts', 'x.ts')).toThrow(`x.ts (scenario "steps") › bots[0].steps[0].pattern: ${message}`)
    // Port 1 is never dialled: the steps are checked first.
    const error = await attemptLogin({
      host: '127.0.0.1',
      port: 1,
      version: '1.20.4',
      account: { kind: 'cracked', name: 'Steve' },
      steps: [{ do: 'waitForChat', pattern: '(' }],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HarnessInputError)
    expect((error as Error).message).toContain(`bot Steve steps › [0].pattern: ${message}`)
  })
})

describe('a guard timeout out of range', () => {
  const message = "must be a whole number of milliseconds from 0 (never kick, as AuthMe's timeout: 0) to 600000; AuthMe's default is 30000"

  it('is refused by the scenario loader and withGuard() with the same words; 0 (never kick) is accepted by both', () => {
    const scenario = (timeoutMs: number) => ({
      name: 'guard',
      server: { auth: 'guarded', guard: { kind: 'authme', timeoutMs } },
      bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],
    })
    expect(() => validateScenario(scenario(-1), 'x.ts', 'x.ts')).toThrow(`x.ts (scenario "guard") › server.guard.timeoutMs: ${message}`)
    expect(() => new EmbeddedMinecraftServer().withGuard({ kind: 'authme', timeoutMs: -1 })).toThrow(`guard › timeoutMs: ${message}`)
    expect(validateScenario(scenario(0), 'x.ts', 'x.ts').server.guard?.timeoutMs).toBe(0)
    expect(() => new EmbeddedMinecraftServer().withGuard({ kind: 'authme', timeoutMs: 0 })).not.toThrow()
  })
})

describe('a negative max players', () => {
  it('is refused by the scenario loader and withProperties() with the same words', () => {
    const message = 'must be a whole number of players >= 0'
    const scenario = {
      name: 'props',
      server: { auth: 'cracked', properties: { maxPlayers: -1 } },
      bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],
    }
    expect(() => validateScenario(scenario, 'x.ts', 'x.ts')).toThrow(`x.ts (scenario "props") › server.properties.maxPlayers: ${message}`)
    expect(() => new EmbeddedMinecraftServer().withProperties({ maxPlayers: -1 })).toThrow(`properties › maxPlayers: ${message}`)
    // The port is the harness's to choose in a scenario, not in the API.
    expect(() => validateScenario({ ...scenario, server: { auth: 'cracked', properties: { serverPort: 25565 } } }, 'x.ts', 'x.ts')).toThrow(
      /unknown field "serverPort"/,
    )
  })
})
