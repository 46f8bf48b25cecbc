#!/usr/bin/env node
// The command's entry (compiled to dist/cli/bin.js). Checks the Node version before anything else
// loads, then loads the command line (main.ts); the harness itself runs as compiled JavaScript, and
// users' scenario files may be TypeScript (tsx, while they load).
import module from 'node:module'
import { nodeVersionProblem } from '../node-version.ts'
import { deferUnusedModules } from '../deferred-modules.ts'
import { playerKeyPool } from '../session/keys.ts'
import { startsAMock } from './starts-a-mock.ts'

const problem = nodeVersionProblem()
if (problem) {
  console.error(`error: ${problem}`)
  process.exit(1)
}

// A mock's first player certificate (a premium client on 1.19+) waits for the process's first
// player key pair, a 2048-bit RSA key whose generation takes 50-300 ms of CPU on libuv's thread
// pool. Begun here, it is made on the second core while the modules load. A failure is not lost:
// the pool keeps it, and the first certificate that waits for a pair reports it.
if (startsAMock(process.argv.slice(2)))
  playerKeyPool()
    .take()
    .catch(() => undefined)
// Node's on-disk cache of compiled modules: a later run skips compiling the ~600 modules a command
// loads (in os.tmpdir() unless NODE_COMPILE_CACHE names a folder; NODE_DISABLE_COMPILE_CACHE=1 turns
// it off). Start-up only: what the cache holds changes nothing a command does.
module.enableCompileCache?.()
// Before the protocol libraries load (with main.ts): what they require but no command uses
// (minecraft-protocol's Microsoft sign-in) loads at a first use that never comes.
deferUnusedModules()
// The harness and its dependencies load without tsx's loader hooks: every import made through the
// hooks costs a round trip to them (about a quarter of the start-up). They exist only while a
// command imports users' scenario files (main.ts, CliContext.withTypeScript).
await import('./main.ts')
