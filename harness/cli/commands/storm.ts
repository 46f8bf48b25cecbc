import { Option, type Command } from 'commander'
import { HarnessInputError } from '../../errors.ts'
import { IN_PROCESS_LEFTOVER_ADVICE } from '../../backends/backend.ts'
import type { CliContext } from '../context.ts'
import { outWithPartialReport, writeOut } from '../../report/output.ts'
import { RemoteSessionServer } from '../../session/remote-session-server.ts'
import { stormTable } from '../../report/storm.ts'
import { stormToHtml } from '../../report/html/index.ts'
import { runStorm } from '../../storm/run-storm.ts'
import type { StormOptions } from '../../storm/types.ts'
import { integerOption } from '../options.ts'
import { parseShard, type Shard } from '../../scenario/shard.ts'
import { stormShareOf } from '../../storm/merge.ts'

interface Flags {
  auth: 'cracked' | 'premium'
  n: number
  concurrency: number
  rampPerSec?: number
  client: 'light' | 'bot'
  workers: number
  version: string
  slowSessionMs?: number
  slowForMs?: number
  host?: string
  port?: number
  sessionServer?: string
  sessionAdmin?: string
  timeBoundMs: number
  maxFailures: number
  reporter: 'table' | 'json' | 'html'
  out?: string
  shard?: string
}

export function registerStormCommand(program: Command, context: CliContext): void {
  program
    .command('storm')
    .description('fire N concurrent logins at a server ("everyone reconnects after an outage") and report throughput, latency and outcomes')
    .addOption(
      new Option('--auth <kind>', "account kind (and, for the storm's own server, its auth mode)")
        .choices(['cracked', 'premium'])
        .default('cracked'),
    )
    .option('--n <count>', 'logins to fire', integerOption('--n', 1, 100_000), 200)
    .option('--concurrency <n>', 'logins in flight at once', integerOption('--concurrency', 1, 10_000), 50)
    .option('--ramp-per-sec <rate>', 'start at most this many logins per second', integerOption('--ramp-per-sec', 1, 1_000_000))
    .addOption(
      new Option('--client <kind>', 'light: bare protocol clients (joined at the first play packet); bot: mineflayer bots to spawn')
        .choices(['light', 'bot'])
        .default('light'),
    )
    .option('--workers <n>', 'client threads (0 = in the main thread with the server)', integerOption('--workers', 0, 16), 1)
    .option('--version <version>', "Minecraft version of the storm's own server (or of --host/--port's server)", 'latest')
    .option(
      '--slow-session-ms <ms>',
      'the session server answers every request this much late ...',
      integerOption('--slow-session-ms', 1, 120_000),
    )
    .option('--slow-for-ms <ms>', '... for this long after the storm starts, then recovers', integerOption('--slow-for-ms', 1, 3_600_000))
    .option('--host <host>', 'storm an existing server on this loopback host instead of starting one (with --port)')
    .option('--port <port>', 'port of the existing server', integerOption('--port', 1, 65535))
    .option('--session-server <url>', 'with --host/--port and premium: the mock session server the target asks (its session URL) ...')
    .option('--session-admin <url>', '... and its admin URL, where the storm issues the premium accounts')
    .option(
      '--time-bound-ms <ms>',
      'no login starts after this, and those in flight are cut at it',
      integerOption('--time-bound-ms', 100, 3_600_000),
      120_000,
    )
    .option('--max-failures <n>', 'failures still counted as a pass (exit code 0)', integerOption('--max-failures', 0, 100_000), 0)
    .addOption(new Option('--reporter <name>', 'report format').choices(['table', 'json', 'html']).default('table'))
    .option('--out <file>', 'write the report to a file (the table still prints)')
    .option(
      '--shard <i/n>',
      "fire shard i of n of the storm: its share of --n, --concurrency and --ramp-per-sec, with names of its own; merge the shards' --reporter json files with mergeStormReports()",
    )
    .action(async (flags: Flags) => {
      context.exitCode = await storm(flags, context)
    })
}

