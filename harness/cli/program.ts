import { Command, CommanderError } from 'commander'
import { HarnessInputError } from '../errors.ts'
import { IN_PROCESS_LEFTOVER_ADVICE } from '../backends/backend.ts'
import { ResourceScope, rootScope } from '../resource-scope.ts'
import { CliContext, type CliIo, type TypeScriptLoader } from './context.ts'
import { registerSessionServerCommand } from './commands/session-server.ts'
import { registerServerCommand } from './commands/server.ts'
import { registerRunCommand } from './commands/run.ts'
import { registerCheckCommand } from './commands/check.ts'
import { registerDiffCommand } from './commands/diff.ts'
import { registerStormCommand } from './commands/storm.ts'
import { registerContainersCommand } from './commands/containers.ts'
import { registerMergeReportsCommand } from './commands/merge-reports.ts'

/** The program: every command registered on a fresh commander instance writing to `context`'s streams. */
function program(context: CliContext): Command {
  const command = new Command()
    .name('mc-login-harness')
    .description('Integration tests for Minecraft Java Edition login flows')
    .exitOverride()
    .configureOutput({ writeOut: (text) => context.out(text), writeErr: (text) => context.err(text) })
    .showHelpAfterError()
  registerRunCommand(command, context)
  registerSessionServerCommand(command, context)
  registerServerCommand(command, context)
  registerCheckCommand(command, context)
  registerDiffCommand(command, context)
  registerStormCommand(command, context)
  registerContainersCommand(command, context)
  registerMergeReportsCommand(command, context)
  return command
}

/**
 * Runs the command line `argv` (the arguments after the program's name, e.g. `['run', '--list']`)
 * and returns its exit code: 0 pass, 1 a failure (or something that would not stop), 2 bad input.
 * Never exits the process and never writes to process.stdout/stderr itself (`io` defaults to
 * them): tests call it in-process. What a command leaves running on purpose (`server`,
 * `session-server`) stays in `parent` (default: the process's root scope, which the CLI's
 * signal handlers dispose). `typeScript` makes users' TypeScript scenario files importable while
 * they load (the CLI's process passes tsx's; without it they load as the process imports .ts).
 */
export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
  parent: ResourceScope = rootScope,
  typeScript?: TypeScriptLoader,
): Promise<number> {
  const context = new CliContext(io, new ResourceScope({ parent, name: 'mc-login-harness' }), typeScript)
  try {
    await program(context).parseAsync(argv, { from: 'user' })
  } catch (error) {
    // Whatever a failed command left open (its own finally has usually stopped it already).
    try {
      await context.scope.dispose()
    } catch (stopError) {
      context.reportLeftRunning(stopError, IN_PROCESS_LEFTOVER_ADVICE)
    }
    if (error instanceof CommanderError) {
      // commander already printed the problem; help/version exit 0, usage errors are bad input.
      return error.exitCode === 0 ? 0 : 2
    }
    if (error instanceof HarnessInputError) {
      context.err(`error: ${error.message}\n`)
      return 2
    }
    context.err(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    return 1
  }
  return context.finalExitCode()
}
