import { defineScenarios } from 'mc-login-harness'

/**
 * Transfers and cookies (1.20.5+). A `transfer` step makes the server the bot is on send it to
 * another server of the scenario (vanilla's `/transfer`, Paper's Player#transfer); the bot
 * reconnects there as the vanilla client does: handshake intention TRANSFER (3), its cookies kept.
 * A server takes transfers only with accepts-transfers=true (vanilla's default is false). The
 * `cookies` blocks are a plugin's use of Paper's cookie API: `store` on join, `require` during login.
 */
const VERSIONS = ['1.20.6', '1.21.8', 'latest']
const FROM = { from: '1.20.5' }
const transfer = [{ do: 'transfer', to: 'survival' }] as const
/** Room for a loaded machine: on containers the lobby's console answers through `docker exec`. */
const deadlineMs = 60_000

export default defineScenarios([
  {
    name: 'transfer: a server with accepts-transfers=true takes the transferred player',
    server: { auth: 'premium' },
    servers: [{ name: 'survival', server: { auth: 'premium', properties: { acceptsTransfers: true } } }],
    versions: VERSIONS,
    versionRange: FROM,
    bots: [{ account: { kind: 'premium', name: 'Alice' }, steps: [...transfer], deadlineMs, expect: 'success' }],
  },
  {
    name: "transfer: a server with vanilla's default (accepts-transfers=false) refuses it",
    server: { auth: 'premium' },
    servers: [{ name: 'survival', server: { auth: 'premium' } }],
    versions: VERSIONS,
    versionRange: FROM,
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        steps: [...transfer],
        deadlineMs,
        expect: { outcome: 'transfer_refused', message: /^(This server|Server) does not accept transfers$/ },
      },
    ],
  },
  {
    name: 'transfer: a cookie the lobby stored is read back by the server the player was transferred to',
    server: { auth: 'premium', cookies: { store: { 'lobby:ticket': 'gold' } } },
    servers: [
      {
        name: 'survival',
        server: {
          auth: 'premium',
          properties: { acceptsTransfers: true },
          cookies: { require: { key: 'lobby:ticket', value: 'gold', kickMessage: 'Come through the lobby' } },
        },
      },
    ],
    versions: VERSIONS,
    versionRange: FROM,
    bots: [{ account: { kind: 'premium', name: 'Alice' }, steps: [...transfer], deadlineMs, expect: 'success' }],
  },
  {
    name: 'transfer: a cookie with another value is refused by the plugin',
    server: { auth: 'premium', cookies: { store: { 'lobby:ticket': 'brass' } } },
    servers: [
      {
        name: 'survival',
        server: {
          auth: 'premium',
          properties: { acceptsTransfers: true },
          cookies: { require: { key: 'lobby:ticket', value: 'gold', kickMessage: 'Come through the lobby' } },
        },
      },
    ],
    versions: VERSIONS,
    versionRange: FROM,
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        steps: [...transfer],
        deadlineMs,
        expect: { outcome: 'kicked', message: 'Come through the lobby' },
      },
    ],
  },
  {
    name: 'transfer: a player who comes straight in has no cookie (cookies live only across a transfer)',
    server: { auth: 'premium', cookies: { require: { key: 'lobby:ticket', value: 'gold', kickMessage: 'Come through the lobby' } } },
    versions: VERSIONS,
    versionRange: FROM,
    bots: [{ account: { kind: 'premium', name: 'Alice' }, expect: { outcome: 'kicked', message: 'Come through the lobby' } }],
  },
  {
    name: 'transfer: a cookie response the server never asked for ends the login',
    server: { auth: 'premium' },
    versions: VERSIONS,
    versionRange: FROM,
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' },
        unsolicitedCookie: { key: 'evil:cookie', value: 'crumbs' },
        expect: { outcome: 'kicked', message: 'Unexpected custom data from client' },
      },
    ],
  },
])
