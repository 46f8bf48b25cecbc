import { describe, expect, expectTypeOf, it } from 'vitest'
import type { GuardOptions, LoginProperties, ServerConfig } from '../server/types.ts'
import { serverConfigApiSchema, serverConfigShape, type AuthMode } from './server-config.ts'

describe('ServerConfig is typed from the scenario server schema', () => {
  it('has every field of the scenario block but the file the loader reads', () => {
    // A field added to serverConfigShape becomes a ServerConfig field with no second declaration.
    type FromSchema = Exclude<keyof typeof serverConfigShape, 'propertiesFile'>
    expectTypeOf<Exclude<FromSchema, keyof ServerConfig>>().toBeNever()
    expectTypeOf<ServerConfig['whitelist']>().toEqualTypeOf<string[] | undefined>()
    expectTypeOf<ServerConfig['loginDeadlineMs']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<AuthMode>().toEqualTypeOf<'premium' | 'cracked' | 'guarded'>()
    // The API side is wider where the API takes more: the port among the properties, the guard's storeFile.
    expectTypeOf<{ serverPort: number }>().toExtend<NonNullable<ServerConfig['properties']>>()
    expectTypeOf<NonNullable<ServerConfig['properties']>>().toEqualTypeOf<Partial<LoginProperties>>()
    expectTypeOf<NonNullable<ServerConfig['guard']>>().toEqualTypeOf<GuardOptions>()
    expect(Object.keys(serverConfigApiSchema.shape).sort()).toEqual(
      Object.keys(serverConfigShape)
        .filter((k) => k !== 'propertiesFile')
        .sort(),
    )
  })

  it('the API schema refuses what the scenario schema refuses, in the same words', () => {
    const bad = { auth: 'cracked', whitelist: ['not a name'] }
    expect(serverConfigApiSchema.safeParse(bad).error?.issues[0]?.message).toBe(
      'must be a Minecraft name: 1-16 characters of A-Z, a-z, 0-9 and _',
    )
    expect(serverConfigApiSchema.safeParse({ auth: 'cracked', propertiesFile: 'x' }).success).toBe(false)
    expect(
      serverConfigApiSchema.safeParse({
        auth: 'guarded',
        guard: { kind: 'authme', storeFile: 'g.json' },
        properties: { serverPort: 25565 },
      }).success,
    ).toBe(true)
  })
})

describe('platform', () => {
  it('is vanilla or paper; spigot, purpur and folia are refused by name until they have rules', () => {
    expect(serverConfigApiSchema.parse({ auth: 'cracked', platform: 'paper' }).platform).toBe('paper')
    expect(serverConfigApiSchema.safeParse({ auth: 'cracked', platform: 'spigot' }).error?.issues[0]?.message).toMatch(
      /"spigot" has no rules in the harness yet .*use "paper"/,
    )
    expect(serverConfigApiSchema.safeParse({ auth: 'cracked', platform: 'bedrock' }).error?.issues[0]?.message).toBe(
      '"bedrock" is not a platform; use "vanilla" or "paper"',
    )
    expectTypeOf<ServerConfig['platform']>().toEqualTypeOf<'vanilla' | 'paper' | undefined>()
  })
})
