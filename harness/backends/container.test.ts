import { describe, expect, it } from 'vitest'
import { harnessRunId } from '../server/container/resources.ts'
import { ContainerBackend, containerBackendOptionsFromEnv } from './container.ts'
import { startupHint } from '../server/container/minecraft-server-container.ts'
import { EmbeddedBackend } from './embedded.ts'

describe('containerBackendOptionsFromEnv', () => {
  it('reads the CI variables of the workflow template', () => {
    expect(
      containerBackendOptionsFromEnv({
        MC_LOGIN_HARNESS_IMAGE: 'ITZG',
        MC_LOGIN_HARNESS_SERVER_TYPE: 'paper',
        MC_LOGIN_HARNESS_PLUGINS: ' build/libs/x.jar , https://example.invalid/AuthMe.jar ,',
        MC_LOGIN_HARNESS_AUTHLIB_INJECTOR: '/w/authlib-injector.jar',
      }),
    ).toEqual({
      image: 'itzg',
      type: 'PAPER',
      plugins: ['build/libs/x.jar', 'https://example.invalid/AuthMe.jar'],
      authlibInjectorJar: '/w/authlib-injector.jar',
    })
    expect(containerBackendOptionsFromEnv({})).toEqual({})
  })

  it('takes an image reference as an override of the per-version itzg tag', () => {
    expect(containerBackendOptionsFromEnv({ MC_LOGIN_HARNESS_IMAGE: 'itzg/minecraft-server:java21' })).toEqual({
      image: 'itzg/minecraft-server:java21',
    })
    expect(containerBackendOptionsFromEnv({ MC_LOGIN_HARNESS_IMAGE: 'local' })).toEqual({ image: 'local' })
  })

  it('names the bad variable', () => {
    expect(() => containerBackendOptionsFromEnv({ MC_LOGIN_HARNESS_IMAGE: 'docker' })).toThrow(/MC_LOGIN_HARNESS_IMAGE/)
    expect(() => containerBackendOptionsFromEnv({ MC_LOGIN_HARNESS_IMAGE: 'itzg/minecraft server' })).toThrow(/MC_LOGIN_HARNESS_IMAGE/)
    expect(() => containerBackendOptionsFromEnv({ MC_LOGIN_HARNESS_SERVER_TYPE: 'bedrock' })).toThrow(/MC_LOGIN_HARNESS_SERVER_TYPE/)
  })
})

describe('MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS: how long a container may take to become ready', () => {
  it('is read in milliseconds; anything else names the variable and an example', () => {
    expect(containerBackendOptionsFromEnv({ MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS: ' 120000 ' })).toEqual({ startupTimeoutMs: 120_000 })
    for (const bad of ['2m', '500', '1500.5', '-1'])
      expect(() => containerBackendOptionsFromEnv({ MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS: bad })).toThrow(
        new RegExp(
          `^MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS: "${bad.replace('.', '\\.')}" is not a start limit in milliseconds; use a whole number of at least 1000`,
        ),
      )
  })

  it('is what a start that timed out tells the user to raise', () => {
    expect(startupHint('mock session server container 0123456789ab', 60_000)).toBe(
      'mock session server container 0123456789ab did not log its ready line "Done (" within 60 s; on a busy machine raise the limit with MC_LOGIN_HARNESS_STARTUP_TIMEOUT_MS=<ms> (e.g. 120000) or withStartupTimeout(ms)',
    )
    expect(startupHint('it', 300_000)).toMatch(/within 300 s; .*\(e\.g\. 600000\)/)
  })
})

describe('what the CLI says about containers that would not stop', () => {
  it("names this run's label and the cleanup command for exactly this run", () => {
    const runId = harnessRunId()
    const advice = new ContainerBackend().leftoverAdvice()
    expect(advice).toContain(`mc-login-harness.run=${runId}`)
    expect(advice).toContain(`mc-login-harness containers cleanup --run ${runId}`)
    expect(advice).toContain('ci/cleanup.sh')
  })

  it('embedded servers end with the process', () => {
    expect(new EmbeddedBackend().leftoverAdvice()).toBe('it ran inside this process, which ends it when it exits')
  })
})

describe('standInPlugins: jars whose code the local stand-in never runs', () => {
  it("the run's and the scenarios' jars on the local image, each once, AuthMe left out; none on itzg", () => {
    const local = new ContainerBackend({ plugins: ['/w/build/libs/my-plugin.jar', '/w/cache/AuthMe-5.6.0.jar'] })
    expect(local.standInPlugins([undefined, { plugins: ['/w/extra.jar'] }, { plugins: ['/w/build/libs/my-plugin.jar'] }])).toEqual([
      'my-plugin.jar',
      'extra.jar',
    ])
    expect(local.standInPlugins([{ image: 'itzg' }])).toEqual([])
    expect(new ContainerBackend({ image: 'itzg', plugins: ['/w/x.jar'] }).standInPlugins([undefined])).toEqual([])
    expect(new ContainerBackend({ image: 'itzg', plugins: ['/w/x.jar'] }).standInPlugins([{ image: 'local' }])).toEqual(['x.jar'])
    expect(new ContainerBackend({}).standInPlugins([undefined])).toEqual([])
  })
})
