import { isIP } from 'node:net'
import { HarnessInputError } from '../errors.ts'

/**
 * Bots may only talk to this machine: the harness's own servers and mock session server. A
 * container's mapped port is reached through a loopback host too.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h)
  return false
}

/**
 * Hosts of a remote Docker engine the harness started its own containers on (DOCKER_HOST=tcp://…):
 * the one place besides loopback bots may connect to, since the servers under test run there.
 * Added by the container module when it publishes ports on such an engine, never by user input.
 */
const engineHosts = new Set<string>()

export function allowContainerEngineHost(host: string): void {
  engineHosts.add(host.toLowerCase())
}

/** Loopback, or the host of a remote Docker engine running the harness's own containers. */
export function isBotReachableHost(host: string): boolean {
  return isLoopbackHost(host) || engineHosts.has(host.replace(/^\[|\]$/g, '').toLowerCase())
}

export function assertLoopbackHost(host: string, where: string): void {
  if (!isBotReachableHost(host)) {
    throw new HarnessInputError(
      `${where}: "${host}" is not a loopback address; bots only connect to 127.0.0.1, ::1 or localhost (or the host of a remote Docker engine running the harness's own containers)`,
    )
  }
}

/** Parses a session server base URL and refuses anything but http(s) on loopback. */
export function assertLoopbackUrl(url: string, where: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new HarnessInputError(`${where}: "${url}" is not a URL; give the mock session server's base URL, e.g. http://127.0.0.1:8080`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HarnessInputError(`${where}: "${url}" must be an http:// or https:// URL`)
  }
  assertLoopbackHost(parsed.hostname, where)
  return parsed
}
