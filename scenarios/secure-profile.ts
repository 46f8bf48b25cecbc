import { defineScenarios } from 'mc-login-harness'

/**
 * Secure profiles (1.19+): the mock issues each account a chat-signing key, signed by the key its
 * /publickeys lists; bots present it as a launcher does (`profileKey`), and the server answers as
 * vanilla of that version does. 1.19-1.19.2 check the key at login; from 1.19.3 it comes with the
 * chat session, a player without one joins but cannot chat. Every scenario sets
 * enforce-secure-profile explicitly (1.19.0 shipped it off, 1.19.1+ on). Each names the versions its
 * rule exists on (`versionRange`), so `--versions` never runs a rule where vanilla has no such check.
 */
const ALL = ['1.19', '1.19.2', '1.19.4', '1.20.4', 'latest']
const LOGIN_CHECK = ['1.19', '1.19.2']
const CHAT_SESSION = ['1.19.4', '1.20.4', 'latest']
const enforcing = { auth: 'premium', properties: { enforceSecureProfile: true } } as const
const chat = [{ do: 'chat', text: 'hello there' }] as const

export default defineScenarios([
  {
    name: "secure-profile: a launcher's key joins an enforcing server and its chat goes through",
    server: enforcing,
    versions: ALL,
    versionRange: { from: '1.19' },
    bots: [{ account: { kind: 'premium', name: 'Alice' }, steps: [...chat], expect: 'success' }],
  },
  {
    name: 'secure-profile: with enforce-secure-profile=false a player without a key joins and chats',
    server: { auth: 'premium', properties: { enforceSecureProfile: false } },
    versions: ALL,
    versionRange: { from: '1.19' },
    bots: [{ account: { kind: 'premium', name: 'Alice', profileKey: 'none' }, steps: [...chat], expect: 'success' }],
  },
  {
    name: 'secure-profile: (1.19-1.19.2) no key is refused at login',
    server: enforcing,
    versions: LOGIN_CHECK,
    versionRange: { from: '1.19', until: '1.19.2' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice', profileKey: 'none' },
        expect: { outcome: 'kicked', message: 'Missing profile public key.\nThis server requires secure profiles.' },
      },
    ],
  },
  {
    name: 'secure-profile: (1.19-1.19.2) a key signed by someone else is refused at login',
    server: enforcing,
    versions: LOGIN_CHECK,
    versionRange: { from: '1.19', until: '1.19.2' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice', profileKey: 'badSignature' },
        expect: { outcome: 'kicked', message: 'Invalid signature for profile public key.\nTry restarting your game.' },
      },
    ],
  },
  {
    name: 'secure-profile: (1.19.1-1.19.2) an expired key is refused at login',
    server: enforcing,
    versions: ['1.19.2'],
    versionRange: { from: '1.19.1', until: '1.19.2' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice', profileKey: 'expired' },
        expect: {
          outcome: 'kicked',
          message: 'Expired profile public key. Check that your system time is synchronized, and try restarting your game.',
        },
      },
    ],
  },
  {
    name: 'secure-profile: (1.19.3+) no key joins, but chat is refused',
    server: enforcing,
    versions: CHAT_SESSION,
    versionRange: { from: '1.19.3' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice', profileKey: 'none' },
        steps: [...chat],
        expect: { outcome: 'chat_refused', message: 'Chat disabled due to missing profile public key. Please try reconnecting.' },
      },
    ],
  },
  {
    name: 'secure-profile: (1.19.3+) an expired key joins, but chat is refused',
    server: enforcing,
    versions: CHAT_SESSION,
    versionRange: { from: '1.19.3' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice', profileKey: 'expired' },
        steps: [...chat],
        expect: { outcome: 'chat_refused', message: 'Chat disabled due to expired profile public key. Please try reconnecting.' },
      },
    ],
  },
  {
    name: 'secure-profile: (1.19.3+) a key signed by someone else ends the session when it arrives',
    server: enforcing,
    versions: CHAT_SESSION,
    versionRange: { from: '1.19.3' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice', profileKey: 'badSignature' },
        steps: [...chat],
        expect: { outcome: 'kicked', message: 'Invalid signature for profile public key.\nTry restarting your game.' },
      },
    ],
  },
])
