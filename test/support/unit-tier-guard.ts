/**
 * Setup file of the `unit` test project: a unit test starts no server, process, socket, thread or
 * container. Each of those is refused here with an error naming the tier a test that needs it
 * belongs to, so a slow test cannot slip into the fast tier unnoticed.
 */
import childProcess from 'node:child_process'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'
import workerThreads from 'node:worker_threads'

function refuse(what: string): never {
  throw new Error(
    `unit tier: this test ${what}. Unit tests start no server, socket, process, thread or container; ` +
      'rename the file to *.int.test.ts (real sockets and processes) or *.docker.test.ts (Docker).',
  )
}

net.Server.prototype.listen = function listen(): never {
  refuse('listens on a socket')
}
net.Socket.prototype.connect = function connect(): never {
  refuse('opens a socket')
}
for (const name of ['spawn', 'fork', 'exec', 'execFile', 'spawnSync', 'execSync', 'execFileSync'] as const) {
  Object.defineProperty(childProcess, name, {
    value: () => refuse(`starts a process (child_process.${name})`),
    configurable: true,
    writable: true,
  })
}
Object.defineProperty(workerThreads, 'Worker', {
  value: class {
    constructor() {
      refuse('starts a worker thread')
    }
  },
  configurable: true,
  writable: true,
})

// Named imports (`import { spawn } from 'node:child_process'`) see the refusals too.
syncBuiltinESMExports()
