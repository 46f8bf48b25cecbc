/**
 * Library errors speak the library's words (the method), the CLI its own (the flag): a vitest
 * user who never typed a flag is not told to pass one.
 */
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { runMain } from '../../test/support/in-process-cli.ts'
import { EmbeddedMinecraftServer } from './embedded-server.ts'

async function occupiedPort(): Promise<{ port: number; [Symbol.asyncDispose](): Promise<void> }> {
  const blocker = net.createServer()
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject)
    blocker.listen(0, '127.0.0.1', () => resolve())
  })
  return {
    port: (blocker.address() as net.AddressInfo).port,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => blocker.close(() => resolve())),
  }
}

describe('errors name the method in the library and the flag on the command line', () => {
  it('a port in use: withPort() from the library, --port from `server`', async () => {
    await using taken = await occupiedPort()
    const library = await new EmbeddedMinecraftServer()
      .withAuth('cracked')
      .withPort(taken.port)
      .start()
      .then(
        async (server) => {
          await server.stop()
          return 'started'
        },
        (error: Error) => error.message,
      )
    expect(library).toBe(`port ${taken.port} on 127.0.0.1 is already in use; pass another port to withPort(), or 0 for any free one`)
    const cli = await runMain(['server', '--auth', 'cracked', '--port', String(taken.port)])
    expect(cli.code).toBe(2)
    expect(cli.stderr).toContain(`--port ${taken.port}: port ${taken.port} is already in use; pick another --port, or 0 for any free one`)
  })

  it('a premium server without a session server: withSessionServer(), no flag', async () => {
    await expect(new EmbeddedMinecraftServer().withAuth('premium').start()).rejects.toThrow(
      /^a premium \(online-mode\) server needs a session server: call withSessionServer\(url\)[^-]*$/,
    )
  })
})
