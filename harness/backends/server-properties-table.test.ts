/**
 * One server.properties file, every backend's reading of it, one answer. The embedded server,
 * `check`, the scenario loader and the vitest fixtures read a host's file with
 * loadServerProperties; the container builder turns the same file into itzg's env
 * (withServerProperties(path) -> plan().env); the local image reads that env back
 * (parseLocalImageEnv) and writes /data/server.properties from it, which the server then reads.
 * Every one of those must see the same login properties, and refuse the same bad file in the
 * same words. Nothing starts: the builders only plan.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseServerProperties } from '../input/server-properties.ts'
import type { LoginProperties } from '../input/properties.ts'
import { loadServerProperties } from '../server/properties.ts'
import { MinecraftServerContainer } from '../server/container/minecraft-server-container.ts'
import { parseLocalImageEnv } from '../server/container/env-contract.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'props-table-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
function fileOf(text: string): string {
  const file = path.join(dir, `case-${++n}.properties`)
  writeFileSync(file, text)
  return file
}

/** The login properties each backend reads from one file (container readings: auth set to match the file). */
async function readings(text: string): Promise<Record<string, LoginProperties>> {
  const file = fileOf(text)
  const embedded = (await loadServerProperties(file)).properties
  const builder = new MinecraftServerContainer('mc-login-harness/embedded:local')
    .withVersion('1.20.4')
    .withAuth(embedded.onlineMode ? 'premium' : 'cracked')
    .withSessionServer('http://session:8080')
    .withServerProperties(file)
  const env = builder.plan().env
  const image = parseLocalImageEnv(env)
  const imageProperties = { ...parseServerProperties('').properties, ...image.config.properties }
  // What the image writes into /data/server.properties, read back as the server reads it.
  const written = [...image.serverProperties].map(([k, v]) => `${k}=${v}`).join('\n')
  const dataFile = parseServerProperties(written, '/data/server.properties').properties
  return { embedded, 'container plan -> local image': imageProperties, '/data/server.properties': dataFile }
}

async function errors(text: string): Promise<Record<string, string>> {
  const file = fileOf(text)
  const messageOf = async (f: () => unknown) => {
    try {
      await f()
      return 'accepted'
    } catch (error) {
      return (error as Error).message
    }
  }
  return {
    embedded: await messageOf(() => loadServerProperties(file)),
    container: await messageOf(() => new MinecraftServerContainer().withServerProperties(file)),
  }
}

const TABLE: Array<[string, string, Partial<LoginProperties>]> = [
  ['a space as the separator', 'online-mode false\nmax-players 7\n', { onlineMode: false, maxPlayers: 7 }],
  ['":" as the separator, spaces around it', 'online-mode : false\nwhite-list:true\n', { onlineMode: false, whiteList: true }],
  [
    'upper-case booleans (vanilla: Boolean.valueOf)',
    'online-mode=FALSE\nenforce-secure-profile=False\n',
    { onlineMode: false, enforceSecureProfile: false },
  ],
  [
    'upper-case TRUE on an online server',
    'online-mode=TRUE\nprevent-proxy-connections=TRUE\n',
    { onlineMode: true, preventProxyConnections: true },
  ],
  ['a continuation line', 'online-mode=fal\\\n    se\nmax-players=1\\\n  2\n', { onlineMode: false, maxPlayers: 12 }],
  ['escapes in keys and values', 'online\\-mode=\\u0066alse\n', { onlineMode: false }],
  ['comments with # and !, a continued comment is not continued', '# online-mode=true \\\n! x\nonline-mode=false\n', { onlineMode: false }],
  ['the last duplicate wins', 'max-players=3\nonline-mode=false\nmax-players=+9\n', { maxPlayers: 9, onlineMode: false }],
  ['CRLF line ends', 'online-mode=false\r\nmax-players=5\r\n', { onlineMode: false, maxPlayers: 5 }],
]

describe('server.properties: every backend reads a file the same', () => {
  it.each(TABLE)('%s', async (_name, text, expected) => {
    const all = await readings(text)
    const embedded = all.embedded!
    expect(embedded).toMatchObject(expected)
    for (const [backend, properties] of Object.entries(all)) expect({ backend, properties }).toEqual({ backend, properties: embedded })
  })

  it.each([
    ['online-mode=yes', 'online-mode=yes is not allowed; online-mode takes true or false (the server would read it as false)'],
    ['online-mode=true ', 'has whitespace around the value, which the server keeps and then reads as false'],
    ['max-players=lots', 'max-players=lots is not allowed; max-players takes a whole number from 0 to 2147483647'],
    ['max-players=-1', 'max-players takes a whole number from 0 to 2147483647'],
    ['motd=\\uZZ', 'a malformed \\uXXXX escape'],
  ])('refuses %j on every backend with the same words', async (line, message) => {
    const all = await errors(`motd=x\n${line}\n`)
    expect(all.embedded).toContain(message)
    expect(all.container).toBe(all.embedded)
  })
})
