import { describe, expect, it } from 'vitest'
import { runConsoleCommand } from './console.ts'
import { buildContainerPlan } from './container-config.ts'
import { parseLocalImageEnv } from './env-contract.ts'

describe("the local image's console (vanilla's transfer command)", () => {
  it("runs transfer <hostname> <port> <player> with vanilla's success text, and says what is wrong otherwise", () => {
    const calls: Array<[string, string, number]> = []
    const target = {
      transfer: (name: string, host: string, port: number) => {
        if (name === 'Nobody') throw new Error('transfer: Nobody is not online on this server')
        calls.push([name, host, port])
      },
    }
    expect(runConsoleCommand(target, 'transfer 127.0.0.1 25570 Alice')).toEqual({ ok: true, text: 'Transferring Alice to 127.0.0.1:25570' })
    expect(calls).toEqual([['Alice', '127.0.0.1', 25570]])
    expect(runConsoleCommand(target, 'transfer 127.0.0.1 70000 Alice').ok).toBe(false)
    expect(runConsoleCommand(target, 'transfer 127.0.0.1 1 Nobody')).toEqual({
      ok: false,
      text: 'transfer: Nobody is not online on this server',
    })
    expect(runConsoleCommand(target, 'op Alice')).toMatchObject({
      ok: false,
      text: expect.stringMatching(/^Unknown or incomplete command: op/),
    })
  })
})

describe('the cookie hook into a container', () => {
  const cookies = { store: { 'lobby:ticket': 'gold' } }
  it('reaches the local image as HARNESS_COOKIES and is read back; the itzg image refuses it', () => {
    const plan = buildContainerPlan({ image: 'local', type: 'VANILLA', auth: 'cracked', version: '1.20.6', cookies })
    expect(JSON.parse(plan.env.HARNESS_COOKIES!)).toEqual(cookies)
    expect(parseLocalImageEnv(plan.env).config.cookies).toEqual(cookies)
    expect(() => buildContainerPlan({ image: 'itzg', type: 'PAPER', auth: 'cracked', version: '1.20.6', cookies })).toThrow(
      /the cookie hook is a plugin of the embedded server/,
    )
    expect(() => parseLocalImageEnv({ ...plan.env, HARNESS_COOKIES: '{' })).toThrow(/HARNESS_COOKIES: not JSON/)
  })
})
