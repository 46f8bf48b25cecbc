import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * Compiles minecraft-protocol's packet codecs for a version ahead of the storm. They are compiled
 * once per thread on first use (0.1-0.5 s per state); paid inside the storm, that start-up cost
 * would read as login latency of the first wave. No traffic: nothing is connected.
 */
export function warmProtocol(version: string, side: 'client' | 'server'): void {
  const { createSerializer, createDeserializer } = require('minecraft-protocol/src/transforms/serializer')
  const mcData = require('minecraft-data')(version)
  if (!mcData) return
  const isServer = side === 'server'
  for (const state of Object.keys(mcData.protocol)) {
    if (state === 'types') continue
    createSerializer({ state, isServer, version })
    createDeserializer({ state, isServer, version })
  }
}
