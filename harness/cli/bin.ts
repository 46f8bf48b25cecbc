#!/usr/bin/env node
// The command's entry (compiled to dist/cli/bin.js). Checks the Node version before anything else
// loads, then registers tsx so that users' scenario files may be TypeScript; the harness itself
// runs as compiled JavaScript.
import module from 'node:module'
import { nodeVersionProblem } from '../node-version.ts'
import { signingKey } from '../session/keys.ts'
import { startsAMock } from './starts-a-mock.ts'

const problem = nodeVersionProblem()
if (problem) {
  console.error(`error: ${problem}`)
  process.exit(1)
}

// A mock's start waits for the process's 4096-bit signing key, whose generation takes 0.3-1.8 s of
// CPU on libuv's thread pool. Begun here, it is made on the second core while the modules load
// instead of delaying every case's first mock. A failure is not lost: the key's promise is kept,
// and the first mock that awaits it reports the error.
if (startsAMock(process.argv.slice(2))) signingKey().catch(() => undefined)
// Node's on-disk cache of compiled modules: a later run skips compiling the ~600 modules a command
// loads (in os.tmpdir() unless NODE_COMPILE_CACHE names a folder; NODE_DISABLE_COMPILE_CACHE=1 turns
// it off). Start-up only: what the cache holds changes nothing a command does.
module.enableCompileCache?.()
// The harness and its dependencies load before tsx's loader hooks exist: every import made through
// the hooks costs a round trip to them (about a quarter of the start-up). What loads after (users'
// scenario files, the container backend) goes through tsx.
await import('./program.ts')
const { register } = await import('tsx/esm/api')
register()
await import('./main.ts')
