import { readFile } from 'node:fs/promises'
import { HarnessInputError } from '../errors.ts'
import { parseServerProperties, type ParsedServerProperties } from '../input/server-properties.ts'

export { parseServerProperties, VANILLA_LOGIN_DEFAULTS, type ParsedServerProperties } from '../input/server-properties.ts'

/**
 * A host's server.properties file -> the login-relevant `LoginProperties`, read by the one reader
 * in `input/server-properties.ts` (java.util.Properties syntax, vanilla's value rules). Missing keys
 * take vanilla's defaults; keys vanilla does not know are returned as warnings; a bad value of a
 * login key is an error naming file, line, key, value and what is allowed.
 */
export async function loadServerProperties(file: string): Promise<ParsedServerProperties> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message
    throw new HarnessInputError(`server.properties ${file}: cannot read it (${why}); pass the path of your server's server.properties`)
  }
  return parseServerProperties(text, file)
}
