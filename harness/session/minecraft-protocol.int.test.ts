import { Agent as HttpsAgent } from 'node:https'
import { connect, type Server as NetServer, type Socket } from 'node:net'
import { once, type EventEmitter } from 'node:events'
import mc from 'minecraft-protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toDashedUuid } from '../uuid.ts'
import { MockSessionServer, type StartedMockSessionServer } from './mock-session-server.ts'

/**
 * A stock minecraft-protocol server calls https://sessionserver.mojang.com with no option to change
 * it; this agent hands it a plain TCP socket to the mock instead, so the request never leaves
 * loopback and travels as plain HTTP.
 */
class ToMock extends HttpsAgent {
  constructor(private readonly port: number) {
    super({ keepAlive: false })
  }
  override createConnection(): Socket {
    return connect(this.port, '127.0.0.1')
  }
}

/** `promise`, or a rejection after `ms`; the timer never outlives the wait. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))),
    ])
  } finally {
    clearTimeout(timer)
  }
}

let mock: StartedMockSessionServer
let server: ReturnType<typeof mc.createServer>
let serverPort: number

beforeAll(async () => {
  mock = await new MockSessionServer().withAccount({ name: 'Alice', password: 'pw' }).start()
  server = mc.createServer({
    'online-mode': true,
    host: '127.0.0.1',
    port: 0,
    version: '1.8.8',
    agent: new ToMock(mock.getPort()),
    motd: 'mock',
  } as mc.ServerOptions)
  await once(server, 'listening')
  serverPort = ((server as unknown as { socketServer: NetServer }).socketServer.address() as { port: number }).port
})
afterAll(async () => {
  server?.close()
  await mock?.stop()
})

/** minecraft-protocol's own client, logging Alice in through the mock as a launcher would. */
function aliceClient() {
  return mc.createClient({
    host: '127.0.0.1',
    port: serverPort,
    version: '1.8.8',
    username: 'Alice',
    password: 'pw',
    auth: 'mojang',
    authServer: mock.getUrl(),
    sessionServer: mock.getUrl(),
    profilesFolder: false,
  } as mc.ClientOptions)
}

describe("minecraft-protocol's own client against the mock", () => {
  it('authenticates, joins and is found by hasJoined: a premium login with the mock UUID', async () => {
    await mock.clearJournal()
    const loggedIn = new Promise<{ uuid: string; username: string }>((resolve) => {
      server.once('login', (client) => resolve({ uuid: client.uuid, username: client.username }))
    })
    const client = aliceClient()
    const errors: Error[] = []
    ;(client as unknown as EventEmitter).on('error', (error: Error) => errors.push(error))
    try {
      const player = await within(loggedIn, 20_000, 'login')
      expect(player).toEqual({ uuid: toDashedUuid(mock.getAccount('Alice')!.id), username: 'Alice' })
      expect(errors).toEqual([])
      const routes = (await mock.journal()).map((e) => [e.route, e.status, e.username])
      expect(routes).toEqual([
        ['authenticate', 200, 'Alice'],
        ['join', 204, 'Alice'],
        ['hasJoined', 200, 'Alice'],
      ])
    } finally {
      client.end('test over')
    }
  })

  it("reports the mock's join failure the way a real client sees Mojang's", async () => {
    await mock.use({ route: 'join', mode: 'status', status: 403, times: 1 })
    const client = aliceClient()
    const error = new Promise<Error>((resolve) => (client as unknown as EventEmitter).once('error', resolve))
    try {
      expect((await within(error, 20_000, 'client error')).message).toContain('Invalid token')
    } finally {
      client.end('test over')
      await mock.resetFaults()
    }
  })
})
