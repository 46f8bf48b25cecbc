import type { Command } from 'commander'
import { HarnessInputError } from '../../errors.ts'
import type { CliContext } from '../context.ts'
import { MockSessionServer } from '../../session/index.ts'
import { isLoopback } from '../../session/mock-session-server.ts'
import type { AccountSpec } from '../../session/types.ts'

function port(flag: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!/^\d+$/.test(value) || n > 65535)
      throw new HarnessInputError(`${flag} must be a port number 0-65535 (0 picks a free one), got ${JSON.stringify(value)}`)
    return n
  }
}

function account(value: string, previous: AccountSpec[]): AccountSpec[] {
  const colon = value.indexOf(':')
  const name = colon < 0 ? value : value.slice(0, colon)
  const password = colon < 0 ? undefined : value.slice(colon + 1)
  if (!/^[A-Za-z0-9_]{1,16}$/.test(name))
    throw new HarnessInputError(
      `--account ${JSON.stringify(value)}: the name must be 1-16 characters of A-Z, a-z, 0-9 and _ (form NAME or NAME:PASSWORD)`,
    )
  if (password === '')
    throw new HarnessInputError(`--account ${JSON.stringify(value)}: the password after ":" is empty; give one or leave out the ":"`)
  return [...previous, password === undefined ? { name } : { name, password }]
}

interface Options {
  host: string
  port: number
  adminHost: string
  adminToken?: string
  adminPort: number
  account: AccountSpec[]
}

export function registerSessionServerCommand(program: Command, context: CliContext): void {
  program
    .command('session-server')
    .description('Run the mock Mojang session server (Yggdrasil, session and services routes, faults, journal, admin API) until Ctrl-C')
    .option('--host <host>', 'address to bind (loopback unless told otherwise)', '127.0.0.1')
    .option('--port <port>', 'session port (0 = any free port)', port('--port'), 0)
    .option('--admin-port <port>', 'admin API port (0 = any free port)', port('--admin-port'), 0)
    .option(
      '--admin-host <host>',
      'address of the admin API; loopback unless asked (--host does not move it). Anywhere else it requires a bearer token',
      '127.0.0.1',
    )
    .option(
      '--admin-token <token>',
      'bearer token for the admin API (at least 16 characters); default: generated and printed once when --admin-host is not loopback',
    )
    .option('--account <name[:password]>', 'create a premium account at start (repeatable)', account, [])
    .addHelpText(
      'after',
      '\nAdmin API (on the admin port; with a token, send "Authorization: Bearer <token>"): POST /__harness/accounts, POST /__harness/accounts/<name>/revoke,\n' +
        'POST|DELETE /__harness/faults, GET|DELETE /__harness/journal, POST /__harness/reset. Stops on SIGINT/SIGTERM.',
    )
    .action(async (options: Options) => {
      let builder = new MockSessionServer()
        .withHost(options.host)
        .withPort(options.port)
        .withAdminHost(options.adminHost)
        .withAdminPort(options.adminPort)
      if (options.adminToken !== undefined) builder = builder.withAdminToken(options.adminToken)
      for (const spec of options.account) builder = builder.withAccount(spec)
      // Runs until SIGINT/SIGTERM, which dispose this scope through the process's root scope.
      const scope = context.scope.child({ name: 'session-server command' })
      let mock
      try {
        mock = scope.use(await builder.start())
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
          throw new HarnessInputError(
            `cannot listen on ${options.host} (port ${options.port}) / ${options.adminHost} (admin port ${options.adminPort}): ${code}; pick another --host/--port/--admin-host/--admin-port (0 = any free port)`,
          )
        }
        throw error
      }
      const lines = [`session ${mock.getUrl()}`, `admin ${mock.getAdminUrl()}`, mock.javaFlags().join(' ')]
      const token = mock.getAdminToken()
      // Printed this once: the admin API answers 401 without it.
      if (token !== undefined) lines.push(`admin-token ${token}`)
      if (!isLoopback(options.host)) {
        context.err(
          `note: the session routes listen on ${options.host}, reachable from other machines; the admin API stays on ${options.adminHost}${token !== undefined ? ' and needs the admin-token' : ''}\n`,
        )
      }
      for (const spec of options.account) {
        const issued = mock.getAccount(spec.name)!
        lines.push(`account ${issued.name} ${issued.id} ${issued.accessToken}`)
      }
      context.out(`${lines.join('\n')}\n`)
      // The listening ports keep the process alive.
    })
}
