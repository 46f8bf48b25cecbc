#!/usr/bin/env node
// The command's entry (compiled to dist/cli/bin.js). Checks the Node version before anything else
// loads, then registers tsx so that users' scenario files may be TypeScript; the harness itself
// runs as compiled JavaScript.
import { nodeVersionProblem } from '../node-version.ts'

const problem = nodeVersionProblem()
if (problem) {
  console.error(`error: ${problem}`)
  process.exit(1)
}
const { register } = await import('tsx/esm/api')
register()
await import('./main.ts')
