import { Option, type Command } from 'commander'
import { checkToJson, checkToTable } from '../../check/render.ts'
import { runCheck } from '../../check/run-check.ts'
import { addProbeOptions, emit, probeOptions, withBackend, type ProbeFlags } from '../check-flags.ts'

interface CheckFlags extends ProbeFlags {
  properties: string
  reporter: 'table' | 'json'
  out?: string
}

export function registerCheckCommand(program: Command): void {
  const command = program
    .command('check')
    .description('show who a server.properties lets in: premium, cracked, impersonators, strangers, outages; warn where a risk shows')
    .requiredOption('--properties <file>', 'the server.properties to check')
    .addOption(new Option('--reporter <name>', 'report format').choices(['table', 'json']).default('table'))
    .option('--out <file>', 'write the report to a file instead of stdout')
  addProbeOptions(command).action(async (flags: CheckFlags) => {
    const options = await probeOptions(flags)
    const report = await withBackend(flags.backend, (backend) => runCheck({ ...options, propertiesFile: flags.properties, backend }))
    await emit(flags.reporter === 'json' ? checkToJson(report) : checkToTable(report), flags.out)
    if (flags.out && flags.reporter === 'json') process.stdout.write(checkToTable(report))
    // Warnings describe the host's choices, not a failure; only a probe the harness could not run fails.
    process.exitCode = report.probes.some((p) => p.outcome === 'error') ? 1 : 0
  })
}
