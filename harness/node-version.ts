/**
 * The Node versions the harness runs on. Its dependencies need 22.19 (undici, under testcontainers)
 * or 22 (minecraft-protocol, mineflayer); on an older Node they fail deep inside with errors that
 * do not name the cause (a TypeError in undici), so the entries check first and say it plainly.
 */
export const MIN_NODE_VERSION = '22.19.0'

/** undefined when `version` is new enough, else the message to show. */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0)
  const [needMajor, needMinor, needPatch] = MIN_NODE_VERSION.split('.').map(Number) as [number, number, number]
  const ok = major !== needMajor ? major > needMajor : minor !== needMinor ? minor > needMinor : patch >= needPatch
  if (ok) return undefined
  return (
    `mc-login-harness needs Node.js ${MIN_NODE_VERSION} or newer; this is Node.js ${version} (${process.execPath}). ` +
    'Install a newer Node (nvm install 22, or add the `node` package as a devDependency so npm scripts and npx use it).'
  )
}
