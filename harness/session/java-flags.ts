/**
 * The `-D` flags that point a Java server at a mock session server. authlib honours a generation's
 * hosts only when all of that generation's are set, so every generation's set is given; each
 * version ignores the properties it does not know. The mock serves every API at its root.
 *
 * 26.3+ reads one discovery document instead (`minecraft.api.discovery.host`). Whether authlib
 * takes that value as a host (and appends Mojang's `/minecraft/client`) or as the document's URL
 * is not documented; the mock serves the document at `<root>/discovery` and at
 * `<root>/discovery/minecraft/client`, so either reading finds it.
 */
export function javaFlagsFor(sessionUrl: string): string[] {
  const root = sessionUrl.replace(/\/+$/, '')
  const hosts = ['auth', 'account', 'session', 'services', 'profiles'].map((api) => `-Dminecraft.api.${api}.host=${root}`)
  return [
    ...hosts,
    `-Dminecraft.api.discovery.host=${root}/discovery`,
    '-Dminecraft.api.env=custom',
    `-Dmojang.sessionserver=${root}/session/minecraft/hasJoined`,
  ]
}
