/**
 * The discovery document of 26.3+ authlib (`-Dminecraft.api.discovery.host`), fetched and followed
 * over HTTP: a client that only knows the document's URIs can join and be verified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MockSessionServer, type StartedMockSessionServer } from './mock-session-server.ts'
import { http } from './test-clients.ts'

let mock: StartedMockSessionServer

beforeAll(async () => {
  mock = await new MockSessionServer().withAccount({ name: 'Dora', skin: {} }).start()
})
afterAll(async () => {
  await mock?.stop()
})

type Doc = { discovery: Record<string, { endpoints: Record<string, { uri?: string; validUris?: string[] }> }> }

describe('discovery document', () => {
  it("is served for both readings of the flag javaFlags() sets, and at Mojang's path", async () => {
    const flag = mock.javaFlags().find((f) => f.startsWith('-Dminecraft.api.discovery.host='))!
    const value = flag.split('=')[1]!
    expect(value).toBe(`${mock.getUrl()}/discovery`)
    const documents = await Promise.all(
      [value, `${value}/minecraft/client`, `${mock.getUrl()}/minecraft/client`].map((u) => http('GET', u)),
    )
    for (const answer of documents) {
      expect(answer.status).toBe(200)
      expect(answer.json()).toEqual(documents[0]!.json())
    }
    const doc = documents[0]!.json() as Doc
    for (const section of ['authentication', 'session', 'player', 'profiles', 'telemetry']) expect(doc.discovery[section]).toBeDefined()
    expect(doc.discovery.session!.endpoints.verify!.uri).toBe(`${mock.getUrl()}/session/minecraft/hasJoined`)
  })

  it('its URIs lead to working endpoints: join, verify, profile, key, texture', async () => {
    const doc = (await http('GET', `${mock.getUrl()}/discovery`)).json() as Doc
    const { session, profiles, authentication } = doc.discovery
    const dora = mock.getAccount('Dora')!
    const join = await http('POST', session!.endpoints.join!.uri!, {
      body: { accessToken: dora.accessToken, selectedProfile: dora.id, serverId: 'disc' },
    })
    expect(join.status).toBe(204)
    const verified = await http('GET', `${session!.endpoints.verify!.uri}?username=Dora&serverId=disc`)
    expect(verified.status).toBe(200)
    const profile = await http('GET', session!.endpoints.getProfileById!.uri!.replace('{profileId}', dora.id))
    expect(profile.json()).toMatchObject({ id: dora.id, name: 'Dora' })
    expect((await http('GET', profiles!.endpoints.getByName!.uri!.replace('{name}', 'Dora'))).json()).toEqual({ id: dora.id, name: 'Dora' })
    expect((await http('POST', profiles!.endpoints.getManyByName!.uri!, { body: ['Dora'] })).status).toBe(200)
    expect((await http('GET', authentication!.endpoints.getPublicKeys!.uri!)).status).toBe(200)
    const skinUrl = JSON.parse(
      Buffer.from((profile.json() as { properties: { value: string }[] }).properties[0]!.value, 'base64').toString(),
    ).textures.SKIN.url as string
    const pattern = profiles!.endpoints.getTexture!.validUris![0]!
    expect(skinUrl.startsWith(pattern.replace('{textureId}', ''))).toBe(true)
  })
})
