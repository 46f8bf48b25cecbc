import { defineScenarios } from 'mc-login-harness'

/**
 * What Paper adds at login, in Paper's words. These run on Paper whatever `--platform` says: on
 * the embedded server, on the stand-in image with TYPE PAPER, or on real Paper (`--image itzg`).
 */
export default defineScenarios([
  {
    name: 'paper: a second login from one address within the connection throttle is refused',
    description:
      'bukkit.yml settings.connection-throttle (Paper default 4000 ms). The harness turns it off for every other scenario; this one tests it, from 127.0.0.2, ' +
      'which Paper before 1.21.5 does not exempt (it exempts only "127.0.0.1"; from 1.21.5 every loopback address, so the range ends at 1.21.4).',
    // Paper's default window is 4000 ms; 30 s here, so a loaded machine cannot stretch the first
    // login past the window and let the second one through.
    server: { platform: 'paper', auth: 'cracked', connectionThrottleMs: 30_000 },
    versionRange: { until: '1.21.4' },
    versions: ['1.20.4', '1.21.4'],
    bots: [
      { account: { kind: 'cracked', name: 'Steve' }, sourceAddress: '127.0.0.2', expect: 'success' },
      {
        name: 'Alex, 127.0.0.2 again at once',
        account: { kind: 'cracked', name: 'Alex' },
        sourceAddress: '127.0.0.2',
        expect: { outcome: 'throttled', message: 'Connection throttled! Please wait before reconnecting.' },
      },
    ],
  },
  {
    name: 'paper: the whitelist refusal says "whitelisted"',
    description: 'spigot.yml messages.whitelist, Paper\'s default; vanilla says "white-listed".',
    server: { platform: 'paper', auth: 'cracked', properties: { whiteList: true }, whitelist: ['Steve'] },
    bots: [
      { account: { kind: 'cracked', name: 'Steve' }, expect: 'success' },
      {
        account: { kind: 'cracked', name: 'Mallory' },
        expect: { outcome: 'not_whitelisted', message: 'You are not whitelisted on this server!' },
      },
    ],
  },
])
