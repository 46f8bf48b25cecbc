import { describe, expect, it } from 'vitest'
import type { CommandHandler, LoginCandidate, Player, PluginServer } from '../plugin.ts'
import type { GuardOptions } from '../types.ts'
import { AUTHME_TEXTS as T, AuthMeGuard, maxRegistrationText } from './authme.ts'
import { FakeClock } from './clock.ts'

/** The guard's AuthMe 5.6.0 rules without a server: fake players, a fake clock. */
class FakePlayer implements Player {
  transfer(): void {}
  storeCookie(): void {}
  readonly version = '1.20.4'
  online = true
  readonly said: string[] = []
  kickedWith: string | undefined
  private command: CommandHandler | undefined
  private readonly leave: Array<() => void> = []
  constructor(
    readonly name: string,
    readonly ip: string,
    readonly uuid = `00000000-0000-3000-8000-${name.padStart(12, '0').slice(0, 12)}`,
  ) {}
  sendMessage(text: string) {
    this.said.push(text)
  }
  kick(reason: unknown) {
    this.kickedWith = String(reason)
    this.quit()
  }
  quit() {
    this.online = false
    for (const f of this.leave) f()
  }
  onCommand(handler: CommandHandler) {
    this.command = handler
  }
  onChat() {}
  onMove() {}
  onLeave(handler: () => void) {
    this.leave.push(handler)
  }
  run(line: string) {
    const [command, ...args] = line.slice(1).split(' ')
    this.command?.(command!, args)
  }
}

class FakeServer implements PluginServer {
  readonly version = '1.20.4'
  readonly players: FakePlayer[] = []
  readonly ops = new Set<string>()
  onlinePlayers() {
    return this.players.filter((p) => p.online)
  }
  isOp(uuid: string) {
    return this.ops.has(uuid)
  }
}

async function setUp(options: Omit<GuardOptions, 'kind'> = {}) {
  const clock = new FakeClock()
  const guard = await AuthMeGuard.create({ kind: 'authme', ...options }, clock)
  const server = new FakeServer()
  /** A full login: pre-login, login (vanilla allowed it), join. Returns the refusal or the player. */
  const join = (name: string, ip = '172.17.0.1'): FakePlayer | string => {
    const candidate: LoginCandidate = { name, uuid: `uuid-${name.toLowerCase()}`, ip }
    const refusal = guard.onPreLogin(candidate, server) ?? guard.onLogin(candidate, server, {})
    if (refusal !== undefined) return refusal
    const player = new FakePlayer(name, ip, candidate.uuid)
    server.players.push(player)
    guard.onJoin(player, server)
    return player
  }
  const joined = (name: string, ip?: string) => {
    const p = join(name, ip)
    if (typeof p === 'string') throw new Error(`${name} refused: ${p}`)
    return p
  }
  return { clock, guard, server, join, joined }
}

