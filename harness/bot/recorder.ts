import { classify, type AttemptRecord } from '../outcome/classify.ts'
import { DEFAULT_PLATFORM, type Platform } from '../platforms.ts'
import { plainText, toComponent } from '../outcome/component.ts'
import type { LoginAttempt } from './types.ts'
import { closeClient, type RawClient } from './protocol-client.ts'

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNABORTED'])

/**
 * Watches one minecraft-protocol client and turns what it sees into an AttemptRecord. The first
 * decisive event (a kick, the end of the connection, the deadline, or the caller's own finish)
 * settles the attempt; later events are ignored, so the outcome is what the player saw first.
 */
export class AttemptRecorder {
  readonly record: AttemptRecord = { spawned: false, clientErrors: [], timedOut: false }
  readonly events: string[] = []
  readonly chat: string[] = []
  /** From the login success packet. */
  private loginUuid: string | undefined
  private settledAt: number | undefined
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly cleanups: Array<() => void> = []
  private settle!: () => void
  /** Resolves once the attempt is decided (never rejects). */
  readonly settled: Promise<void>

  constructor(
    private readonly client: RawClient,
    private readonly version: string,
    /** When the attempt began (before the client was built: loading a version's data counts). */
    private readonly started = performance.now(),
    /** The server's platform: which literal kick texts name an outcome (outcome/platform-texts.ts). */
    private readonly platform: Platform = DEFAULT_PLATFORM,
  ) {
    this.settled = new Promise<void>((resolve) => {
      this.settle = resolve
    })
    this.listen(client, 'error', (err: Error & { code?: string }) => {
      const message = err?.message ?? String(err)
      this.note(`error: ${message}`)
      if (this.isSettled) return
      this.record.clientErrors.push(message)
      if (!this.record.spawned && err?.code && SOCKET_CODES.has(err.code)) {
        this.record.socketError ??= { code: err.code, message }
      }
    })
    // What the launcher side did before connecting (profile keys), for the events list.
    this.listen(client, 'harness_note', (text: string) => this.note(text))
    this.listen(client, 'end', (reason: string) => {
      this.note(`end: ${reason}`)
      if (this.isSettled) return
      this.record.endReason = reason
      this.finish()
    })
    // `disconnect` is the login- and configuration-phase kick, `kick_disconnect` the play-phase one.
    const onKick = (phase: string) => (packet: { reason: unknown }) => {
      this.note(`kick (${phase}): ${this.describe(packet.reason)}`)
      if (this.isSettled) return
      this.record.kickReason = packet.reason
      this.finish()
    }
    this.listen(client, 'success', (packet: { uuid?: string }) => {
      if (typeof packet.uuid === 'string') this.loginUuid = packet.uuid
    })
    this.listen(client, 'disconnect', onKick('login'))
    this.listen(client, 'kick_disconnect', onKick('play'))
  }

  get isSettled(): boolean {
    return this.settledAt !== undefined
  }

  elapsed(): number {
    return Math.round(performance.now() - this.started)
  }

  note(event: string): void {
    this.events.push(`+${this.elapsed()}ms ${event}`)
  }

  listen(
    emitter: { on(e: string, l: (...a: any[]) => void): unknown; removeListener(e: string, l: (...a: any[]) => void): unknown },
    event: string,
    listener: (...args: any[]) => void,
  ): void {
    emitter.on(event, listener)
    this.cleanups.push(() => emitter.removeListener(event, listener))
  }

  /** A timer the recorder clears when the attempt ends. */
  timer(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    this.timers.add(t)
    return t
  }

  clearTimer(t: NodeJS.Timeout): void {
    clearTimeout(t)
    this.timers.delete(t)
  }

  /** Marks the attempt timed out (unless already decided) with what was awaited. */
  timeout(detail: string): void {
    if (this.isSettled) return
    this.note(`timeout: ${detail}`)
    this.record.timedOut = true
    this.record.timeoutDetail = detail
    this.finish()
  }

  finish(): void {
    if (this.isSettled) return
    this.settledAt = this.elapsed()
    this.settle()
  }

  describe(reason: unknown): string {
    try {
      return JSON.stringify(plainText(toComponent(reason), this.version))
    } catch {
      return String(reason)
    }
  }

  /** What the attempt saw so far, classified; the client stays connected. */
  snapshot(): LoginAttempt {
    this.finish()
    const record: typeof this.record = { ...this.record, clientErrors: [...this.record.clientErrors] }
    const outcome = classify(record, this.version, this.platform)
    return {
      ...outcome,
      joined: record.spawned,
      ms: this.settledAt ?? this.elapsed(),
      chat: [...this.chat],
      ...(this.loginUuid !== undefined ? { uuid: this.loginUuid } : {}),
      events: [...this.events],
    }
  }

  /** Classifies, then ends the client and removes every listener and timer it added. */
  async close(): Promise<LoginAttempt> {
    // Snapshot before closing: our own end must not read as the server's.
    const attempt = this.snapshot()
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    await closeClient(this.client)
    for (const cleanup of this.cleanups.splice(0)) cleanup()
    // Late socket errors after our own end must not become unhandled 'error' events.
    this.client.on('error', () => {})
    return attempt
  }
}
