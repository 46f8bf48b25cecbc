/**
 * Bad input from a user (a scenario file, a server.properties, a CLI flag). The CLI prints the
 * message as is and exits with code 2, so the message must say what is wrong, where, and how to
 * fix it.
 */
export class HarnessInputError extends Error {
  override name = 'HarnessInputError'
}
