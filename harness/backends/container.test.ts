import { describe, expect, it } from 'vitest'
import { harnessRunId } from '../server/container/resources.ts'
import { ContainerBackend, containerBackendOptionsFromEnv } from './container.ts'
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
