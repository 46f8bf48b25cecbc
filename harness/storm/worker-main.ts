import { parentPort, workerData } from 'node:worker_threads'
import type { StormJob } from './attempt.ts'
import { warmProtocol } from './warm.ts'
import { enableProtocolSpeedups } from '../protocol-speedups.ts'
import { deferUnusedModules } from '../deferred-modules.ts'

// A storm thread is the harness's own, with its own module registry: what is patched reaches no
// one else. First, before the protocol libraries load (the speed-ups and attempt.ts load them):
// what they require but the clients never use loads at a first use that never comes.
deferUnusedModules()
enableProtocolSpeedups()
const { runJob } = await import('./attempt.ts')

/** The client thread's loop: run every job it is sent, answer each with its result. */
const port = parentPort
if (!port) throw new Error('worker-main.ts runs only as a storm worker thread')
port.on('message', (message: { type: 'job'; job: StormJob } | { type: 'close' }) => {
  if (message.type === 'close') {
    port.close()
    return
  }
  void runJob(message.job).then((result) => port.postMessage({ type: 'result', result }))
})
const { version } = (workerData ?? {}) as { version?: string }
if (version) warmProtocol(version, 'client')
port.postMessage({ type: 'ready' })
