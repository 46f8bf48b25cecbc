// scenarios/outage.ts
import { defineScenarios } from 'mc-login-harness'

export default defineScenarios([
  {
    name: 'outage: hasJoined hangs until authlib gives up (5 s)',
    server: { auth: 'premium' }, // premium | cracked | guarded
    session: { faults: [{ route: 'hasJoined', mode: 'hang' }] },
    versions: ['1.8.8', 'latest'], // or 'all'; --versions overrides
    bots: [
      {
        account: { kind: 'premium', name: 'Alice' }, // premium | revoked | loggedInElsewhere | cracked | impersonator
        expect: { outcome: 'auth_servers_down', afterMs: 4500, withinMs: 9000 },
      },
    ],
  },
])
