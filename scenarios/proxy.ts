import { defineScenarios } from 'mc-login-harness'

/**
 * Logins through Velocity and BungeeCord (the embedded proxy plays them) to Paper backends, the
 * forwarding misconfigurations hosts meet, and the bypass: a backend reachable around its proxy.
 * Rules and texts: docs/proxies.md.
 */
const OPERATOR = '069a79f4-44e9-4726-a5be-fca90e38aaf5'
const velocityBackend = (secret: string) => ({
  auth: 'cracked' as const,
  platform: 'paper' as const,
  forwarding: { velocity: { enabled: true, secret } },
})
const bungeeBackend = (bungeeGuardToken?: string) => ({
  auth: 'cracked' as const,
  platform: 'paper' as const,
  forwarding: { bungeecord: true, ...(bungeeGuardToken ? { bungeeGuard: { allowedTokens: [bungeeGuardToken] } } : {}) },
})

export default defineScenarios([
  {
    name: "proxy: Velocity modern forwarding joins with the player's real UUID",
    server: velocityBackend('s3cret'),
    proxy: { type: 'velocity', forwarding: 'modern', secret: 's3cret' },
    versions: ['1.20.4', 'latest'],
    bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'success' }],
  },
  {
    name: 'proxy: Velocity with a secret the backend does not share',
    server: velocityBackend('backend-secret'),
    proxy: { type: 'velocity', forwarding: 'modern', secret: 'proxy-secret' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        expect: { outcome: 'forwarding_refused', message: 'Unable to connect to lobby: Unable to verify player details' },
      },
    ],
  },
  {
    name: 'proxy: Velocity modern forwarding to a backend without it',
    server: { auth: 'cracked', platform: 'paper' },
    proxy: { type: 'velocity', forwarding: 'modern', secret: 's3cret' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        expect: {
          outcome: 'forwarding_refused',
          message:
            'Unable to connect to lobby: Your server did not send a forwarding request to the proxy. Make sure the server is configured for Velocity forwarding.',
        },
      },
    ],
  },
  {
    name: 'proxy: BungeeCord legacy forwarding to a backend without bungeecord: true',
    server: { auth: 'cracked', platform: 'paper' },
    proxy: { type: 'bungeecord', forwarding: 'legacy' },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        expect: {
          outcome: 'forwarding_refused',
          message: 'Kicked whilst connecting to lobby: Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?',
        },
      },
    ],
  },
  {
    name: "proxy: BungeeCord legacy forwarding joins with the player's UUID",
    server: bungeeBackend(),
    proxy: { type: 'bungeecord', forwarding: 'legacy' },
    bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'success' }],
  },
  {
    name: 'proxy: a direct connection to a Velocity backend is refused',
    server: velocityBackend('s3cret'),
    proxy: { type: 'velocity', forwarding: 'modern', secret: 's3cret' },
    bots: [
      {
        account: { kind: 'cracked', name: 'Mallory' },
        via: 'backend',
        expect: { outcome: 'forwarding_refused', message: 'This server requires you to connect with Velocity.' },
      },
    ],
  },
  {
    name: 'proxy: a direct connection to a bungeecord: true backend is refused',
    server: bungeeBackend(),
    proxy: { type: 'bungeecord', forwarding: 'legacy' },
    bots: [
      {
        account: { kind: 'cracked', name: 'Mallory' },
        via: 'backend',
        expect: {
          outcome: 'forwarding_refused',
          message: 'If you wish to use IP forwarding, please enable it in your BungeeCord config as well!',
        },
      },
    ],
  },
  {
    name: "proxy: the bypass: a forged handshake takes an operator's UUID on a bungeecord: true backend (the risk)",
    description:
      'Asserted on purpose, like "cracked: impersonating a premium name succeeds": anyone who reaches the backend port joins as anyone. Fix: BungeeGuard, modern forwarding, or a firewall.',
    server: bungeeBackend(),
    proxy: { type: 'bungeecord', forwarding: 'legacy' },
    bots: [
      { account: { kind: 'cracked', name: 'Notch' }, forgedHandshake: { uuid: OPERATOR }, expect: { outcome: 'success', uuid: OPERATOR } },
    ],
  },
  {
    name: 'proxy: the bypass is refused with BungeeGuard',
    server: bungeeBackend('guard-token'),
    proxy: { type: 'bungeecord', forwarding: 'bungeeguard', secret: 'guard-token' },
    bots: [
      { name: 'through the proxy', account: { kind: 'premium', name: 'Alice' }, expect: 'success' },
      {
        name: 'forged handshake',
        account: { kind: 'cracked', name: 'Notch' },
        forgedHandshake: { uuid: OPERATOR },
        expect: { outcome: 'forwarding_refused', message: 'Unable to authenticate.' },
      },
    ],
  },
  {
    name: 'proxy: the bypass is refused with Velocity modern forwarding',
    server: velocityBackend('s3cret'),
    proxy: { type: 'velocity', forwarding: 'modern', secret: 's3cret' },
    bots: [
      {
        account: { kind: 'cracked', name: 'Notch' },
        forgedHandshake: { uuid: OPERATOR },
        expect: {
          outcome: 'forwarding_refused',
          message: 'Unknown data in login hostname, did you forget to enable BungeeCord in spigot.yml?',
        },
      },
    ],
  },
  {
    name: 'proxy: Velocity in online mode with the session server down',
    server: velocityBackend('s3cret'),
    proxy: { type: 'velocity', forwarding: 'modern', secret: 's3cret' },
    session: { faults: [{ route: 'hasJoined', mode: 'status', status: 503 }] },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        expect: { outcome: 'auth_servers_down', message: /^Authentication servers are down/ },
      },
    ],
  },
  {
    name: 'proxy: BungeeCord in online mode with the session server down',
    server: bungeeBackend(),
    proxy: { type: 'bungeecord', forwarding: 'legacy' },
    session: { faults: [{ route: 'hasJoined', mode: 'status', status: 503 }] },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        expect: { outcome: 'auth_servers_down', message: 'Error occurred while contacting login servers, are they down?' },
      },
    ],
  },
])
