import { createRequire } from 'node:module'
import { compressedFrame } from './fast-paths.ts'

const require = createRequire(import.meta.url)

/**
 * Everything the embedded server needs per Minecraft version, built once per process and shared by
 * every server and connection: minecraft-data lookups cost ~0.1 ms each and the registry/login
 * packets 1-2 ms to serialize, so they are paid once, not per login.
 */
export interface VersionData {
  version: string
  protocolVersion: number
  language: Record<string, string>
  supportFeature(feature: string): boolean
  /** Serialized configuration-phase registry packets (1.20.2+), ready for `writeRaw`. */
  registryPackets(): Buffer[]
  /** registryPackets() -> the compressor's output for each at `threshold`, computed once (see useFastCompression). */
  compressedRegistry(threshold: number): ReadonlyMap<Buffer, Buffer>
  /** Serialized play `login` packet, ready for `writeRaw`. */
  loginPacket(maxPlayers: number): Buffer
}

const cache = new Map<string, VersionData>()

export function versionData(version: string): VersionData {
  let data = cache.get(version)
  if (!data) {
    data = build(version)
    cache.set(version, data)
  }
  return data
}

function build(version: string): VersionData {
  const mcData = require('minecraft-data')(version)
  if (!mcData) throw new Error(`minecraft-data has no data for ${version}`)
  const { createSerializer } = require('minecraft-protocol/src/transforms/serializer')
  const supportFeature = (feature: string): boolean => Boolean(mcData.supportFeature(feature))
  let registry: Buffer[] | undefined
  const compressedByThreshold = new Map<number, Map<Buffer, Buffer>>()
  const loginByMax = new Map<number, Buffer>()

  return {
    version,
    protocolVersion: mcData.version.version,
    language: mcData.language ?? {},
    supportFeature,
    registryPackets() {
      if (registry) return registry
      const serializer = createSerializer({ state: 'configuration', isServer: true, version })
      const codec = mcData.registryCodec ?? mcData.loginPacket?.dimensionCodec ?? {}
      if (supportFeature('segmentedRegistryCodecData')) {
        registry = Object.values(codec as Record<string, unknown>).map((entry) =>
          serializer.createPacketBuffer({ name: 'registry_data', params: entry }),
        )
      } else {
        registry = [serializer.createPacketBuffer({ name: 'registry_data', params: { codec } })]
      }
      return registry
    },
    compressedRegistry(threshold: number) {
      let frames = compressedByThreshold.get(threshold)
      if (!frames) {
        frames = new Map(this.registryPackets().map((packet) => [packet, compressedFrame(packet, threshold)]))
        compressedByThreshold.set(threshold, frames)
      }
      return frames
    },
    loginPacket(maxPlayers: number) {
      let buffer = loginByMax.get(maxPlayers)
      if (!buffer) {
        const serializer = createSerializer({ state: 'play', isServer: true, version })
        buffer = serializer.createPacketBuffer({ name: 'login', params: loginParams(mcData, maxPlayers) }) as Buffer
        loginByMax.set(maxPlayers, buffer)
      }
      return buffer
    },
  }
}

/**
 * A world-less spawn: minecraft-data's captured login packet where it has one (1.16+), a
 * hand-built one for older versions. Every player gets entity id 1: nothing else is ever shown to
 * them, so the ids cannot collide in a way a client notices, and the packet can be cached.
 */
function loginParams(
  mcData: { loginPacket?: Record<string, unknown>; version: { version: number } },
  maxPlayers: number,
): Record<string, unknown> {
  if (mcData.loginPacket) {
    return {
      ...mcData.loginPacket,
      entityId: 1,
      maxPlayers,
      enforcesSecureChat: false,
    }
  }
  return {
    entityId: 1,
    gameMode: 0,
    dimension: 0,
    difficulty: 2,
    hashedSeed: [0, 0],
    maxPlayers: Math.min(maxPlayers, 255),
    levelType: 'default',
    viewDistance: 10,
    reducedDebugInfo: false,
    enableRespawnScreen: true,
  }
}
