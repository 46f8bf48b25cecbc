import crypto from 'node:crypto'
import { open, readFile, rename, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { HarnessInputError } from '../../errors.ts'
import { guardOptionsSchema, parseInput } from '../../input/index.ts'
import type { LoginCandidate, Player, PluginServer, ServerPlugin, VanillaLoginResult } from '../plugin.ts'
import type { GuardOptions } from '../types.ts'
import { AntiBot, type AntiBotStatus } from './anti-bot.ts'
import { AUTHME_PROMPT_DELAY_MS, resolveAuthMeSettings, type AuthMeSettings } from '../../input/authme-settings.ts'
import { systemClock, type Clock } from './clock.ts'

/**
 * AuthMe's messages as it sends them: `src/main/resources/messages/messages_en.yml` at tag 5.6.0
 * of AuthMe/AuthMeReloaded, `&` turned into `§` (Messages.retrieveMessage:
 * ChatColor.translateAlternateColorCodes('&', ...)). Kicks and chat carry these codes; a client
 * shows the text without them (AUTHME_MESSAGES).
 */
export const AUTHME_TEXTS = {
  loginPrompt: '§cPlease, login with the command: /login <password>',
  registerPrompt: '§3Please, register to the server with the command: /register <password> <ConfirmPassword>',
  loginSuccess: '§2Successful login!',
  registerSuccess: '§2Successfully registered!',
  wrongPassword: '§cWrong password!',
  timeout: '§4Login timeout exceeded, you have been kicked from the server, please try again!',
  registrationOnly: '§4Only registered users can join the server! Please visit http://example.com to register yourself!',
  sameNameOnline: '§4The same username is already playing on the server!',
  passwordMismatch: "§cPasswords didn't match, check them again!",
  alreadyRegistered: '§cYou already have registered this username!',
  notRegistered: "§cThis user isn't registered!",
  alreadyLoggedIn: "§cYou're already logged in!",
  loginUsage: '§cUsage: /login <password>',
  registerUsage: '§cUsage: /register <password> <ConfirmPassword>',
  deniedChat: '§cIn order to chat you must be authenticated!',
  deniedCommand: '§cIn order to use this command you must be authenticated!',
  passwordLength: '§cYour password is too short or too long! Please try with another one!',
  passwordIsName: "§cYou can't use your name as password, please choose another one...",
  unsafePassword: "§cThe chosen password isn't safe, please choose another one...",
  passwordCharacters: '§4Your password contains illegal characters. Allowed chars: [!-~]*',
  error: '§4An unexpected error occurred, please contact an administrator!',
  antiBot: 'AntiBot protection mode is enabled! You have to wait some minutes before joining the server.',
  /** error.max_registration with %reg_count/%max_acc %reg_names: see maxRegistrationText. */
  maxRegistration: '§cYou have exceeded the maximum number of registrations',
  sameIpOnline: 'A player with the same IP is already in game!',
  nameLength: '§4Your username is either too short or too long!',
  nameCharacters: '§4Your username contains illegal characters. Allowed chars: [a-zA-Z0-9_]*',
  fullServer: '§4The server is full, try again later!',
} as const

/** AuthMe's messages as a player reads them (colour codes dropped). */
export const AUTHME_MESSAGES = Object.fromEntries(
  Object.entries(AUTHME_TEXTS).map(([key, text]) => [key, text.replace(/§[0-9a-fk-or]/gi, '')]),
) as { readonly [K in keyof typeof AUTHME_TEXTS]: string }

/**
 * error.max_registration with MessageKey.MAX_REGISTER_EXCEEDED's tags filled in
 * (%max_acc, %reg_count, %reg_names = the lowercase names of the accounts last used from there),
 * as AsyncRegister.isPlayerIpAllowedToRegister sends it.
 */
export function maxRegistrationText(max: number, names: string[]): string {
  return `${AUTHME_TEXTS.maxRegistration} (${names.length}/${max} ${names.join(', ')}) for your connection!`
}

/** AuthMe's "invalid_name_case" (preventOtherCase: true): `realName` is the registered spelling. */
export function invalidNameCaseText(realName: string, joined: string): string {
  return `You should join using username ${realName}, not ${joined}.`
}

/** AuthMe's defaults that have no option here (SecuritySettings, RestrictionSettings, RegistrationSettings at 5.6.0). */
const PROMPT_INTERVAL_MS = 5_000 // RegistrationSettings messageInterval: 5
const PROMPT_DELAY_MS = AUTHME_PROMPT_DELAY_MS
const MIN_PASSWORD = 5
const MAX_PASSWORD = 30
const PASSWORD_CHARACTERS = /^[!-~]*$/
const UNSAFE_PASSWORDS = new Set(['123456', 'password', 'qwerty', '12345', '54321', '123456789', 'help'])
const NAME_CHARACTERS = /^[a-zA-Z0-9_]*$/
const MIN_NAME = 3
const MAX_NAME = 16

/** InternetProtocolUtils.isLoopbackAddress: Java's InetAddress.isLoopbackAddress (127.0.0.0/8, ::1). */
export function isLoopbackAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip
  return /^127\.\d+\.\d+\.\d+$/.test(v4) || ip === '::1' || ip === '0:0:0:0:0:0:0:1'
}

