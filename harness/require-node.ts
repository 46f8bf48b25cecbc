/**
 * Imported first by every library entry (`.`, `./vitest`, `./container`): stops with a plain
 * message on a Node that is too old, before any dependency fails in its own words.
 */
import { nodeVersionProblem } from './node-version.ts'

const problem = nodeVersionProblem()
if (problem) throw new Error(problem)
