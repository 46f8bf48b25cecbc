#!/usr/bin/env node
// The command's entry (compiled to dist/cli/bin.js). Checks the Node version before anything else
// loads, then loads the command line (main.ts); the harness itself runs as compiled JavaScript, and
// users' scenario files may be TypeScript (tsx, while they load).
import module from 'node:module'
import { nodeVersionProblem } from '../node-version.ts'
import { deferMicrosoftSignIn } from '../deferred-sign-in.ts'

const problem = nodeVersionProblem()
if (problem) {
  console.error(`error: ${problem}`)
  process.exit(1)
}

// Node's on-disk cache of compiled modules: a later run skips compiling the ~600 modules a command
// loads (in os.tmpdir() unless NODE_COMPILE_CACHE names a folder; NODE_DISABLE_COMPILE_CACHE=1 turns
// it off). Start-up only: what the cache holds changes nothing a command does.
module.enableCompileCache?.()
// Before minecraft-protocol's client loads (with main.ts): its Microsoft sign-in, which no command
// uses, loads at a first use that never comes.
deferMicrosoftSignIn()
// The harness and its dependencies load without tsx's loader hooks: every import made through the
// hooks costs a round trip to them (about a quarter of the start-up). They exist only while a
// command imports users' scenario files (main.ts, CliContext.withTypeScript).
await import('./main.ts')