interface StoredAccount {
  name: string
  /** AuthMe's default SHA256 format: `$SHA$<salt>$<sha256(sha256(pw) + salt)>`. */
  hash: string
  /** The address of the last login (AuthMe's `ip` column, which maxRegPerIp counts). */
  lastIp?: string
}

interface StoreFile {
  format: 'mc-login-harness/authme-v1'
  accounts: StoredAccount[]
}

/**
 * An AuthMe-style password guard as a plugin of the embedded server, following AuthMe 5.6.0's
 * login-relevant rules (each cited where it is copied): at pre-login its name rules,
 * kickNonRegistered, AntiBot and name casing; at login ForceSingleSession and its full-server
 * text; on join maxJoinPerIp, the prompts (2 s after join, then every 5 s) and the timeout; then
 * /register (maxRegPerIp) and /login (maxLoginPerIp, wrong password). Until then chat, other
 * commands and moves are refused. Registrations live as long as the server, or in a JSON file
 * (salted hashes, never passwords) when `storeFile` is set. Every timer runs on `clock`.
 */
export class AuthMeGuard implements ServerPlugin {
  readonly name = 'authme'
  private readonly accounts = new Map<string, StoredAccount>()
  /** Registrations being written to the store: not confirmed (nor usable for /login) until durable. */
  private readonly saving = new Set<string>()
  private readonly loggedIn = new Set<Player>()
  readonly settings: AuthMeSettings
  private readonly antiBot: AntiBot
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    private readonly options: GuardOptions,
    private readonly clock: Clock,
  ) {
    this.settings = resolveAuthMeSettings(parseInput(guardOptionsSchema, options, 'guard'))
    this.antiBot = new AntiBot(this.settings.antiBot, clock)
  }

  static async create(options: GuardOptions, clock: Clock = systemClock): Promise<AuthMeGuard> {
    const guard = new AuthMeGuard(options, clock)
    try {
      if (options.storeFile) {
        await checkStoreDirectory(options.storeFile)
        await guard.load(options.storeFile)
      }
    } catch (error) {
      guard.antiBot.close()
      throw error
    }
    for (const [name, password] of Object.entries(options.registered ?? {})) {
      guard.accounts.set(name.toLowerCase(), { name, hash: hashPassword(password) })
    }
    return guard
  }

  isRegistered(name: string): boolean {
    return this.accounts.has(name.toLowerCase())
  }

  /** AntiBot's state (AntiBotService.getAntiBotStatus). */
  get antiBotStatus(): AntiBotStatus {
    return this.antiBot.status
  }

  /**
   * AsyncPlayerPreLoginEvent, as PlayerListener at 5.6.0: at LOWEST the name rules
   * (OnJoinVerifier.checkIsValidName), at HIGHEST kickNonRegistered, AntiBot (registered players
   * and ops, who hold `authme.bypassantibot` by default, are not counted) and the name's casing.
   */
  onPreLogin(candidate: LoginCandidate, server: PluginServer): string | undefined {
    const name = candidate.name
    if (name.length > MAX_NAME || name.length < MIN_NAME) return AUTHME_TEXTS.nameLength
    if (!NAME_CHARACTERS.test(name)) return AUTHME_TEXTS.nameCharacters
    const account = this.accounts.get(name.toLowerCase())
    const registered = account !== undefined || this.saving.has(name.toLowerCase())
    if (this.settings.kickNonRegistered && !registered) return AUTHME_TEXTS.registrationOnly
    if (!registered && !server.isOp(candidate.uuid) && this.antiBot.shouldKick()) return AUTHME_TEXTS.antiBot
    // RegistrationSettings.PREVENT_OTHER_CASE (true): Xephi may join, XEPHI may not.
    if (account && account.name !== name) return invalidNameCaseText(account.name, name)
    return undefined
  }

  /**
   * PlayerLoginEvent at LOW priority, after vanilla's checks: OnJoinVerifier.checkSingleSession
   * refuses the new login of a name already online (Bukkit's getPlayerExact, case-insensitive),
   * whatever vanilla decided; then refusePlayerForFullServer puts AuthMe's text on vanilla's
   * full-server refusal (nobody here holds `authme.vip`).
   */
  onLogin(candidate: LoginCandidate, server: PluginServer, vanilla: VanillaLoginResult): string | undefined {
    const name = candidate.name.toLowerCase()
    if (this.settings.forceSingleSession && server.onlinePlayers().some((p) => p.name.toLowerCase() === name)) {
      return AUTHME_TEXTS.sameNameOnline
    }
    if (vanilla.check === 'full') return AUTHME_TEXTS.fullServer
    return undefined
  }

  /**
   * PlayerListener.onPlayerKick: with ForceSingleSession, the server's own "You logged in from
   * another location" kick of the player already online is cancelled (where Paper kicks before
   * its checks, up to 1.21.6), so onLogin then refuses the newcomer instead.
   */
  cancelsDuplicateKick(): boolean {
    return this.settings.forceSingleSession
  }

  /**
   * AsynchronousJoin.processJoin: maxJoinPerIp first (the joining player counts, loopback and
   * ops are exempt), then the limbo tasks of LimboPlayerTaskManager: the prompt 2 s after join and
   * every `messageInterval` (5 s), the timeout kick after `timeout` (TimeoutTask).
   */
  onJoin(player: Player, server: PluginServer): void {
    const max = this.settings.maxJoinPerIp
    if (max > 0 && !isLoopbackAddress(player.ip) && !server.isOp(player.uuid)) {
      const sameIp = server.onlinePlayers().filter((p) => p.ip === player.ip).length
      if (sameIp > max) {
        player.kick(AUTHME_TEXTS.sameIpOnline)
        return
      }
    }
    const prompt = () => player.sendMessage(this.isRegistered(player.name) ? AUTHME_TEXTS.loginPrompt : AUTHME_TEXTS.registerPrompt)
    const reminder = this.clock.every(PROMPT_DELAY_MS, PROMPT_INTERVAL_MS, prompt)
    // AuthMe's `timeout: 0` turns the kick off.
    const timeout =
      this.settings.timeoutMs > 0 ? this.clock.after(this.settings.timeoutMs, () => player.kick(AUTHME_TEXTS.timeout)) : undefined
    const done = () => {
      reminder.cancel()
      timeout?.cancel()
    }
    player.onLeave(() => {
      done()
      this.loggedIn.delete(player)
    })

    player.onCommand((command, args) => {
      if (this.loggedIn.has(player)) {
        if (command === 'login' || command === 'l' || command === 'log') {
          player.sendMessage(AUTHME_TEXTS.alreadyLoggedIn)
          return true
        }
        return undefined
      }
      if (command === 'login' || command === 'l' || command === 'log') {
        this.login(player, server, args, done)
      } else if (command === 'register' || command === 'reg') {
        this.register(player, server, args, done)
      } else {
        player.sendMessage(AUTHME_TEXTS.deniedCommand)
      }
      return true
    })
    player.onChat(() => {
      if (this.loggedIn.has(player)) return undefined
      player.sendMessage(AUTHME_TEXTS.deniedChat)
      return true
    })
    player.onMove(() => (this.loggedIn.has(player) ? undefined : true))
  }

  async onStop(): Promise<void> {
    this.antiBot.close()
    await this.writing
  }

  /**
   * AsynchronousLogin.login: the account, maxLoginPerIp (AuthMe answers "already logged in"),
   * then the password; a wrong one kicks (kickOnWrongPassword) or is said in chat.
   */
  private login(player: Player, server: PluginServer, args: string[], done: () => void): void {
    if (args.length < 1) return player.sendMessage(AUTHME_TEXTS.loginUsage)
    const account = this.accounts.get(player.name.toLowerCase())
    if (!account) return player.sendMessage(AUTHME_TEXTS.notRegistered)
    if (this.reachedMaxLoginsForIp(player, server)) return player.sendMessage(AUTHME_TEXTS.alreadyLoggedIn)
    if (!checkPassword(args[0]!, account.hash)) {
      if (this.settings.kickOnWrongPassword) player.kick(AUTHME_TEXTS.wrongPassword)
      else player.sendMessage(AUTHME_TEXTS.wrongPassword)
      return
    }
    this.logIn(player, account, done)
  }

  /** AsynchronousLogin.performLogin: the account's last address becomes this one. */
  private logIn(player: Player, account: StoredAccount, done: () => void): void {
    done()
    account.lastIp = player.ip
    this.loggedIn.add(player)
    player.sendMessage(AUTHME_TEXTS.loginSuccess)
  }

  /** AsynchronousLogin.hasReachedMaxLoggedInPlayersForIp: other logged-in players from this address. */
  private reachedMaxLoginsForIp(player: Player, server: PluginServer): boolean {
    const max = this.settings.maxLoginPerIp
    if (max <= 0 || server.isOp(player.uuid) || isLoopbackAddress(player.ip)) return false
    const others = server.onlinePlayers().filter((p) => p.ip === player.ip && p.name !== player.name && this.loggedIn.has(p)).length
    return others >= max
  }

  /**
   * RegisterCommand (usage, confirmation), AsyncRegister.preRegisterCheck (already registered,
   * then isPlayerIpAllowedToRegister: maxRegPerIp counts the accounts whose last login came from
   * this address; loopback and ops are exempt), then ValidationService.validatePassword
   * (characters, name, length, unsafe list). A registration logs the player in
   * (forceLoginAfterRegister false): "Successfully registered!" then "Successful login!".
   */
  private register(player: Player, server: PluginServer, args: string[], done: () => void): void {
    const key = player.name.toLowerCase()
    if (args.length < 2) return player.sendMessage(AUTHME_TEXTS.registerUsage)
    const [password, confirm] = args as [string, string]
    if (password !== confirm) return player.sendMessage(AUTHME_TEXTS.passwordMismatch)
    if (this.isRegistered(player.name) || this.saving.has(key)) return player.sendMessage(AUTHME_TEXTS.alreadyRegistered)
    const max = this.settings.maxRegPerIp
    if (max > 0 && !isLoopbackAddress(player.ip) && !server.isOp(player.uuid)) {
      const names = [...this.accounts.entries()].filter(([, a]) => a.lastIp === player.ip).map(([name]) => name)
      if (names.length >= max) return player.sendMessage(maxRegistrationText(max, names))
    }
    if (!PASSWORD_CHARACTERS.test(password.toLowerCase())) return player.sendMessage(AUTHME_TEXTS.passwordCharacters)
    if (password.toLowerCase() === player.name.toLowerCase()) return player.sendMessage(AUTHME_TEXTS.passwordIsName)
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) return player.sendMessage(AUTHME_TEXTS.passwordLength)
    if (UNSAFE_PASSWORDS.has(password.toLowerCase())) return player.sendMessage(AUTHME_TEXTS.unsafePassword)
    const account: StoredAccount = { name: player.name, hash: hashPassword(password), lastIp: player.ip }
    const confirmRegistration = () => {
      this.accounts.set(key, account)
      if (!player.online) return
      player.sendMessage(AUTHME_TEXTS.registerSuccess)
      if (this.reachedMaxLoginsForIp(player, server)) return player.sendMessage(AUTHME_TEXTS.alreadyLoggedIn)
      this.logIn(player, account, done)
    }
    if (!this.options.storeFile) return confirmRegistration()
    // "Successfully registered!" only once the account is on disk: a crash right after the player
    // read it must not lose it. A failed write leaves the name unregistered and says so.
    this.saving.add(key)
    this.save(account).then(
      () => {
        this.saving.delete(key)
        confirmRegistration()
      },
      (error: unknown) => {
        this.saving.delete(key)
        process.emitWarning(
          `guard store ${this.options.storeFile}: could not save the registration of ${player.name}: ${(error as Error).message}`,
        )
        if (player.online) player.sendMessage(AUTHME_TEXTS.error)
      },
    )
  }

  private async load(file: string): Promise<void> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return // first run: created on the first registration
      throw new HarnessInputError(`guard store ${file}: cannot read it (${(error as Error).message})`)
    }
    let parsed: StoreFile
    try {
      parsed = JSON.parse(text) as StoreFile
    } catch (error) {
      throw new HarnessInputError(`guard store ${file}: not valid JSON (${(error as Error).message}); delete it to start empty`)
    }
    if (parsed?.format !== 'mc-login-harness/authme-v1' || !Array.isArray(parsed.accounts)) {
      throw new HarnessInputError(
        `guard store ${file}: not an mc-login-harness AuthMe store (expected {"format":"mc-login-harness/authme-v1","accounts":[...]}); delete it to start empty`,
      )
    }
    for (const account of parsed.accounts) {
      if (typeof account?.name !== 'string' || typeof account.hash !== 'string' || !account.hash.startsWith('$SHA$')) {
        throw new HarnessInputError(
          `guard store ${file}: bad account entry ${JSON.stringify(account)}; each needs "name" and a "$SHA$salt$hash" "hash"`,
        )
      }
      this.accounts.set(account.name.toLowerCase(), account)
    }
  }

  /**
   * Writes the store with `extra` added, durably: a temp file written and fsynced, renamed over the
   * store, the directory fsynced. Writes run one at a time; each snapshot holds every account
   * confirmed so far.
   */
  private save(extra: StoredAccount): Promise<void> {
    const file = this.options.storeFile!
    const step = this.writing.then(() => {
      const snapshot: StoreFile = { format: 'mc-login-harness/authme-v1', accounts: [...this.accounts.values(), extra] }
      return writeDurably(file, JSON.stringify(snapshot, null, 2) + '\n')
    })
    this.writing = step.catch(() => {})
    return step
  }
}

