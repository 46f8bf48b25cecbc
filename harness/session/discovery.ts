/**
 * The discovery document that authlib of Minecraft 26.3 and later reads instead of the separate
 * `minecraft.api.*.host` properties. Its shape is Mojang's `GET
 * https://discovery.minecraftservices.com/minecraft/client`, as authlib-injector (DiscoveryFilter,
 * resources/discovery_minecraftservices_com_minecraft_client.json) keeps a copy of it; no Mojang
 * documentation of it exists. Every endpoint points at the mock that serves the document.
 */
export function discoveryDocument(origin: string) {
  const at = (path: string) => ({ uri: `${origin}${path}` })
  return {
    environment: 'custom',
    product: 'minecraft',
    discovery: {
      authentication: {
        endpoints: { getPublicKeys: at('/publickeys'), loginXbox: at('/authentication/login_with_xbox') },
      },
      session: {
        endpoints: {
          getProfileById: at('/session/minecraft/profile/{profileId}'),
          verify: at('/session/minecraft/hasJoined'),
          join: at('/session/minecraft/join'),
        },
      },
      player: {
        endpoints: {
          updatePresence: at('/presence'),
          sendReport: at('/player/report'),
          getAttributes: at('/player/attributes'),
          getFriends: at('/friends'),
          getCertificates: at('/player/certificates'),
          updateAttributes: at('/player/attributes'),
          updateFriends: at('/friends'),
          getBlocklist: at('/privacy/blocklist'),
        },
      },
      profiles: {
        endpoints: {
          getManyByName: at('/profiles/minecraft'),
          getByName: at('/users/profiles/minecraft/{name}'),
          getTexture: { validUris: [`${origin}/textures/{textureId}`] },
        },
      },
      telemetry: { endpoints: { sendEvents: at('/events') } },
    },
  }
}
