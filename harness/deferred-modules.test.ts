import { createRequire } from 'node:module'
import { afterAll, describe, expect, it } from 'vitest'
import { deferUnusedModules } from './deferred-modules.ts'

const require = createRequire(import.meta.url)
const signInFile = require.resolve('minecraft-protocol/src/client/microsoftAuth.js')
const validatorFile = createRequire(require.resolve('protodef')).resolve('protodef-validator')
type SignIn = { authenticate(...args: unknown[]): Promise<unknown>; realmAuthenticate(...args: unknown[]): Promise<unknown> }
type Validator = new () => { validateType(type: unknown): void }

describe('modules the protocol libraries require but the harness never uses, loaded at first use', () => {
  // Whatever this worker loaded before: a stand-in goes in only where the real module is not.
  delete require.cache[signInFile]
  delete require.cache[validatorFile]
  afterAll(() => {
    delete require.cache[signInFile]
    delete require.cache[validatorFile]
  })

  it('puts stand-ins where minecraft-protocol and protodef will require them', () => {
    expect(deferUnusedModules()).toBe(true)
    const signIn = require(signInFile) as SignIn
    expect(Object.keys(signIn).sort()).toEqual(['authenticate', 'realmAuthenticate'])
    // Not the real module's authenticate(client, options): the stand-in takes any arguments on.
    expect(signIn.authenticate.length).toBe(0)
    expect((require(validatorFile) as Validator).name).toBe('DeferredValidator')
  })

  it('Microsoft sign-in: the first call loads the real module and hands it the call', async () => {
    const standIn = require(signInFile) as SignIn
    // The real authenticate reads options.profilesFolder first: null fails there, in the real module.
    await expect(standIn.authenticate({}, null)).rejects.toThrow(/profilesFolder/)
    const real = require(signInFile) as SignIn
    expect(real).not.toBe(standIn)
    expect(real.authenticate.length).toBe(2)
  })

  it("protodef's validator: `new` gives the real validator, which validates", () => {
    const StandIn = require(validatorFile) as Validator
    const validator = new StandIn()
    const Real = require(validatorFile) as Validator
    expect(Real).not.toBe(StandIn)
    expect(validator).toBeInstanceOf(Real)
    expect(() => validator.validateType(['container', 'not a list'])).toThrow()
  })
})
