import { defineScenarios } from 'mc-login-harness'

/** online-mode=true: the server asks the (mock) session server about every player. */
export default defineScenarios([
  {
    name: 'premium: a premium account joins',
    server: { auth: 'premium' },
    bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: 'success' }],
  },
  {
    name: 'premium: a cracked client is refused',
    server: { auth: 'premium' },
    bots: [
      { account: { kind: 'cracked', name: 'Steve' }, expect: { outcome: 'unverified_username', message: 'Failed to verify username!' } },
    ],
  },
  {
    name: 'premium: a revoked token gets "Invalid session"',
    description: "The launcher token was invalidated (logged in elsewhere): the client's own join call fails.",
    server: { auth: 'premium' },
    bots: [
      {
        account: { kind: 'revoked', name: 'Alice' },
        expect: { outcome: 'invalid_session', message: /^Failed to log ?in: Invalid session/ },
      },
    ],
  },
  {
    name: 'premium: an impersonator is rejected',
    description: "An offline client using a premium player's name never completes the session handshake.",
    server: { auth: 'premium' },
    bots: [{ account: { kind: 'impersonator', name: 'Alice' }, expect: 'unverified_username' }],
  },
  {
    name: 'premium: whitelist keeps strangers out',
    // The server's own words: vanilla's "white-listed", Paper's "whitelisted".
    server: { auth: 'premium', properties: { whiteList: true }, whitelist: ['Alice'] },
    bots: [
      { account: { kind: 'premium', name: 'Alice' }, expect: 'success' },
      { account: { kind: 'premium', name: 'Mallory' }, expect: { outcome: 'not_whitelisted', platformText: true } },
    ],
  },
])
