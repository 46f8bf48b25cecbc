import { z } from 'zod'
import { parseInput, stepSchema } from '../input/index.ts'
import type { BotStep, LoginAttempt, LoginAttemptOptions } from './types.ts'
import { createUnconnectedBot, type MineflayerBot as Bot } from './mineflayer-bot.ts'
import { AttemptRecorder } from './recorder.ts'
import { minecraftData } from '../minecraft-data-memo.ts'
import { HarnessInputError } from '../errors.ts'
import { requireCookieVersion } from './cookie-jar.ts'
import { lightLogin } from './light-client.ts'
import { isLoopbackHost } from './loopback.ts'
import type { RawClient } from './protocol-client.ts'

/** The English text of every secure-chat refusal (`chat.disabled.*` but the client-side ones) of a version, to its key. */
function chatRefusalTexts(version: string): Map<string, string> {
  const language = (minecraftData(version) as unknown as { language: Record<string, string> }).language
  const texts = new Map<string, string>()
  for (const [key, text] of Object.entries(language)) {
    // options/launcher/profile are the client's own settings, never sent by a server.
    if (key.startsWith('chat.disabled.') && !/^chat\.disabled\.(options|launcher|profile)/.test(key)) texts.set(text, key)
  }
  return texts
}

/** Time a bot gets to reach spawn; the steps' own budgets are added on top. */
export const DEFAULT_LOGIN_BUDGET_MS = 20_000
/**
 * A wait for a line is usually a wait for a plugin's timer (AuthMe prompts 2 s after join): 10 s
 * leaves a loaded 2-core CI runner room, where 5 s was missed with many containers running.
 */
export const DEFAULT_WAIT_FOR_CHAT_MS = 10_000
export const DEFAULT_EXPECT_KICK_MS = 10_000
export const DEFAULT_CHAT_VERDICT_MS = 5_000
export const DEFAULT_TRANSFER_MS = 5_000

/**
 * Only what joining and chatting need: `game` (login, registries, chat formats on 1.19+),
 * `health` (emits spawn), `chat`, `kick`, `settings` (the client-information packet some servers
 * wait for). The others build world and entity state per bot; leaving them out keeps a bot cheap.
 */
const PLUGINS = { game: true, health: true, chat: true, kick: true, settings: true }

function stepBudget(step: BotStep): number {
  switch (step.do) {
    case 'chat':
      return step.text.startsWith('/') ? 0 : (step.timeoutMs ?? DEFAULT_CHAT_VERDICT_MS)
    case 'stay':
      return step.ms
    case 'waitForChat':
      return step.timeoutMs ?? DEFAULT_WAIT_FOR_CHAT_MS
    case 'expectKick':
      return step.timeoutMs ?? DEFAULT_EXPECT_KICK_MS
    case 'transfer':
      // The wait for the transfer packet; the login on the target has its own budget (runAttempt).
      return step.timeoutMs ?? DEFAULT_TRANSFER_MS
  }
}

/** The default whole-attempt deadline: the login budget plus every step's own budget. */
export function defaultDeadline(steps: readonly BotStep[] = []): number {
  return DEFAULT_LOGIN_BUDGET_MS + steps.reduce((sum, s) => sum + stepBudget(s), 0)
}

/**
 * One login by a mineflayer bot, then its scripted steps. A kick at any point (also during the
 * steps) becomes the outcome; a step whose deadline passes gives `timeout` naming the step; the
 * whole attempt is capped by `deadlineMs` (default: see defaultDeadline()). The bot is always
 * ended, its listeners and timers removed, before this resolves.
 */
export async function attemptLogin(options: LoginAttemptOptions): Promise<LoginAttempt> {
  return (await runAttempt(options, false)).attempt
}

/** A bot that stayed in the game after its steps: `leave()` ends it (once; later calls wait for the same end). */
export interface StayingAttempt {
  attempt: LoginAttempt
  leave(): Promise<void>
}

/**
 * attemptLogin, but a bot that finished its steps in the game stays connected until `leave()`:
 * the attempt is what it saw until then. A bot turned away (kick, end, timeout) has left already.
 */
export async function attemptLoginAndStay(options: LoginAttemptOptions): Promise<StayingAttempt> {
  return runAttempt(options, true)
}

