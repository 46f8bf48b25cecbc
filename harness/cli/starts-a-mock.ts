/** The commands that start a mock session server in their process (check and diff probe on one). */
const COMMANDS_WITH_A_MOCK = new Set(['run', 'storm', 'check', 'diff', 'server', 'session-server'])

/** Flags with which those commands only print and exit. */
const PRINT_ONLY_FLAGS = new Set(['--help', '-h', '--list', '--version', '-V'])

/**
 * Whether the command line `args` (after `mc-login-harness`) will start a mock session server, so
 * bin.ts may begin the mock's first player key pair before the modules load. A pending key
 * generation keeps the process until it is done, so a command that only prints must not begin one.
 */
export function startsAMock(args: readonly string[]): boolean {
  const command = args.find((arg) => !arg.startsWith('-'))
  return command !== undefined && COMMANDS_WITH_A_MOCK.has(command) && !args.some((arg) => PRINT_ONLY_FLAGS.has(arg))
}
