import { describe, expect, it } from 'vitest'
import { validateScenario } from './load.ts'

const lobby = { auth: 'premium' }
const bot = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  account: { kind: 'premium', name: 'Alice' },
  steps,
  expect: 'success',
  ...extra,
})
const scenario = (fields: Record<string, unknown>) => ({ name: 't', server: lobby, versions: ['latest'], ...fields })

describe('scenario input for transfers and cookies', () => {
  it('accepts a transfer to a named server and a cookies block', () => {
    const ok = validateScenario(
      scenario({
        server: { auth: 'premium', cookies: { store: { 'lobby:ticket': 'gold' } } },
        servers: [{ name: 'survival', server: { auth: 'premium', properties: { acceptsTransfers: true } } }],
        bots: [
          bot([
            { do: 'chat', text: 'hi' },
            { do: 'transfer', to: 'survival' },
          ]),
        ],
      }),
      'x.ts',
      'x.ts',
    )
    expect(ok.servers?.[0]?.name).toBe('survival')
  })

  it('a transfer to a server the scenario does not have names the ones it has', () => {
    const bad = scenario({ servers: [{ name: 'survival', server: lobby }], bots: [bot([{ do: 'transfer', to: 'creative' }])] })
    expect(() => validateScenario(bad, 'x.ts', 'x.ts')).toThrow(/no server named "creative"; the scenario's servers are survival/)
  })

  it('a transfer must be the last step, and is not modelled behind a proxy', () => {
    const notLast = scenario({
      servers: [{ name: 'survival', server: lobby }],
      bots: [
        bot([
          { do: 'transfer', to: 'survival' },
          { do: 'stay', ms: 1 },
        ]),
      ],
    })
    expect(() => validateScenario(notLast, 'x.ts', 'x.ts')).toThrow(/a transfer must be the last step/)
    const proxied = scenario({
      proxy: { type: 'velocity', forwarding: 'modern', secret: 's' },
      servers: [{ name: 'survival', server: lobby }],
      bots: [bot([{ do: 'transfer', to: 'survival' }])],
    })
    expect(() => validateScenario(proxied, 'x.ts', 'x.ts')).toThrow(/a transfer step with a scenario proxy is not modelled/)
  })

  it('two servers of one name are refused', () => {
    const twice = scenario({
      servers: [
        { name: 'a', server: lobby },
        { name: 'a', server: lobby },
      ],
      bots: [bot([])],
    })
    expect(() => validateScenario(twice, 'x.ts', 'x.ts')).toThrow(/two servers are named "a"/)
  })

  it('cookie keys are full resource locations and payloads at most 5120 bytes (vanilla ClientboundStoreCookiePacket)', () => {
    const key = scenario({ server: { auth: 'premium', cookies: { store: { ticket: 'x' } } }, bots: [bot([])] })
    expect(() => validateScenario(key, 'x.ts', 'x.ts')).toThrow(/server\.cookies\.store/)
    const atLimit = scenario({ server: { auth: 'premium', cookies: { store: { 'a:b': 'x'.repeat(5120) } } }, bots: [bot([])] })
    expect(() => validateScenario(atLimit, 'x.ts', 'x.ts')).not.toThrow()
    const tooBig = scenario({ server: { auth: 'premium', cookies: { store: { 'a:b': 'x'.repeat(5121) } } }, bots: [bot([])] })
    expect(() => validateScenario(tooBig, 'x.ts', 'x.ts')).toThrow(/at most 5120 bytes/)
    const unsolicited = scenario({ bots: [bot([], { unsolicitedCookie: { key: 'Bad Key' } })] })
    expect(() => validateScenario(unsolicited, 'x.ts', 'x.ts')).toThrow(/unsolicitedCookie\.key/)
  })
})
