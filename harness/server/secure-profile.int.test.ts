/**
 * Secure profiles end to end on the embedded server: the mock issues keys, the harness's bots
 * present them as a launcher does (valid, expired, badly signed, none, garbage), and the server
 * answers as vanilla of each version does (1.19.0, 1.19.2: at login; 1.19.3+: in the play state,
 * the chat session and chat). The rules are in login.ts and secure-chat.ts with their sources.
 */
import mc from 'minecraft-protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attemptLogin } from '../bot/login-attempt.ts'
import type { ProfileKeyMode } from '../input/account.ts'
import { MockSessionServer, type StartedMockSessionServer } from '../session/index.ts'
import { latestVersion } from '../versions.ts'
import { EmbeddedMinecraftServer, type StartedEmbeddedServer } from './embedded-server.ts'

let mock: StartedMockSessionServer
let counter = 0

beforeAll(async () => {
  mock = await new MockSessionServer().start()
})
afterAll(async () => {
  await mock?.stop()
})

async function login(server: StartedEmbeddedServer, profileKey: ProfileKeyMode, chat = true) {
  const name = `${profileKey.slice(0, 8)}${(counter++).toString(36)}`
  const certificate = profileKey === 'expired' || profileKey === 'badSignature' ? profileKey : undefined
  const account = await mock.createAccount({ name, ...(certificate ? { profileKey: certificate } : {}) })
  return attemptLogin({
    host: '127.0.0.1',
    port: server.getPort(),
    version: server.getVersion(),
    account: { kind: 'premium', name: account.name, id: account.id, accessToken: account.accessToken, profileKey },
    sessionServer: mock.getUrl(),
    steps: chat ? [{ do: 'chat', text: 'hello there' }] : [],
  })
}

async function withServer(version: string, enforce: boolean, run: (server: StartedEmbeddedServer) => Promise<void>) {
  const server = await new EmbeddedMinecraftServer()
    .withAuth('premium')
    .withVersion(version)
    .withSessionServer(mock.getUrl())
    .withProperties({ enforceSecureProfile: enforce })
    .start()
  try {
    await run(server)
  } finally {
    await server.stop()
  }
}

const MALFORMED = 'Internal Exception: io.netty.handler.codec.DecoderException: Malformed public key bytes'

// What each key gives on an enforcing server: [outcome, key or null, message (a RegExp for literal texts)].
type Row = [string, string | null, string | RegExp]
const ENFORCING: Record<string, Record<ProfileKeyMode, Row>> = {
  '1.19': {
    valid: ['success', null, 'Joined'],
    none: ['kicked', 'multiplayer.disconnect.missing_public_key', 'Missing profile public key.\nThis server requires secure profiles.'],
    expired: [
      'kicked',
      'multiplayer.disconnect.invalid_public_key_signature',
      'Invalid signature for profile public key.\nTry restarting your game.',
    ],
    badSignature: [
      'kicked',
      'multiplayer.disconnect.invalid_public_key_signature',
      'Invalid signature for profile public key.\nTry restarting your game.',
    ],
    garbage: ['kicked', 'multiplayer.disconnect.invalid_public_key', 'Unable to parse profile public key.'],
  },
  '1.19.2': {
    valid: ['success', null, 'Joined'],
    none: ['kicked', 'multiplayer.disconnect.missing_public_key', 'Missing profile public key.\nThis server requires secure profiles.'],
    expired: [
      'kicked',
      'multiplayer.disconnect.expired_public_key',
      'Expired profile public key. Check that your system time is synchronized, and try restarting your game.',
    ],
    badSignature: [
      'kicked',
      'multiplayer.disconnect.invalid_public_key_signature',
      'Invalid signature for profile public key.\nTry restarting your game.',
    ],
    garbage: ['kicked', null, MALFORMED],
  },
}
const CHAT_SESSIONS: Record<ProfileKeyMode, Row> = {
  valid: ['success', null, 'Joined'],
  none: ['chat_refused', 'chat.disabled.missingProfileKey', 'Chat disabled due to missing profile public key. Please try reconnecting.'],
  expired: ['chat_refused', 'chat.disabled.expiredProfileKey', 'Chat disabled due to expired profile public key. Please try reconnecting.'],
  badSignature: [
    'kicked',
    'multiplayer.disconnect.invalid_public_key_signature',
    'Invalid signature for profile public key.\nTry restarting your game.',
  ],
  garbage: ['kicked', null, MALFORMED],
}
for (const v of ['1.19.4', '1.20.4', latestVersion()]) ENFORCING[v] = CHAT_SESSIONS

