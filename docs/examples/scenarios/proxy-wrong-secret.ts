import { defineScenario } from 'mc-login-harness'

export default defineScenario({
  name: 'proxy: a forwarding secret the backend does not share',
  server: { auth: 'cracked', platform: 'paper', forwarding: { velocity: { enabled: true, secret: 'backend-secret' } } },
  proxy: { type: 'velocity', forwarding: 'modern', secret: 'proxy-secret' },
  bots: [
    {
      account: { kind: 'premium', name: 'Alice' },
      expect: { outcome: 'forwarding_refused', message: 'Unable to connect to lobby: Unable to verify player details' },
    },
  ],
})
