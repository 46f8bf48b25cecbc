import { parentPort, workerData } from 'node:worker_threads'
import type { StormJob } from './attempt.ts'
import { warmProtocol } from './warm.ts'
import { enableProtocolSpeedups } from '../protocol-speedups.ts'
import { deferMicrosoftSignIn } from '../deferred-sign-in.ts'

// A storm thread is the harness's own, with its own module registry: the memo reaches no one else.
enableProtocolSpeedups()
// Before the clients' module loads (attempt.ts): their Microsoft sign-in is never used.
deferMicrosoftSignIn()
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