const MODES: ProfileKeyMode[] = ['valid', 'none', 'expired', 'badSignature', 'garbage']

describe.each(Object.keys(ENFORCING))('secure profiles on %s', (version) => {
  it('enforce-secure-profile=true: each key as vanilla answers it (a chat step reports the chat verdict)', async () => {
    await withServer(version, true, async (server) => {
      for (const mode of MODES) {
        const attempt = await login(server, mode)
        const [outcome, key, message] = ENFORCING[version]![mode]
        const seen = `${mode}: ${JSON.stringify({ outcome: attempt.outcome, key: attempt.key, message: attempt.message, events: attempt.events })}`
        expect(attempt.outcome, seen).toBe(outcome)
        expect(attempt.key, seen).toBe(key)
        if (typeof message === 'string') expect(attempt.message, seen).toBe(message)
        if (outcome === 'success')
          expect(
            attempt.events.some((e) => e.endsWith('went through')),
            seen,
          ).toBe(true)
      }
    })
  })

  it('enforce-secure-profile=false: no key is demanded and key-less chat goes through; a bad key is still refused', async () => {
    await withServer(version, false, async (server) => {
      const keyless = await login(server, 'none')
      expect(keyless.outcome, JSON.stringify(keyless.events)).toBe('success')
      // 1.19.3+: the kick comes in the play state, so the bot stays for a chat step to see it.
      const forged = await login(server, 'badSignature')
      expect(forged.key).toBe('multiplayer.disconnect.invalid_public_key_signature')
    })
  })
})

describe('Paper: enforce-secure-profile counts only in online or proxy-online mode', () => {
  async function enforcesSecureChat(builder: EmbeddedMinecraftServer): Promise<boolean | undefined> {
    const server = await builder.start()
    try {
      const status = (await mc.ping({
        host: '127.0.0.1',
        port: server.getPort(),
        version: server.getVersion(),
        closeTimeout: 5000,
      } as mc.PingOptions)) as { enforcesSecureChat?: boolean }
      return status.enforcesSecureChat
    } finally {
      await server.stop()
    }
  }
  const paper = (auth: 'premium' | 'cracked') =>
    new EmbeddedMinecraftServer()
      .withPlatform('paper')
      .withAuth(auth)
      .withVersion('1.20.4')
      .withSessionServer(mock.getUrl())
      .withConnectionThrottle(0)

  it('an offline Paper server behind an online BungeeCord enforces (vanilla would not); a plain offline one does not', async () => {
    expect(await enforcesSecureChat(paper('premium'))).toBe(true)
    expect(await enforcesSecureChat(paper('cracked'))).toBe(false)
    expect(await enforcesSecureChat(paper('cracked').withPaperFiles({ spigot: 'settings:\n  bungeecord: true\n' }))).toBe(true)
    expect(
      await enforcesSecureChat(
        paper('cracked').withPaperFiles({
          spigot: 'settings:\n  bungeecord: true\n',
          paperGlobal: 'proxies:\n  bungee-cord:\n    online-mode: false\n',
        }),
      ),
    ).toBe(false)
    // Vanilla: offline is offline, whatever a proxy does.
    expect(
      await enforcesSecureChat(new EmbeddedMinecraftServer().withAuth('cracked').withVersion('1.20.4').withSessionServer(mock.getUrl())),
    ).toBe(false)
  })
})
