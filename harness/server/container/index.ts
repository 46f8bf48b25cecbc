/**
 * `mc-login-harness/container`: the testcontainers module, kept out of the main entry so that
 * importing the library does not load testcontainers and its Docker client.
 */
import './../../require-node.ts' // first: a plain error on a too-old Node
export { MinecraftServerContainer, type StartedMinecraftServerContainer } from './minecraft-server-container.ts'
export { SessionServerContainer, type StartedSessionServerContainer } from './session-container.ts'
export { ContainerBackend, containerBackendOptionsFromEnv, type ContainerBackendOptions } from '../../backends/container.ts'
export { startHarnessNetwork, type HarnessNetwork } from './resources.ts'
export { ensureLocalImage, type LocalImageOptions, type LocalImageResult } from './local-image.ts'
export { removeHarnessLeftovers, type CleanupResult } from './cleanup.ts'
export { probeDocker, type DockerProbe } from './docker-probe.ts'
export { ITZG_IMAGE, LOCAL_IMAGE, localImage, type ContainerPlan } from './container-config.ts'
export {
  MinecraftProxyContainer,
  MC_PROXY_IMAGE,
  type StartedMinecraftProxyContainer,
  type ProxyImageType,
  type ProxyContainerPlan,
} from './proxy-container.ts'
export type { ProxyForwardingMode, ProxyType } from '../../proxy/backend-link.ts'
export type { ProxyContainerSpec } from './proxy-container.ts'
