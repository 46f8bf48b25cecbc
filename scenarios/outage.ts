import { defineScenarios } from 'mc-login-harness'

/** The session server is down, slow or failing; the mock plays Mojang's part. */
export default defineScenarios([
  {
    name: 'outage: hasJoined answers 503',
    server: { auth: 'premium' },
    session: { faults: [{ route: 'hasJoined', mode: 'status', status: 503 }] },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        expect: { outcome: 'auth_servers_down', message: /^Authentication servers are down/ },
      },
    ],
  },
  {
    name: 'outage: hasJoined hangs until authlib gives up (5 s)',
    server: { auth: 'premium' },
    session: { faults: [{ route: 'hasJoined', mode: 'hang' }] },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        deadlineMs: 30_000,
        expect: { outcome: 'auth_servers_down', afterMs: 4500, withinMs: 25_000 },
      },
    ],
  },
  {
    name: 'outage: hasJoined rate-limited (429) reads as an unverified name',
    description: 'authlib treats every 4xx like "not joined"; Velocity would say the servers are down.',
    server: { auth: 'premium' },
    session: { faults: [{ route: 'hasJoined', mode: 'status', status: 429 }] },
    bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'unverified_username' }],
  },
  {
    name: "outage: the client's join answered 503",
    server: { auth: 'premium' },
    session: { faults: [{ route: 'join', mode: 'status', status: 503 }] },
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        expect: { outcome: 'auth_servers_unreachable', message: /^Failed to log ?in: The authentication servers are currently/ },
      },
    ],
  },
  {
    name: 'outage: session server down, premium players cannot log in',
    server: { auth: 'premium' },
    session: { faults: [{ route: '*', mode: 'down' }] },
    bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'auth_servers_unreachable' }],
  },
  {
    name: 'outage: session server down, a cracked server still lets players in',
    server: { auth: 'cracked' },
    session: { faults: [{ route: '*', mode: 'down' }] },
    bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],
  },
  {
    name: 'outage: after the outage 100 premium players reconnect, 10 at a time, while the session server is still slow',
    description: 'A login storm: hasJoined answers 0.5 s late for the first 40 logins, then recovers; everyone gets in.',
    // Vanilla's 20 slots would turn the storm into a full-server test.
    // Margins for a loaded runner (2 busy cores, the server in a container): authlib's 5 s
    // hasJoined timeout would read the runner's own latency as an outage, so this storm gives
    // hasJoined 15 s; the 0.5 s delay it tests is far inside either. It tests recovery, not
    // throughput: at load 10-14 the container path managed ~3 logins/s, so 25 in flight meant ~8 s
    // per login and a tail past the 20 s login deadline (4-5 of 100 failed); 10 in flight keeps a
    // login near 3 s there.
    server: { auth: 'premium', properties: { maxPlayers: 200 }, hasJoinedTimeoutMs: 15_000 },
    bots: [],
    storm: {
      n: 100,
      concurrency: 10,
      account: 'premium',
      outage: { faults: [{ route: 'hasJoined', mode: 'delay', delayMs: 500 }], forLogins: 40 },
      expect: { outcome: 'success', maxFailures: 0 },
    },
  },
])
