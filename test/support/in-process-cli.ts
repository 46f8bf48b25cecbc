/**
 * The command line called in this process (`main()` from harness/cli/program.ts): for tests of
 * exit codes, flags and messages where a separate process proves nothing more. Streams are
 * buffers; what a command started lives in a scope of the test's, disposed before this returns.
 * Tests that need the real process (its exit code as a shell sees it, signals, another working
 * directory) use support/cli.ts.
 */
import { main } from '../../harness/cli/program.ts'
import { ResourceScope } from '../../harness/resource-scope.ts'
import type { CliResult } from './cli.ts'

export async function runMain(args: string[]): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  await using scope = new ResourceScope({ parent: null, name: 'in-process cli' })
  const code = await main(
    args,
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } },
    scope,
  )
  return { code, stdout, stderr }
}
