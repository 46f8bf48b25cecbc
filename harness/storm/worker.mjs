// Entry of a storm client thread. Plain JavaScript because a worker thread does not inherit the
// parent's TypeScript loader in every host (vitest, plain node): register tsx here, then load the
// TypeScript side.
import { register } from 'tsx/esm/api'

register()
await import('./worker-main.ts')