/** A store must go into an existing directory: said at start, not after the first registration. */
async function checkStoreDirectory(file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file))
  let info
  try {
    info = await stat(dir)
  } catch {
    throw new HarnessInputError(`guard store ${file}: directory ${dir} does not exist; create it or point the store elsewhere`)
  }
  if (!info.isDirectory()) throw new HarnessInputError(`guard store ${file}: ${dir} is not a directory; point the store elsewhere`)
}

async function writeDurably(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  const handle = await open(tmp, 'w', 0o600)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => {})
    await unlink(tmp).catch(() => {})
    throw error
  }
  await handle.close()
  await rename(tmp, file)
  // The rename is durable once the directory entry is; some platforms cannot fsync a directory.
  const dir = await open(path.dirname(path.resolve(file)), 'r').catch(() => undefined)
  if (dir) {
    await dir.sync().catch(() => {})
    await dir.close().catch(() => {})
  }
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex')
}

export function hashPassword(password: string, salt = crypto.randomBytes(8).toString('hex')): string {
  return `$SHA$${salt}$${sha256(sha256(password) + salt)}`
}

export function checkPassword(password: string, stored: string): boolean {
  const [, , salt, hash] = stored.split('$')
  if (!salt || !hash) return false
  const expected = Buffer.from(sha256(sha256(password) + salt), 'hex')
  const actual = Buffer.from(hash, 'hex')
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual)
}
