import { defineScenario } from 'mc-login-harness'

export default defineScenario({
  name: 'premium: a cracked client is refused',
  server: { auth: 'premium' },
  bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'unverified_username' }],
})