async function runAttempt(options: LoginAttemptOptions, stay: boolean): Promise<StayingAttempt> {
  const steps = options.steps ?? []
  validateSteps(steps, options)
  const started = performance.now()
  const { bot, client, connect } = createUnconnectedBot(options, {
    loadInternalPlugins: false,
    plugins: PLUGINS,
    physicsEnabled: false,
    // A dead bot must not respawn by itself: steps decide what happens.
    respawn: false,
  })
  const recorder = new AttemptRecorder(client, options.version, started, options.platform)
  // mineflayer re-emits client errors on the bot; without a listener they would throw.
  recorder.listen(bot, 'error', () => {})
  connect()

  const deadline = options.deadlineMs ?? defaultDeadline(steps)
  recorder.timer(deadline, () =>
    recorder.timeout(recorder.record.spawned ? `steps not finished within ${deadline} ms` : `no spawn within ${deadline} ms`),
  )

  const chatWaiters = new Set<() => void>()
  recorder.listen(bot, 'messagestr', (text: string) => {
    recorder.chat.push(text)
    recorder.note(`chat: ${JSON.stringify(text)}`)
    for (const wake of chatWaiters) wake()
  })
  recorder.listen(bot, 'spawn', () => {
    if (recorder.record.spawned) return
    recorder.note('spawn')
    if (recorder.isSettled) return
    recorder.record.spawned = true
    void runSteps(bot, client, steps, recorder, chatWaiters, options).then((transfer) => {
      stepsDone = !recorder.isSettled
      transferTo = transfer
      recorder.finish()
    })
  })
  let stepsDone = false
  let transferTo: TransferPacket | undefined

  await recorder.settled
  if (transferTo) return { attempt: await followTransfer(options, transferTo, client, recorder, started), leave: async () => {} }
  const close = async () => {
    const attempt = await recorder.close()
    bot.removeAllListeners()
    return attempt
  }
  if (stay && stepsDone) {
    const attempt = recorder.snapshot()
    let left: Promise<void> | undefined
    return { attempt, leave: () => (left ??= close().then(() => {})) }
  }
  const attempt = await close()
  return { attempt, leave: async () => {} }
}

/** The same step rules as a scenario file (a pattern must compile), checked before connecting. */
function validateSteps(steps: readonly BotStep[], options: LoginAttemptOptions): void {
  const bot = options.account.name
  parseInput(z.array(stepSchema), steps, `bot ${bot} steps`)
  steps.forEach((step, index) => {
    if (step.do !== 'transfer') return
    const where = `bot ${bot} step ${index + 1} (transfer)`
    requireCookieVersion(minecraftData(options.version).version.version, options.version, where)
    if (index !== steps.length - 1)
      throw new HarnessInputError(`${where}: a transfer must be the last step (the bot ends on the server it was transferred to)`)
    const targets = options.transfers?.targets ?? {}
    if (!(step.to in targets)) {
      const names = Object.keys(targets)
      throw new HarnessInputError(
        `${where}: no server named "${step.to}" to transfer to; ${names.length > 0 ? `the scenario's are ${names.join(', ')}` : "add it to the scenario's servers: [{ name, server }]"}`,
      )
    }
  })
}

interface TransferPacket {
  host: string
  port: number
}

/**
 * The vanilla client after a transfer packet: it leaves, then connects to the packet's host and
 * port with the TRANSFER intention and the cookies of the connection it left (cookie-jar.ts). The
 * attempt's outcome is that login's (a light client: joined at the first play packet); the events
 * are both connections'.
 */
async function followTransfer(
  options: LoginAttemptOptions,
  packet: TransferPacket,
  client: RawClient,
  recorder: AttemptRecorder,
  started: number,
): Promise<LoginAttempt> {
  const cookies = client.cookies ?? new Map()
  const before = await recorder.close()
  if (!isLoopbackHost(packet.host)) {
    return {
      ...before,
      outcome: 'connection_error',
      key: null,
      message: `the server transferred the bot to ${packet.host}:${packet.port}, not a loopback address; bots connect only to this machine`,
      joined: false,
    }
  }
  const after = await lightLogin({
    ...options,
    host: packet.host,
    port: packet.port,
    steps: [],
    deadlineMs: DEFAULT_LOGIN_BUDGET_MS,
    unsolicitedCookie: undefined,
    transferred: { cookies },
  })
  return {
    ...after,
    ms: Math.round(performance.now() - started),
    chat: [...before.chat, ...after.chat],
    events: [...before.events, `transfer: reconnecting to ${packet.host}:${packet.port} (intention TRANSFER)`, ...after.events],
  }
}

/** Sleeps until `ms` passes or the attempt settles (a kick ends a step early). */
function wait(recorder: AttemptRecorder, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = recorder.timer(ms, resolve)
    void recorder.settled.then(() => {
      recorder.clearTimer(t)
      resolve()
    })
  })
}

/**
 * Waits for the first chat line from `cursor` on that `test` accepts, up to `ms`; the index past it,
 * or undefined (deadline or the attempt settled).
 */
function nextChat(
  recorder: AttemptRecorder,
  chatWaiters: Set<() => void>,
  from: number,
  ms: number,
  test: (line: string) => boolean,
): Promise<{ line: string; next: number } | undefined> {
  return new Promise((resolve) => {
    let cursor = from
    const check = () => {
      while (cursor < recorder.chat.length) {
        const line = recorder.chat[cursor++]!
        if (test(line)) return { line, next: cursor }
      }
      return undefined
    }
    const first = check()
    if (first) return resolve(first)
    const done = (value: { line: string; next: number } | undefined) => {
      chatWaiters.delete(wake)
      recorder.clearTimer(t)
      resolve(value)
    }
    const wake = () => {
      const found = check()
      if (found) done(found)
    }
    const t = recorder.timer(ms, () => done(undefined))
    chatWaiters.add(wake)
    void recorder.settled.then(() => done(undefined))
  })
}

