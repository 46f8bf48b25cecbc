/**
 * Bad input from a user (a scenario file, a server.properties, a CLI flag). The CLI prints the
 * message as is and exits with code 2, so the message must say what is wrong, where, and how to
 * fix it.
 */
export class HarnessInputError extends Error {
  override name = 'HarnessInputError'
  /**
   * The library option the problem is about (`port` for withPort()), when one is: library errors
   * speak the library's words, and the CLI puts its own flag's name on them (cli/commands/server.ts).
   */
  readonly option?: string

  constructor(message: string, options: { option?: string } = {}) {
    super(message)
    if (options.option !== undefined) this.option = options.option
  }
}
