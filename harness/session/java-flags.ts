/**
 * The `-D` flags that point a Java server at a mock session server. authlib honours a generation's
 * hosts only when all of that generation's are set, so every generation's set is given; each
 * version ignores the properties it does not know. The mock serves every API at its root.
 */
export function javaFlagsFor(sessionUrl: string): string[] {
  const root = sessionUrl.replace(/\/+$/, '')
  const hosts = ['auth', 'account', 'session', 'services', 'profiles'].map((api) => `-Dminecraft.api.${api}.host=${root}`)
  return [...hosts, '-Dminecraft.api.env=custom', `-Dmojang.sessionserver=${root}/session/minecraft/hasJoined`]
}
