import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadWhitelistFile, parseWhitelistNames } from './whitelist-file.ts'

async function file(content: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mclh-wl-'))
  const f = path.join(dir, 'whitelist.json')
  await writeFile(f, content)
  return f
}

describe('whitelist files', () => {
  it('reads the names of a vanilla whitelist.json', async () => {
    expect(await loadWhitelistFile('fixtures/properties/whitelist.json')).toEqual(['Notch', 'jeb_'])
  })

  it('names the file and entry of a bad name, and shows the format', async () => {
    const f = await file('[{"uuid": "x", "name": "Notch"}, {"uuid": "y", "name": "not a name"}]')
    await expect(loadWhitelistFile(f)).rejects.toThrow(`${f} entry 2 › name: a Minecraft name: 1-16 letters, digits or underscores; a whitelist.json looks like`)
  })

  it('says when the file is missing or not JSON', async () => {
    await expect(loadWhitelistFile('/nonexistent/whitelist.json')).rejects.toThrow('/nonexistent/whitelist.json: cannot read the whitelist file (ENOENT)')
    const f = await file('Notch\njeb_\n')
    await expect(loadWhitelistFile(f)).rejects.toThrow(`${f}: not valid JSON`)
  })

  it('parses --whitelist-names and rejects a bad name', () => {
    expect(parseWhitelistNames('Alice, jeb_,')).toEqual(['Alice', 'jeb_'])
    expect(() => parseWhitelistNames('Alice,Bob Smith')).toThrow('--whitelist-names: "Bob Smith" is not a Minecraft name')
  })
})
