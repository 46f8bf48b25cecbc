#!/usr/bin/env node
// The command's entry (compiled to dist/cli/bin.js). Checks the Node version before anything else
// loads, then registers tsx so that users' scenario files may be TypeScript; the harness itself
// runs as compiled JavaScript.
import module from 'node:module'
import { nodeVersionProblem } from '../node-version.ts'

const problem = nodeVersionProblem()
if (problem) {
  console.error(`error: ${problem}`)
  process.exit(1)
}
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
