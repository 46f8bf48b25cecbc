import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { HarnessInputError } from '../errors.ts'

const NAME = /^[A-Za-z0-9_]{1,16}$/

/** Vanilla's whitelist.json: `[{"uuid": "...", "name": "..."}]`; only the names matter here. */
const whitelistSchema = z.array(z.looseObject({ uuid: z.string().optional(), name: z.string().regex(NAME, 'a Minecraft name: 1-16 letters, digits or underscores') }))

/** Reads a vanilla whitelist.json and returns its names. */
export async function loadWhitelistFile(file: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new HarnessInputError(`${file}: cannot read the whitelist file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass a vanilla whitelist.json with --whitelist`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new HarnessInputError(`${file}: not valid JSON (${(error as Error).message}); a whitelist.json looks like [{"uuid": "...", "name": "Notch"}]`)
  }
  const parsed = whitelistSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const [index, field] = issue.path
    const where = typeof index === 'number' ? ` entry ${index + 1}${field !== undefined ? ` › ${String(field)}` : ''}` : ''
    throw new HarnessInputError(`${file}${where}: ${issue.message}; a whitelist.json looks like [{"uuid": "...", "name": "Notch"}]`)
  }
  return parsed.data.map((entry) => entry.name)
}

/** Parses `--whitelist-names a,b`. */
export function parseWhitelistNames(spec: string, where = '--whitelist-names'): string[] {
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean)
  for (const name of names) {
    if (!NAME.test(name)) throw new HarnessInputError(`${where}: "${name}" is not a Minecraft name (1-16 letters, digits or underscores)`)
  }
  return names
}
