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

export function assertLoopbackHost(host: string, where: string): void {
  if (!isLoopbackHost(host)) {
    throw new HarnessInputError(`${where}: "${host}" is not a loopback address; bots only connect to 127.0.0.1, ::1 or localhost`)
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
