import { defineScenarios } from 'mc-login-harness'

/**
 * What AuthMe 5.6.0 adds at login (AuthMe/AuthMeReloaded, tag 5.6.0), each expecting AuthMe's own
 * words. On a real server (`--image itzg`) the harness writes these settings into AuthMe's
 * config.yml; the embedded guard and the stand-in image play them.
 */
export default defineScenarios([
  {
    name: 'authme: AntiBot turns away unregistered joins after a burst',
    // AntiBotService with Protection.antiBotDelay 0 (listening at once, not after 60 s),
    // antiBotSensibility 3 (AuthMe's default 10 would need 11 bots) and antiBotInterval 30 (a slow
    // runner's gaps stay inside the burst): the 4th quick unregistered join turns protection on.
    server: { auth: 'guarded', guard: { kind: 'authme', antiBot: { delaySeconds: 0, sensibility: 3, intervalSeconds: 30 } } },
    bots: [
      { account: { kind: 'cracked', name: 'Burst1' }, expect: 'success' },
      { account: { kind: 'cracked', name: 'Burst2' }, expect: 'success' },
      { account: { kind: 'cracked', name: 'Burst3' }, expect: 'success' },
      {
        account: { kind: 'cracked', name: 'Burst4' },
        expect: {
          outcome: 'kicked',
          message: 'AntiBot protection mode is enabled! You have to wait some minutes before joining the server.',
        },
      },
      {
        name: 'Burst5 while protection is on',
        account: { kind: 'cracked', name: 'Burst5' },
        expect: {
          outcome: 'kicked',
          message: 'AntiBot protection mode is enabled! You have to wait some minutes before joining the server.',
        },
      },
    ],
  },
  {
    name: 'authme: ForceSingleSession refuses a second login of a name already online',
    // OnJoinVerifier.checkSingleSession: the newcomer is refused (vanilla would kick the player
    // already online instead), whatever the name's case.
    server: { auth: 'guarded' },
    bots: [
      { name: 'Steve stays online', account: { kind: 'cracked', name: 'Steve' }, stayOnline: true, expect: 'success' },
      {
        name: 'Steve again',
        account: { kind: 'cracked', name: 'Steve' },
        expect: { outcome: 'kicked', message: 'The same username is already playing on the server!' },
      },
      {
        name: 'steve, other case',
        account: { kind: 'cracked', name: 'steve' },
        expect: { outcome: 'kicked', message: 'The same username is already playing on the server!' },
      },
    ],
  },
])
