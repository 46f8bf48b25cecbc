/**
 * The local image's console: the stand-in for a real server's console input (itzg's
 * `mc-send-to-console`, which writes to a named pipe Node cannot make). The server process listens
 * on a unix socket inside the container; `entrypoint.mjs console <command...>` (run with `docker
 * exec`) sends one command line and prints the answer. Only what the harness needs: vanilla's
 * `transfer <hostname> <port> <player>` (TransferCommand, 1.20.5+; the console has every permission).
 */
import net from 'node:net'
import fs from 'node:fs'

/** In the data folder, which belongs to the server's user (uid 1000); the image has no writable /tmp. */
export function consoleSocketPath(dataDir = process.env.HARNESS_DATA_DIR ?? '/data'): string {
  return `${dataDir}/.harness-console.sock`
}

export interface ConsoleTarget {
  transfer(name: string, host: string, port: number): void
}

/** Runs one console line; the answer is the console's text ("Transferring ..." or what went wrong). */
export function runConsoleCommand(target: ConsoleTarget, line: string): { ok: boolean; text: string } {
  const [command, ...args] = line.trim().split(/\s+/)
  if (command !== 'transfer')
    return { ok: false, text: `Unknown or incomplete command: ${command ?? ''} (this console runs transfer only)` }
  const [host, portText, player] = args
  const port = Number(portText)
  if (!host || !player || !Number.isInteger(port) || port < 1 || port > 65535)
    return { ok: false, text: 'usage: transfer <hostname> <port 1-65535> <player>' }
  try {
    target.transfer(player, host, port)
    // commands.transfer.success.single: "Transferring %s to %s:%s".
    return { ok: true, text: `Transferring ${player} to ${host}:${port}` }
  } catch (error) {
    return { ok: false, text: (error as Error).message }
  }
}

/** Listens on the console socket (replacing a stale socket file); one line in, one line out per connection. */
export function listenConsole(target: ConsoleTarget, path = consoleSocketPath()): Promise<net.Server> {
  fs.rmSync(path, { force: true })
  const server = net.createServer((socket) => {
    let buffer = ''
    socket.setEncoding('utf8')
    socket.on('error', () => socket.destroy())
    socket.on('data', (chunk: string) => {
      buffer += chunk
      const end = buffer.indexOf('\n')
      if (end < 0) return
      const answer = runConsoleCommand(target, buffer.slice(0, end))
      socket.end(`${answer.ok ? 'ok' : 'error'} ${answer.text}\n`)
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => resolve(server))
  })
}

/** Sends one command line to the console at `path`; resolves with its answer, rejects with what went wrong. */
export function sendConsoleCommand(line: string, path = consoleSocketPath(), timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(path, () => socket.write(`${line}\n`))
    let answer = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer from the console within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (answer += chunk))
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      const text = answer.trim()
      if (text.startsWith('ok ')) resolve(text.slice(3))
      else reject(new Error(text.replace(/^error /, '') || 'the console closed without an answer'))
    })
  })
}
