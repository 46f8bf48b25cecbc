import { Option, type Command } from 'commander'
import { diffChecks, diffExitCode } from '../../check/diff.ts'
import { loadExpectations, parseAcceptFlag } from '../../check/expectations.ts'
import { diffToJunit } from '../../report/check-junit.ts'
import { diffToJson, diffToText } from '../../report/check.ts'
import { castOf, mergeCasts } from '../../check/probes.ts'
import { planCheck, runCheck } from '../../check/run-check.ts'
import { HarnessInputError } from '../../errors.ts'
import { diffToHtml } from '../../report/html/index.ts'
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

interface DiffFlags extends ProbeFlags {
  before?: string
  after?: string
  beforeDir?: string
  afterDir?: string
  accept?: string
  expect?: string
  reporter: 'text' | 'json' | 'junit' | 'html'
  out?: string
}

export function registerDiffCommand(program: Command, context: CliContext): void {
  const command = program
    .command('diff')
    .description(
      'run the check probes on a server before and after a change (its folder or single files) and print what changed; exit 1 on an unaccepted change',
    )
    .option('--before <file>', 'the current server.properties (default: the one in --before-dir)')
    .option('--after <file>', 'the changed server.properties (default: the one in --after-dir)')
    .option('--accept <probes>', 'probe ids whose change is expected, comma separated (e.g. cracked,impersonator)')
    .option('--expect <file>', 'an expectations file: {"accept": ["cracked", {"probe": "impersonator", "to": "unverified_username"}]}')
    .addOption(new Option('--reporter <name>', 'report format').choices(['text', 'json', 'junit', 'html']).default('text'))
    .option('--out <file>', 'write the report to a file instead of stdout (the text still prints)')
  addFileOptions(command, 'before-', 'before')
  addFileOptions(command, 'after-', 'after')
  // One whitelist.json/ops.json/... for both sides (a change of server.properties only).
  addFileOptions(command, '', 'both sides, unless the side has its own')
  addProbeOptions(command).action(async (flags: DiffFlags) => {
    if (!flags.before && !flags.beforeDir)
      throw new HarnessInputError('diff: give the server before the change: --before-dir FOLDER or --before server.properties')
    if (!flags.after && !flags.afterDir)
      throw new HarnessInputError('diff: give the server after the change: --after-dir FOLDER or --after server.properties')
    const options = await probeOptions(flags, command)
    const acceptances = [
      ...(flags.accept ? parseAcceptFlag(flags.accept) : []),
      ...(flags.expect ? await loadExpectations(flags.expect) : []),
    ]
    const raw = flags as unknown as Record<string, unknown>
    const shared = fileFlags(raw, '')
    const merge = (own: ReturnType<typeof fileFlags>) => ({
      ...own,
      dir: own.dir ?? shared.dir,
      whitelist: own.whitelist ?? shared.whitelist,
      ops: own.ops ?? shared.ops,
      bannedPlayers: own.bannedPlayers ?? shared.bannedPlayers,
      bannedIps: own.bannedIps ?? shared.bannedIps,
      authmeConfig: own.authmeConfig ?? shared.authmeConfig,
      proxyDir: own.proxyDir ?? shared.proxyDir,
    })
    // Both sides are read and validated before anything starts, so a typo in the second fails fast.
    const beforeSide = await sideOptions(merge(fileFlags(raw, 'before', flags.before)), '--before-')
    const afterSide = await sideOptions(merge(fileFlags(raw, 'after', flags.after)), '--after-')
    const before0 = await planCheck({ ...options, ...beforeSide }, flags.before ? '--before' : '--before-dir')
    await planCheck({ ...options, ...afterSide }, flags.after ? '--after' : '--after-dir')
    // Both sides fill the server-full probe with the same crowd (the current limit), so a new max-players shows.
    const playersOnline = options.playersOnline ?? before0.setup.properties.maxPlayers
    // ... and the list probes follow the same players: those of the lists before the change.
    const cast = mergeCasts(castOf(beforeSide.lists), castOf(afterSide.lists))
    const [before, after] = await withBackend(context, flags.backend, (backend, scope) =>
      Promise.all([
        runCheck({ ...options, ...beforeSide, playersOnline, cast, backend, scope }),
        runCheck({ ...options, ...afterSide, playersOnline, cast, backend, scope }),
      ]),
    )
    const diff = diffChecks(before, after, acceptances)
    const beforeName = flags.beforeDir ?? flags.before!
    const afterName = flags.afterDir ?? flags.after!
    const text = diffToText(diff, beforeName, afterName)
    const rendered =
      flags.reporter === 'json'
        ? diffToJson(diff)
        : flags.reporter === 'junit'
          ? diffToJunit(diff, before, after)
          : flags.reporter === 'html'
            ? diffToHtml(diff, before, after, beforeName, afterName)
            : text
    await emit(context, rendered, flags.out)
    if (flags.out && flags.reporter !== 'text') context.out(text)
    const broken = [...before.probes, ...after.probes].filter((p) => p.outcome === 'error')
    for (const p of broken) context.err(`error: probe "${p.probe}" could not run: ${p.message}\n`)
    context.exitCode = broken.length > 0 ? 1 : diffExitCode(diff)
  })
}
