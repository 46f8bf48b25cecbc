import { defineScenarios } from 'mc-login-harness'

/** An offline server behind an AuthMe-style password plugin (AuthMe's default messages). */
export default defineScenarios([
  {
    name: 'guarded: register, then log in again',
    server: { auth: 'guarded' },
    bots: [
      {
        name: 'Steve registers',
        account: { kind: 'cracked', name: 'Steve' },
        steps: [
          { do: 'waitForChat', pattern: '/register <password>' },
          { do: 'chat', text: '/register hunter22 hunter22' },
          { do: 'waitForChat', pattern: 'Successfully registered' },
        ],
        expect: 'success',
      },
      {
        name: 'Steve logs in',
        account: { kind: 'cracked', name: 'Steve' },
        steps: [
          { do: 'waitForChat', pattern: '/login <password>' },
          { do: 'chat', text: '/login hunter22' },
          { do: 'waitForChat', pattern: 'Successful login' },
        ],
        expect: 'success',
      },
    ],
  },
  {
    name: 'guarded: a wrong password is kicked',
    server: { auth: 'guarded', guard: { kind: 'authme', registered: { Steve: 'hunter22' } } },
    bots: [
      {
        account: { kind: 'cracked', name: 'Steve' },
        steps: [{ do: 'waitForChat', pattern: '/login <password>' }, { do: 'chat', text: '/login letmein' }, { do: 'expectKick' }],
        expect: { outcome: 'kicked', message: 'Wrong password!' },
      },
    ],
  },
  {
    name: 'guarded: an idle player is kicked at the timeout',
    server: { auth: 'guarded', guard: { kind: 'authme', timeoutMs: 1500 } },
    bots: [
      {
        account: { kind: 'cracked', name: 'Idler' },
        // Margins for a loaded runner: the kick comes 1.5 s after spawn; 20 s still tells the
        // configured timeout from AuthMe's default 30 s.
        steps: [{ do: 'expectKick', timeoutMs: 25_000 }],
        deadlineMs: 30_000,
        expect: {
          outcome: 'kicked',
          message: 'Login timeout exceeded, you have been kicked from the server, please try again!',
          afterMs: 1400,
          withinMs: 20_000,
        },
      },
    ],
  },
  {
    name: 'guarded: an impersonator without the password cannot play',
    server: { auth: 'guarded', guard: { kind: 'authme', registered: { Alice: 'correct-horse' } } },
    bots: [
      {
        account: { kind: 'impersonator', name: 'Alice' },
        steps: [{ do: 'waitForChat', pattern: '/login <password>' }, { do: 'chat', text: '/login alice123' }, { do: 'expectKick' }],
        expect: { outcome: 'kicked', message: 'Wrong password!' },
      },
    ],
  },
])
