import { Option, type Command } from 'commander'
import { checkToJson, checkToTable } from '../../report/check.ts'
import { runCheck } from '../../check/run-check.ts'
import { checkToJunit } from '../../report/check-junit.ts'
import { checkToHtml } from '../../report/html/index.ts'
import type { CliContext } from '../context.ts'
import {
  addFileOptions,
  addProbeOptions,
  emit,
  fileFlags,
  probeOptions,
  sideOptions,
  withBackend,
  type ProbeFlags,
} from '../check-flags.ts'

interface CheckFlags extends ProbeFlags {
  properties?: string
  reporter: 'table' | 'json' | 'junit' | 'html'
  out?: string
}

export function registerCheckCommand(program: Command, context: CliContext): void {
  const command = program
    .command('check')
    .description(
      'show who a server lets in, from its real files (server.properties, whitelist.json, ops.json, bans, AuthMe config); warn where a risk shows',
    )
    .option('--properties <file>', 'the server.properties to check (default: the one in --dir)')
    .addOption(new Option('--reporter <name>', 'report format').choices(['table', 'json', 'junit', 'html']).default('table'))
    .option('--out <file>', 'write the report to a file instead of stdout (the table still prints)')
  addFileOptions(command, '')
  addProbeOptions(command).action(async (flags: CheckFlags) => {
    const options = await probeOptions(flags, command)
    const side = await sideOptions(fileFlags(flags as unknown as Record<string, unknown>, '', flags.properties), '--')
    const report = await withBackend(context, flags.backend, (backend, scope) => runCheck({ ...options, ...side, backend, scope }))
    const rendered =
      flags.reporter === 'json'
        ? checkToJson(report)
        : flags.reporter === 'junit'
          ? checkToJunit(report)
          : flags.reporter === 'html'
            ? checkToHtml(report)
            : checkToTable(report)
    await emit(context, rendered, flags.out)
    if (flags.out && flags.reporter !== 'table') context.out(checkToTable(report))
    // Warnings describe the host's choices, not a failure; only a probe the harness could not run fails.
    context.exitCode = report.probes.some((p) => p.outcome === 'error') ? 1 : 0
  })
}
