import { Command, CommanderError } from 'commander'
import { HarnessInputError } from '../errors.ts'
import { installSignalHandlers, rootScope } from '../resource-scope.ts'
import { registerSessionServerCommand } from './commands/session-server.ts'
import { registerServerCommand } from './commands/server.ts'
import { registerRunCommand } from './commands/run.ts'
import { registerCheckCommand } from './commands/check.ts'
import { registerDiffCommand } from './commands/diff.ts'
import { registerStormCommand } from './commands/storm.ts'
import { registerContainersCommand } from './commands/containers.ts'
import { registerMergeReportsCommand } from './commands/merge-reports.ts'
import { enableProtocolSpeedups } from '../protocol-speedups.ts'

// The CLI's process is ours: opt in to the process-wide speedup the library never installs itself.
enableProtocolSpeedups()

const program = new Command()
  .name('mc-login-harness')
  .description('Integration tests for Minecraft Java Edition login flows')
  .exitOverride()
  .showHelpAfterError()

registerRunCommand(program)
registerSessionServerCommand(program)
registerServerCommand(program)
registerCheckCommand(program)
registerDiffCommand(program)
registerStormCommand(program)
registerContainersCommand(program)
registerMergeReportsCommand(program)

installSignalHandlers()

try {
  await program.parseAsync(process.argv)
} catch (error) {
  // Whatever a failed command left open (its own finally has usually stopped it already).
  await rootScope.dispose().catch(() => {})
  if (error instanceof CommanderError) {
    // commander already printed the problem; help/version exit 0, usage errors are bad input.
    process.exit(error.exitCode === 0 ? 0 : 2)
  }
  if (error instanceof HarnessInputError) {
    console.error(`error: ${error.message}`)
    process.exit(2)
  }
  console.error(error)
  process.exit(1)
}
