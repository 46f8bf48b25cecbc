/**
 * Ctrl-C removes every container and network of the run, also while a container is still
 * starting; removeHarnessLeftovers() removes what a killed run left. Under CI=true a missing
 * Docker fails these tests; elsewhere they are skipped with the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { GenericContainer, getContainerRuntimeClient } from 'testcontainers'
import { beforeAll, describe, expect, it } from 'vitest'
import { removeHarnessLeftovers } from './cleanup.ts'
import { LOCAL_IMAGE } from './container-config.ts'
import { mustHaveDocker, probeDocker } from './docker-probe.ts'
import { ensureLocalImage, REPO_ROOT } from './local-image.ts'
import { HARNESS_LABEL, RUN_LABEL, dockerodeOf, ryukWanted } from './resources.ts'

const docker = await probeDocker()
const skip = !docker.ok && !mustHaveDocker()
if (skip) console.warn(`[container tests skipped] ${docker.reason}`)

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/interrupted-run.ts')

async function leftovers(runId: string) {
  const dockerode = dockerodeOf(await getContainerRuntimeClient())
  const filters = JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] })
  return {
    containers: (await dockerode.listContainers({ all: true, filters })).map((c) => c.Names[0]),
    networks: (await dockerode.listNetworks({ filters })).map((n) => n.Name),
  }
}

/** Resolves once Docker reports `count` started containers of `runId` (Docker's event stream, no polling). */
async function containersStarted(runId: string, count: number, timeoutMs: number): Promise<void> {
  const dockerode = dockerodeOf(await getContainerRuntimeClient())
  const events = (await dockerode.getEvents({
    filters: { type: ['container'], event: ['start'], label: [`${RUN_LABEL}=${runId}`] },
  })) as NodeJS.ReadableStream & { destroy(): void }
  try {
    await new Promise<void>((resolve, reject) => {
      let seen = 0
      const timer = setTimeout(() => reject(new Error(`${seen}/${count} containers of ${runId} started within ${timeoutMs} ms`)), timeoutMs)
      events.on('data', () => {
        if (++seen >= count) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
  } finally {
    events.destroy()
  }
}

function runFixture(mode: string, runId: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = ''
  // The pinned Node with tsx as a loader (not tsx's CLI, which relays signals through a parent).
  const child = spawn(path.join(REPO_ROOT, 'node_modules/node/bin/node'), ['--import', 'tsx', FIXTURE, mode], {
    cwd: REPO_ROOT,
    env: { ...process.env, PATH: `${path.join(REPO_ROOT, 'node_modules/.bin')}:${process.env.PATH}`, MC_LOGIN_HARNESS_RUN_ID: runId },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))))
  return { child, output: () => output, exited }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer))
}

describe.skipIf(skip)('cleanup without ryuk', () => {
  beforeAll(async () => {
    if (!docker.ok) throw new Error(`CI=true and ${docker.reason}`)
    await ensureLocalImage()
  })

  for (const mode of ['ready', 'starting'] as const) {
    it(`Ctrl-C (${mode}) removes every container and network of the run`, async () => {
      const runId = `test-${randomBytes(4).toString('hex')}`
      const run = runFixture(mode, runId)
      try {
        if (mode === 'ready') {
          await withTimeout(
            new Promise<void>((resolve, reject) => {
              run.child.stdout!.on('data', () => run.output().includes('READY') && resolve())
              run.child.on('exit', () => reject(new Error(`fixture exited early:\n${run.output()}`)))
            }),
            60_000,
            'no READY',
          )
        } else {
          await containersStarted(runId, 2, 60_000)
        }
        const during = await leftovers(runId)
        expect(during.containers).toHaveLength(2)
        expect(during.networks).toHaveLength(1)
        run.child.kill('SIGINT')
        const code = await withTimeout(run.exited, 30_000, 'fixture did not exit')
        // While starting, the failed start() (its container removed) races the signal to exit.
        expect(mode === 'ready' ? [130] : [130, 1]).toContain(code)
        expect(await leftovers(runId), run.output()).toEqual({ containers: [], networks: [] })
      } finally {
        run.child.kill('SIGKILL')
        await removeHarnessLeftovers({ runId })
      }
    })
  }

  it('removeHarnessLeftovers removes what a killed run left, and only ours', async () => {
    const runId = `test-${randomBytes(4).toString('hex')}`
    const client = await getContainerRuntimeClient()
    const dockerode = dockerodeOf(client)
    // A leftover as a SIGKILLed run leaves it: labelled, running, tracked by nobody.
    const leftover = await dockerode.createContainer({
      Image: LOCAL_IMAGE,
      Cmd: ['session-server'],
      Labels: { [HARNESS_LABEL]: '1', [RUN_LABEL]: runId },
    })
    await leftover.start()
    const network = await dockerode.createNetwork({
      Name: `mc-login-harness-${runId}`,
      Labels: { [HARNESS_LABEL]: '1', [RUN_LABEL]: runId },
    })
    let foreign: Awaited<ReturnType<GenericContainer['start']>> | undefined
    try {
      // Someone else's container, on the same image, must survive.
      foreign = await new GenericContainer(LOCAL_IMAGE)
        .withCommand(['session-server'])
        .withLabels({ 'not-ours': '1' })
        .withAutoCleanup(ryukWanted())
        .start()
      const removed = await removeHarnessLeftovers({ runId })
      expect(removed.containers).toEqual([leftover.id.slice(0, 12)])
      expect(removed.networks).toEqual([`mc-login-harness-${runId}`])
      expect(await leftovers(runId)).toEqual({ containers: [], networks: [] })
      expect((await dockerode.getContainer(foreign.getId()).inspect()).State.Running).toBe(true)
    } finally {
      await foreign?.stop()
      await dockerode
        .getContainer(leftover.id)
        .remove({ force: true })
        .catch(() => {})
      await network.remove().catch(() => {})
    }
  })
})
