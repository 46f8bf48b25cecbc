import { describe, expect, it } from 'vitest'
import { EmbeddedBackend } from '../backends/embedded.ts'
import { validateScenario } from './load.ts'
import { runCase } from './runner.ts'

describe('account kind loggedInElsewhere', () => {
  it('a second launcher\'s sign-in kills the bot\'s token: "Invalid session", while a plain premium bot gets in', async () => {
    const scenario = validateScenario(
      {
        name: 'logged in elsewhere',
        server: { auth: 'premium' },
        bots: [
          { account: { kind: 'loggedInElsewhere', name: 'Elsie' }, expect: { outcome: 'invalid_session', message: /Invalid session/ } },
          { account: { kind: 'premium', name: 'Stayer' }, expect: 'success' },
        ],
      },
      'inline',
      'inline.ts',
    )
    const results = await runCase({ scenario, version: '1.20.4' }, new EmbeddedBackend())
    expect(results.map((r) => [r.bot, r.outcome, r.pass])).toEqual([
      ['Elsie (loggedInElsewhere)', 'invalid_session', true],
      ['Stayer (premium)', 'success', true],
    ])
  })

  it('is refused with a typo in the kind, naming the allowed kinds', () => {
    expect(() =>
      validateScenario(
        { name: 'x', server: { auth: 'premium' }, bots: [{ account: { kind: 'loggedinelsewhere', name: 'Elsie' }, expect: 'success' }] },
        'inline',
        'inline.ts',
      ),
    ).toThrow(/loggedInElsewhere/)
  })
})
