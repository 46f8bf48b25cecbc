import { defineScenarios } from 'mc-login-harness'

/** online-mode=false: nobody is checked, so anyone may claim any name. */
export default defineScenarios([
  {
    name: 'cracked: a cracked client joins',
    server: { auth: 'cracked' },
    bots: [{ account: { kind: 'cracked', name: 'Steve' }, expect: 'success' }],
  },
  {
    name: 'cracked: impersonating a premium name succeeds (the risk)',
    description: 'Asserted on purpose: this is why an offline server needs a password plugin or a proxy.',
    server: { auth: 'cracked' },
    bots: [{ account: { kind: 'impersonator', name: 'Notch' }, expect: 'success' }],
  },
])
