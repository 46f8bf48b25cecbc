// The command line's process: what only a process that is ours may do (opt in to the protocol
// speed-ups, install signal handlers, exit), around main() (program.ts), which tests call
// in-process. bin.ts (the package's `mc-login-harness`) loads this file after checking Node.
import { enableProtocolSpeedups } from '../protocol-speedups.ts'
import { installSignalHandlers, stopFailures } from '../resource-scope.ts'
import { main } from './program.ts'

enableProtocolSpeedups()
// Ctrl-C / SIGTERM: stop everything still open, say what would not stop, exit 130 / 143.
installSignalHandlers((error) => {
  for (const failure of stopFailures(error))
    process.stderr.write(`warning: left running: ${failure instanceof Error ? failure.message : String(failure)}\n`)
})

// A reader that stops early (`run --list | head`) closes the pipe: the rest of the output has
// nobody to go to, and a run in progress still finishes and stops what it started.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

// Users' scenario files may be TypeScript: tsx's loader hooks, registered while they load.
const typeScript = async () => (await import('tsx/esm/api')).register()
const code = await main(process.argv.slice(2), undefined, undefined, typeScript)
process.exitCode = code
// A failed command has stopped (or reported) what it started; a handle that would not close must
// not keep the process, and its exit code, waiting. A command that succeeded may be one that runs
// until a signal (`server`, `session-server`): its listeners keep the process alive.
if (code !== 0) setTimeout(() => process.exit(code), 1000).unref()