export function stormOptionsFromFlags(flags: Flags): StormOptions {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard)
  const share = (value: number, flag: string) => {
    if (!shard) return value
    const part = stormShareOf(value, shard.index, shard.total)
    if (part < 1)
      throw new HarnessInputError(
        `${flag} ${value} split ${shard.total} ways leaves shard ${shard.index}/${shard.total} none; give ${flag} of at least ${shard.total}, or fewer shards`,
      )
    return part
  }
  const options: StormOptions = {
    n: share(flags.n, '--n'),
    concurrency: share(flags.concurrency, '--concurrency'),
    rampPerSec: flags.rampPerSec === undefined ? undefined : share(flags.rampPerSec, '--ramp-per-sec'),
    // Names of its own: shards storming one server must not kick each other's players.
    ...(shard && shard.total > 1 ? { namePrefix: shardNamePrefix(shard) } : {}),
    accounts: flags.auth,
    client: flags.client,
    workers: flags.workers,
    version: flags.version,
    timeBoundMs: flags.timeBoundMs,
    expect: { maxFailures: flags.maxFailures },
  }
  if ((flags.slowSessionMs === undefined) !== (flags.slowForMs === undefined)) {
    throw new HarnessInputError(
      '--slow-session-ms and --slow-for-ms go together: how slow the session server is, and for how long (e.g. --slow-session-ms 3000 --slow-for-ms 5000)',
    )
  }
  if (flags.slowSessionMs !== undefined) {
    options.outage = { faults: [{ route: '*', mode: 'delay', delayMs: flags.slowSessionMs }], forMs: flags.slowForMs }
  }
  if ((flags.host === undefined) !== (flags.port === undefined)) {
    throw new HarnessInputError(
      '--host and --port go together: give both to storm an existing server, or neither to let the storm start one',
    )
  }
  if (flags.host !== undefined) {
    options.target = { host: flags.host, port: flags.port!, version: flags.version }
    if (flags.sessionServer || flags.sessionAdmin) {
      if (!flags.sessionServer || !flags.sessionAdmin) {
        throw new HarnessInputError(
          "--session-server and --session-admin go together: the mock's session URL and its admin URL (the session-server command prints both)",
        )
      }
      options.session = new RemoteSessionServer({ url: flags.sessionServer, adminUrl: flags.sessionAdmin })
    } else if (flags.auth === 'premium' || options.outage) {
      throw new HarnessInputError(
        'a premium storm (or --slow-session-ms) against --host/--port needs the mock session server that server asks: give --session-server URL --session-admin URL',
      )
    }
  } else if (flags.sessionServer || flags.sessionAdmin) {
    throw new HarnessInputError(
      '--session-server/--session-admin only apply with --host/--port; without them the storm starts its own mock',
    )
  }
  return options
}

/** e.g. "S2_" for shard 2: "S2_" + the login's index stays within 16 characters for any n. */
function shardNamePrefix(shard: Shard): string {
  return `S${shard.index}_`
}

async function storm(flags: Flags, context: CliContext): Promise<number> {
  const options = stormOptionsFromFlags(flags)
  let done = 0
  const outcomes: Record<string, number> = {}
  // The report writer, and the storm's own scope (servers, clients) under it: a stop that fails
  // there is reported with this command's.
  const scope = context.scope.child({ name: 'storm command' })
  const onAttempt = (result: { outcome: string }) => {
    done++
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1
    if (context.io.stderr.isTTY && (done % 50 === 0 || done === options.n)) context.err(`\r${done}/${options.n} logins settled`)
  }
  let report
  try {
    // Interrupted or failed: the --out file says how far the storm got, marked incomplete.
    const out = flags.out
      ? await outWithPartialReport(
          scope,
          flags.out,
          () => {
            const partial = { complete: false, n: options.n, settled: done, outcomes }
            return flags.reporter === 'json'
              ? `${JSON.stringify(partial, null, 2)}\n`
              : `INCOMPLETE: the storm was interrupted after ${done} of ${options.n} logins settled; outcomes so far: ${JSON.stringify(outcomes)}\n`
          },
          'storm',
        )
      : undefined
    report = await runStorm({ ...options, onAttempt, scope })
    out?.finish()
  } finally {
    if (context.io.stderr.isTTY) context.err('\n')
    await context.disposeCommandScope(scope, IN_PROCESS_LEFTOVER_ADVICE)
  }
  const table = stormTable(report)
  const rendered =
    flags.reporter === 'json'
      ? `${JSON.stringify({ ...report, complete: true }, null, 2)}
`
      : flags.reporter === 'html'
        ? stormToHtml(report)
        : table
  if (flags.out) {
    await writeOut(flags.out, rendered)
    if (flags.reporter !== 'table') context.out(table)
    context.err(`report written to ${flags.out}\n`)
  } else {
    context.out(rendered)
  }
  return report.pass ? 0 : 1
}
