import { createRequire } from 'node:module'
import { afterAll, describe, expect, it } from 'vitest'
import { deferMicrosoftSignIn } from './deferred-sign-in.ts'

const require = createRequire(import.meta.url)
const file = require.resolve('minecraft-protocol/src/client/microsoftAuth.js')
type SignIn = { authenticate(...args: unknown[]): Promise<unknown>; realmAuthenticate(...args: unknown[]): Promise<unknown> }

describe("minecraft-protocol's Microsoft sign-in, loaded at its first use", () => {
  // Whatever this worker loaded before: the stand-in goes in only where the real module is not.
  delete require.cache[file]
  afterAll(() => {
    delete require.cache[file]
  })

  it('puts a stand-in with the same two functions where createClient will require it', () => {
    expect(deferMicrosoftSignIn()).toBe(true)
    const standIn = require(file) as SignIn
    expect(Object.keys(standIn).sort()).toEqual(['authenticate', 'realmAuthenticate'])
    // Not the real module's functions (authenticate(client, options)): they take any arguments on.
    expect(standIn.authenticate.length).toBe(0)
  })

  it('loads the real module at the first call and hands it the call', async () => {
    const standIn = require(file) as SignIn
    // The real authenticate reads options.profilesFolder first: null fails there, in the real module.
    await expect(standIn.authenticate({}, null)).rejects.toThrow(/profilesFolder/)
    const real = require(file) as SignIn
    expect(real).not.toBe(standIn)
    expect(real.authenticate.length).toBe(2)
  })
})
