export {
  startProxy,
  validateProxyOptions,
  StartedProxy,
  VELOCITY_LOGIN_RATELIMIT_MS,
  type ProxyEvents,
  type ProxyOptions,
} from './embedded-proxy.ts'
export type { BackendTarget, ProxyForwardingMode, ProxyType } from './backend-link.ts'
export * from './forwarding/index.ts'
