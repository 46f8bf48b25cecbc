import { Worker } from 'node:worker_threads'
import { runJob, type StormJob, type StormJobResult } from './attempt.ts'
import { warmProtocol } from './warm.ts'

/**
 * A hang guard, not a speed limit: a thread loads minecraft-protocol and compiles its codecs
 * (from the sources, through tsx too), which took over 30 s on a 2-core runner at load 11.
 */
const WORKER_READY_TIMEOUT_MS = 120_000

interface Thread {
  worker: Worker
  inFlight: number
}

/**
 * Where the storm's clients run. With 0 workers they share this thread (and the embedded server's
 * core); with workers they run in worker threads, so the server and the clients use separate
 * cores: on a 2-core machine that is the difference between ~330 and ~450 logins/s offline.
 */
/**
 * The storm thread's entry. Compiled (the package), worker-main.js runs as is; from the sources
 * (tests, tsx), worker.mjs registers tsx in the thread first, since a worker does not inherit
 * the parent's loader in every host.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./worker.mjs', import.meta.url)
  : new URL('./worker-main.js', import.meta.url)

export class ClientPool {
  private readonly threads: Thread[] = []
  private readonly pending = new Map<number, { resolve: (r: StormJobResult) => void }>()
  private broken: Error | undefined

  private constructor() {}

  /** Starts `workers` client threads (0: clients run in this thread), their codecs compiled for `version`. */
  static async start(workers: number, version: string): Promise<ClientPool> {
    const pool = new ClientPool()
    try {
      if (workers === 0) warmProtocol(version, 'client')
      await Promise.all(Array.from({ length: workers }, () => pool.spawn(version)))
    } catch (error) {
      await pool.stop()
      throw error
    }
    return pool
  }

  get size(): number {
    return this.threads.length
  }

  private async spawn(version: string): Promise<void> {
    const worker = new Worker(WORKER_ENTRY, { workerData: { version } })
    const thread: Thread = { worker, inFlight: 0 }
    this.threads.push(thread)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`storm worker thread not ready within ${WORKER_READY_TIMEOUT_MS} ms`)),
        WORKER_READY_TIMEOUT_MS,
      )
      const onMessage = (message: { type: string; result?: StormJobResult }) => {
        if (message.type === 'ready') {
          clearTimeout(timer)
          resolve()
        } else if (message.type === 'result' && message.result) {
          thread.inFlight--
          const waiter = this.pending.get(message.result.id)
          this.pending.delete(message.result.id)
          waiter?.resolve(message.result)
        }
      }
      worker.on('message', onMessage)
      worker.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
        this.fail(error)
      })
      worker.once('exit', (code) => {
        clearTimeout(timer)
        const error = new Error(`storm worker thread exited (code ${code})`)
        reject(error)
        this.fail(error)
      })
    })
  }

  /** A dead thread settles its jobs as connection errors rather than leaving the storm waiting. */
  private fail(error: Error): void {
    this.broken ??= error
    for (const [id, waiter] of this.pending) {
      waiter.resolve({
        id,
        outcome: 'connection_error',
        message: `storm worker failed: ${error.message}`,
        joined: false,
        ms: 0,
        error: error.message,
      })
    }
    this.pending.clear()
  }

  run(job: StormJob): Promise<StormJobResult> {
    if (this.threads.length === 0) return runJob(job)
    if (this.broken)
      return Promise.resolve({
        id: job.id,
        outcome: 'connection_error',
        message: `storm worker failed: ${this.broken.message}`,
        joined: false,
        ms: 0,
        error: this.broken.message,
      })
    let thread = this.threads[0]!
    for (const t of this.threads) if (t.inFlight < thread.inFlight) thread = t
    thread.inFlight++
    return new Promise((resolve) => {
      this.pending.set(job.id, { resolve })
      thread.worker.postMessage({ type: 'job', job })
    })
  }

  /** Stops the threads; jobs still in flight (the time bound cut them) end with their sockets. */
  async stop(): Promise<void> {
    const threads = this.threads.splice(0)
    await Promise.all(
      threads.map(async ({ worker }) => {
        worker.removeAllListeners('exit')
        worker.removeAllListeners('error')
        await worker.terminate()
      }),
    )
    this.fail(new Error('storm stopped'))
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }
}