describe('AuthMe guard rules (AuthMe 5.6.0)', () => {
  it('prompts 2 s after join, then every 5 s; kicks at the timeout with §4', async () => {
    const { clock, joined } = await setUp({ timeoutMs: 30_000 })
    const p = joined('Newbie')
    clock.advance(1999)
    expect(p.said).toEqual([])
    clock.advance(1)
    expect(p.said).toEqual([T.registerPrompt])
    clock.advance(5000)
    expect(p.said).toEqual([T.registerPrompt, T.registerPrompt])
    clock.advance(30_000 - 7000 - 1)
    expect(p.kickedWith).toBeUndefined()
    clock.advance(1)
    expect(p.kickedWith).toBe('§4Login timeout exceeded, you have been kicked from the server, please try again!')
  })

  it('register logs the player in; a wrong password kicks with §c', async () => {
    const { clock, joined } = await setUp()
    const p = joined('Steve')
    p.run('/register hunter22 hunter22')
    expect(p.said).toEqual(['§2Successfully registered!', '§2Successful login!'])
    p.quit()
    const again = joined('Steve')
    clock.advance(2000)
    expect(again.said).toEqual(['§cPlease, login with the command: /login <password>'])
    again.run('/login nope1')
    expect(again.kickedWith).toBe('§cWrong password!')
  })

  it("ForceSingleSession: the new login of an online name is refused (any case), even over vanilla's refusal", async () => {
    const { guard, server, join, joined } = await setUp()
    joined('Solo')
    expect(join('SOLO')).toBe('§4The same username is already playing on the server!')
    const vanillaRefused = guard.onLogin({ name: 'solo', uuid: 'x', ip: '172.17.0.1' }, server, {
      check: 'not_whitelisted',
      refusal: { text: 'nope' },
    })
    expect(vanillaRefused).toBe(T.sameNameOnline)
    expect(server.onlinePlayers().map((p) => p.name)).toEqual(['Solo'])
  })

  it('forceSingleSession: false leaves the duplicate to vanilla', async () => {
    const { join, joined } = await setUp({ forceSingleSession: false })
    joined('Solo')
    expect(typeof join('Solo')).toBe('object')
  })

  it('AntiBot is off in harness runs unless asked for', async () => {
    const { clock, join } = await setUp()
    clock.advance(60_000)
    for (let i = 0; i < 30; i++) expect(typeof join(`Bot${i}`)).toBe('object')
  })

  it("antiBot: true arms after 60 s; the 11th quick unregistered join and all after it get AuthMe's text; registered players and ops pass", async () => {
    const { clock, server, join, joined } = await setUp({ antiBot: true, registered: { Member: 'hunter22' } })
    for (let i = 0; i < 15; i++) expect(typeof join(`Early${i}`)).toBe('object')
    clock.advance(60_000)
    for (let i = 0; i < 10; i++) {
      expect(typeof join(`Bot${i}`)).toBe('object')
      clock.advance(4000)
    }
    expect(join('Bot10')).toBe('AntiBot protection mode is enabled! You have to wait some minutes before joining the server.')
    expect(join('Bot11')).toBe(T.antiBot)
    expect(typeof join('Member')).toBe('object')
    server.ops.add('uuid-admin')
    expect(typeof join('Admin')).toBe('object')
    clock.advance(10 * 60_000)
    expect(typeof joined('Later')).toBe('object')
  })

  it('maxRegPerIp: 0 in harness runs; when set, the second registration from one address is refused, loopback exempt', async () => {
    const open = await setUp()
    for (const name of ['One', 'Two', 'Three']) {
      const p = open.joined(name)
      p.run('/register hunter22 hunter22')
      expect(p.said[0]).toBe(T.registerSuccess)
    }

    const limited = await setUp({ maxRegPerIp: 1 })
    const first = limited.joined('Alice')
    first.run('/register hunter22 hunter22')
    expect(first.said[0]).toBe(T.registerSuccess)
    const second = limited.joined('Bob')
    second.run('/register hunter22 hunter22')
    expect(second.said).toEqual([maxRegistrationText(1, ['alice'])])
    expect(second.said[0]).toBe('§cYou have exceeded the maximum number of registrations (1/1 alice) for your connection!')
    const local = limited.joined('Carol', '127.0.0.1')
    local.run('/register hunter22 hunter22')
    expect(local.said[0]).toBe(T.registerSuccess)
  })

  it('maxJoinPerIp kicks the player over the limit on join; maxLoginPerIp answers "already logged in"', async () => {
    const joins = await setUp({ maxJoinPerIp: 1 })
    joins.joined('First')
    const over = joins.joined('Second')
    expect(over.kickedWith).toBe('A player with the same IP is already in game!')
    expect(joins.joined('Local', '127.0.0.1').kickedWith).toBeUndefined()

    const logins = await setUp({ maxLoginPerIp: 1, registered: { Anna: 'hunter22', Bert: 'hunter22' } })
    const a = logins.joined('Anna')
    a.run('/login hunter22')
    expect(a.said.at(-1)).toBe(T.loginSuccess)
    const b = logins.joined('Bert')
    b.run('/login hunter22')
    expect(b.said.at(-1)).toBe("§cYou're already logged in!")
  })

  it('name rules at pre-login: length, characters, the registered spelling', async () => {
    const { join } = await setUp({ registered: { Xephi: 'hunter22' } })
    expect(join('ab')).toBe('§4Your username is either too short or too long!')
    expect(join('bad.name')).toBe('§4Your username contains illegal characters. Allowed chars: [a-zA-Z0-9_]*')
    expect(join('XEPHI')).toBe('You should join using username Xephi, not XEPHI.')
  })

  it("a full server gets AuthMe's text instead of vanilla's", async () => {
    const { guard, server } = await setUp()
    expect(
      guard.onLogin({ name: 'Late', uuid: 'x', ip: '1.2.3.4' }, server, {
        check: 'full',
        refusal: { translate: 'multiplayer.disconnect.server_full' },
      }),
    ).toBe('§4The server is full, try again later!')
  })
})