/** Runs the steps; resolves with the transfer packet when a `transfer` step got one. */
async function runSteps(
  bot: Bot,
  client: RawClient,
  steps: readonly BotStep[],
  recorder: AttemptRecorder,
  chatWaiters: Set<() => void>,
  options: LoginAttemptOptions,
): Promise<TransferPacket | undefined> {
  const name = options.account.name
  const version = options.version
  // waitForChat looks at lines after the last match, including lines that arrived before spawn or
  // during earlier steps: a server's greeting often lands before the bot gets to wait for it.
  let cursor = 0
  for (const [index, step] of steps.entries()) {
    if (recorder.isSettled) return
    const label = `step ${index + 1} (${step.do})`
    switch (step.do) {
      case 'chat': {
        recorder.note(`${label}: ${JSON.stringify(step.text)}`)
        const from = recorder.chat.length
        bot.chat(step.text)
        if (step.text.startsWith('/')) break
        const ms = step.timeoutMs ?? DEFAULT_CHAT_VERDICT_MS
        const refusals = chatRefusalTexts(version)
        const echo = `<${name}> ${step.text}`
        const verdict = await nextChat(recorder, chatWaiters, from, ms, (line) => line === echo || refusals.has(line))
        if (!verdict) {
          recorder.timeout(`${label}: neither "${echo}" nor a chat refusal within ${ms} ms`)
          return
        }
        const refusal = refusals.get(verdict.line)
        if (refusal) {
          recorder.note(`${label}: refused (${refusal})`)
          recorder.record.chatRefusal = refusal
          recorder.finish()
          return
        }
        recorder.note(`${label}: went through`)
        break
      }
      case 'stay':
        await wait(recorder, step.ms)
        break
      case 'waitForChat': {
        const pattern = new RegExp(step.pattern)
        const ms = step.timeoutMs ?? DEFAULT_WAIT_FOR_CHAT_MS
        const matched = await new Promise<boolean>((resolve) => {
          const check = () => {
            while (cursor < recorder.chat.length) {
              if (pattern.test(recorder.chat[cursor++]!)) return true
            }
            return false
          }
          if (check()) return resolve(true)
          const done = (value: boolean) => {
            chatWaiters.delete(wake)
            recorder.clearTimer(t)
            resolve(value)
          }
          const wake = () => {
            if (check()) done(true)
          }
          const t = recorder.timer(ms, () => done(false))
          chatWaiters.add(wake)
          void recorder.settled.then(() => done(false))
        })
        if (!matched) {
          recorder.timeout(`${label}: no chat matching /${step.pattern}/ within ${ms} ms`)
          return
        }
        break
      }
      case 'expectKick': {
        const ms = step.timeoutMs ?? DEFAULT_EXPECT_KICK_MS
        await wait(recorder, ms)
        // A kick settles the attempt; reaching here unsettled means none came.
        if (!recorder.isSettled) recorder.timeout(`${label}: no kick within ${ms} ms`)
        return undefined
      }
      case 'transfer': {
        const target = options.transfers!.targets[step.to]!
        const ms = step.timeoutMs ?? DEFAULT_TRANSFER_MS
        // Listening before the server is asked, so a fast server's packet is not missed; the wait
        // starts once the server was asked (a container's console takes its own time to answer).
        let arrived: TransferPacket | undefined
        let wake: (() => void) | undefined
        recorder.listen(client, 'transfer', (p: TransferPacket) => {
          arrived = { host: p.host, port: p.port }
          wake?.()
        })
        recorder.note(`${label}: the server transfers ${name} to "${step.to}" (${target.host}:${target.port})`)
        try {
          await options.transfers!.transferBy(name, target.host, target.port)
        } catch (error) {
          recorder.record.clientErrors.push(`${label}: the server could not transfer the player: ${(error as Error).message}`)
          recorder.timeout(`${label}: the server could not transfer the player (${(error as Error).message})`)
          return
        }
        const packet = new Promise<TransferPacket | undefined>((resolve) => {
          if (arrived) return resolve(arrived)
          const t = recorder.timer(ms, () => resolve(undefined))
          wake = () => {
            recorder.clearTimer(t)
            resolve(arrived)
          }
          void recorder.settled.then(() => resolve(undefined))
        })
        const got = await packet
        if (recorder.isSettled) return
        if (!got) {
          recorder.timeout(`${label}: no transfer packet within ${ms} ms`)
          return
        }
        recorder.note(`${label}: transfer packet to ${got.host}:${got.port}`)
        return got
      }
    }
  }
  return undefined
}
