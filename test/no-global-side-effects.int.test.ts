/**
 * Using the library changes nothing global a consumer relies on: after a vitest-fixture
 * style run (mock session server, premium and cracked embedded servers, bots) and a storm (workers
 * in their own threads), a stock minecraft-protocol client still gets minecraft-protocol's own
 * frame splitter, `require('minecraft-data')` is still minecraft-data's own export, protodef's
 * compiler still adds a protocol's every type, its interpreter still builds each type anew, and that stock client logs in to the embedded server.
 */
import { createRequire } from 'node:module'
import { runStorm } from 'mc-login-harness'
import { expect, test } from 'mc-login-harness/vitest'

const require = createRequire(import.meta.url)
const mc = require('minecraft-protocol') as { createClient(options: Record<string, unknown>): StockClient }
const framing = require('minecraft-protocol/src/transforms/framing.js') as { createSplitter(): object }
const protodefInterpreter = (require('protodef') as { ProtoDef: { prototype: { addType: unknown } } }).ProtoDef
const protodefCompiler = (require('protodef') as { Compiler: { ProtoDefCompiler: { prototype: { addProtocol: unknown } } } }).Compiler
  .ProtoDefCompiler

interface StockClient {
  splitter: { _transform: unknown }
  on(event: string, listener: (...args: any[]) => void): void
  once(event: string, listener: (...args: any[]) => void): void
  end(reason?: string): void
}

function snapshot() {
  const splitterProto = Object.getPrototypeOf(framing.createSplitter()) as { _transform: unknown }
  return {
    minecraftData: require('minecraft-data') as unknown,
    splitterProto,
    transform: splitterProto._transform,
    createClient: mc.createClient,
    addProtocol: protodefCompiler.prototype.addProtocol,
    addType: protodefInterpreter.prototype.addType,
  }
}

/** A stock client's login to the embedded server: resolves on 'login' (the play state), rejects on a kick, error or timeout. */
function stockLogin(host: string, port: number, version: string): Promise<StockClient> {
  const client = mc.createClient({ host, port, version, username: 'StockClient', auth: 'offline', hideErrors: true })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stock client: no login within 20 s')), 20_000)
    const fail = (why: unknown) => {
      clearTimeout(timer)
      client.end()
      reject(new Error(`stock client: ${typeof why === 'string' ? why : (JSON.stringify(why) ?? String(why))}`))
    }
    client.once('login', () => {
      clearTimeout(timer)
      resolve(client)
    })
    client.once('kick_disconnect', (packet) => fail(packet))
    client.once('disconnect', (packet) => fail(packet))
    client.once('error', (error: Error) => fail(error.message))
  })
}

const before = snapshot()

test('using the harness leaves a stock minecraft-protocol client and minecraft-data as they were', async ({
  premiumServer,
  crackedServer,
  login,
}) => {
  expect(await login(premiumServer, { premium: 'Alex' })).toHaveJoined()
  expect(await login(crackedServer, { cracked: 'Steve' })).toHaveJoined()
  const storm = await runStorm({ n: 4, concurrency: 2, workers: 1 })
  expect(storm.ok).toBe(4)

  const after = snapshot()
  expect(after.minecraftData).toBe(before.minecraftData)
  expect(after.splitterProto).toBe(before.splitterProto)
  expect(after.transform).toBe(before.transform)
  expect(after.createClient).toBe(before.createClient)
  expect(after.addProtocol).toBe(before.addProtocol)
  expect(after.addType).toBe(before.addType)

  const client = await stockLogin(crackedServer.getHost(), crackedServer.getPort(), crackedServer.getVersion())
  try {
    // The consumer's client got minecraft-protocol's own splitter, unpatched.
    expect(Object.getPrototypeOf(client.splitter)).toBe(before.splitterProto)
    expect(client.splitter._transform).toBe(before.transform)
  } finally {
    client.end()
  }
})
