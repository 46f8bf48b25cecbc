import { Option, type Command } from 'commander'
import { diffChecks, diffExitCode } from '../../check/diff.ts'
import { loadExpectations, parseAcceptFlag } from '../../check/expectations.ts'
import { diffToJson, diffToText } from '../../check/render.ts'
import { planCheck, runCheck } from '../../check/run-check.ts'
import { addProbeOptions, emit, probeOptions, withBackend, type ProbeFlags } from '../check-flags.ts'

interface DiffFlags extends ProbeFlags {
  before: string
  after: string
  accept?: string
  expect?: string
  reporter: 'text' | 'json'
  out?: string
}

export function registerDiffCommand(program: Command): void {
  const command = program
    .command('diff')
    .description('run the check probes on two server.properties files and print what changed; exit 1 on an unaccepted change')
    .requiredOption('--before <file>', 'the current server.properties')
    .requiredOption('--after <file>', 'the changed server.properties')
    .option('--accept <probes>', 'probe ids whose change is expected, comma separated (e.g. cracked,impersonator)')
    .option('--expect <file>', 'an expectations file: {"accept": ["cracked", {"probe": "impersonator", "to": "unverified_username"}]}')
    .addOption(new Option('--reporter <name>', 'report format').choices(['text', 'json']).default('text'))
    .option('--out <file>', 'write the report to a file instead of stdout')
  addProbeOptions(command).action(async (flags: DiffFlags) => {
    const options = await probeOptions(flags)
    const acceptances = [...(flags.accept ? parseAcceptFlag(flags.accept) : []), ...(flags.expect ? await loadExpectations(flags.expect) : [])]
    // Both files are validated before anything starts, so a typo in the second fails fast.
    await planCheck({ ...options, propertiesFile: flags.before }, '--before')
    await planCheck({ ...options, propertiesFile: flags.after }, '--after')
    const [before, after] = await withBackend(flags.backend, (backend) =>
      Promise.all([runCheck({ ...options, propertiesFile: flags.before, backend }), runCheck({ ...options, propertiesFile: flags.after, backend })]),
    )
    const diff = diffChecks(before, after, acceptances)
    await emit(flags.reporter === 'json' ? diffToJson(diff) : diffToText(diff, flags.before, flags.after), flags.out)
    if (flags.out && flags.reporter === 'json') process.stdout.write(diffToText(diff, flags.before, flags.after))
    const broken = [...before.probes, ...after.probes].filter((p) => p.outcome === 'error')
    for (const p of broken) process.stderr.write(`error: probe "${p.probe}" could not run: ${p.message}\n`)
    process.exitCode = broken.length > 0 ? 1 : diffExitCode(diff)
  })
}
