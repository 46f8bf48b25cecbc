import { createRequire } from 'node:module'
import { afterAll, describe, expect, it } from 'vitest'
import { deferUnusedModules } from './deferred-modules.ts'

const require = createRequire(import.meta.url)
const signInFile = require.resolve('minecraft-protocol/src/client/microsoftAuth.js')
type SignIn = { authenticate(...args: unknown[]): Promise<unknown>; realmAuthenticate(...args: unknown[]): Promise<unknown> }

describe('modules the protocol libraries require but the harness never uses, loaded at first use', () => {
  // Whatever this worker loaded before: a stand-in goes in only where the real module is not.
  delete require.cache[signInFile]
  afterAll(() => {
    delete require.cache[signInFile]
  })

  it('puts a stand-in where minecraft-protocol will require its Microsoft sign-in', () => {
    expect(deferUnusedModules()).toBe(true)
    const signIn = require(signInFile) as SignIn
    expect(Object.keys(signIn).sort()).toEqual(['authenticate', 'realmAuthenticate'])
    // Not the real module's authenticate(client, options): the stand-in takes any arguments on.
    expect(signIn.authenticate.length).toBe(0)
  })

  it('Microsoft sign-in: the first call loads the real module and hands it the call', async () => {
    const standIn = require(signInFile) as SignIn
    // The real authenticate reads options.profilesFolder first: null fails there, in the real module.
    await expect(standIn.authenticate({}, null)).rejects.toThrow(/profilesFolder/)
    const real = require(signInFile) as SignIn
    expect(real).not.toBe(standIn)
    expect(real.authenticate.length).toBe(2)
  })
})
