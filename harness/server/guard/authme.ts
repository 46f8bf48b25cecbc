import crypto from 'node:crypto'
import { open, readFile, rename, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { HarnessInputError } from '../../errors.ts'
import { guardOptionsSchema, parseInput } from '../../input/index.ts'
import type { LoginCandidate, Player, PluginServer, ServerPlugin } from '../plugin.ts'
import type { GuardOptions } from '../types.ts'

/** AuthMe Reloaded's messages_en texts (colour codes dropped), as a player reads them. */
export const AUTHME_MESSAGES = {
  loginPrompt: 'Please, login with the command: /login <password>',
  registerPrompt: 'Please, register to the server with the command: /register <password> <ConfirmPassword>',
  loginSuccess: 'Successful login!',
  registerSuccess: 'Successfully registered!',
  wrongPassword: 'Wrong password!',
  timeout: 'Login timeout exceeded, you have been kicked from the server, please try again!',
  registrationOnly: 'Only registered users can join the server! Please visit http://example.com to register yourself!',
  sameNameOnline: 'The same username is already playing on the server!',
  passwordMismatch: "Passwords didn't match, check them again!",
  alreadyRegistered: 'You already have registered this username!',
  notRegistered: "This user isn't registered!",
  alreadyLoggedIn: "You're already logged in!",
  loginUsage: 'Usage: /login <password>',
  registerUsage: 'Usage: /register <password> <ConfirmPassword>',
  deniedChat: 'In order to chat you must be authenticated!',
  deniedCommand: 'In order to use this command you must be authenticated!',
  passwordLength: 'Your password is too short or too long! Please try with another one!',
  passwordIsName: "You can't use your name as password, please choose another one...",
  unsafePassword: "The chosen password isn't safe, please choose another one...",
  error: 'An unexpected error occurred, please contact an administrator!',
} as const

/** AuthMe defaults (config.yml). */
const DEFAULT_TIMEOUT_MS = 30_000
const PROMPT_INTERVAL_MS = 5_000
const MIN_PASSWORD = 5
const MAX_PASSWORD = 30
const UNSAFE_PASSWORDS = new Set(['123456', 'password', 'qwerty', '12345', '54321', '123456789', 'help'])

interface StoredAccount {
  name: string
  /** AuthMe's default SHA256 format: `$SHA$<salt>$<sha256(sha256(pw) + salt)>`. */
  hash: string
}

interface StoreFile {
  format: 'mc-login-harness/authme-v1'
  accounts: StoredAccount[]
}

/**
 * An AuthMe-style password guard as a plugin of the embedded server: unknown names are asked to
 * /register, known ones to /login; until then chat, other commands and moves are refused; a wrong
 * password or the timeout kicks. Registrations live as long as the server, or in a JSON file
 * (salted hashes, never passwords) when `storeFile` is set.
 */
export class AuthMeGuard implements ServerPlugin {
  readonly name = 'authme'
  private readonly accounts = new Map<string, StoredAccount>()
  /** Registrations being written to the store: not confirmed (nor usable for /login) until durable. */
  private readonly saving = new Set<string>()
  private readonly loggedIn = new Set<Player>()
  private readonly timeoutMs: number
  private readonly kickOnWrongPassword: boolean
  private readonly kickNonRegistered: boolean
  private writing: Promise<void> = Promise.resolve()

  private constructor(private readonly options: GuardOptions) {
    this.timeoutMs = parseInput(guardOptionsSchema, options, 'guard').timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.kickOnWrongPassword = options.kickOnWrongPassword ?? true
    this.kickNonRegistered = options.kickNonRegistered ?? false
  }

  static async create(options: GuardOptions): Promise<AuthMeGuard> {
    const guard = new AuthMeGuard(options)
    if (options.storeFile) {
      await checkStoreDirectory(options.storeFile)
      await guard.load(options.storeFile)
    }
    for (const [name, password] of Object.entries(options.registered ?? {})) {
      guard.accounts.set(name.toLowerCase(), { name, hash: hashPassword(password) })
    }
    return guard
  }

  isRegistered(name: string): boolean {
    return this.accounts.has(name.toLowerCase())
  }

  onPreLogin(candidate: LoginCandidate, server: PluginServer): string | undefined {
    const name = candidate.name.toLowerCase()
    // Unlike vanilla (which kicks the old connection), AuthMe refuses the newcomer.
    if (server.onlinePlayers().some((p) => p.name.toLowerCase() === name)) return AUTHME_MESSAGES.sameNameOnline
    if (this.kickNonRegistered && !this.isRegistered(name)) return AUTHME_MESSAGES.registrationOnly
    return undefined
  }

  onJoin(player: Player): void {
    const prompt = () => player.sendMessage(this.isRegistered(player.name) ? AUTHME_MESSAGES.loginPrompt : AUTHME_MESSAGES.registerPrompt)
    prompt()
    const reminder = setInterval(prompt, PROMPT_INTERVAL_MS)
    // AuthMe's `timeout: 0` turns the kick off.
    const timeout = this.timeoutMs > 0 ? setTimeout(() => player.kick(AUTHME_MESSAGES.timeout), this.timeoutMs) : undefined
    const done = () => {
      clearInterval(reminder)
      clearTimeout(timeout)
    }
    player.onLeave(() => {
      done()
      this.loggedIn.delete(player)
    })

    player.onCommand((command, args) => {
      if (this.loggedIn.has(player)) {
        if (command === 'login' || command === 'l' || command === 'log') {
          player.sendMessage(AUTHME_MESSAGES.alreadyLoggedIn)
          return true
        }
        return undefined
      }
      if (command === 'login' || command === 'l' || command === 'log') {
        this.login(player, args, done)
      } else if (command === 'register' || command === 'reg') {
        this.register(player, args, done)
      } else {
        player.sendMessage(AUTHME_MESSAGES.deniedCommand)
      }
      return true
    })
    player.onChat(() => {
      if (this.loggedIn.has(player)) return undefined
      player.sendMessage(AUTHME_MESSAGES.deniedChat)
      return true
    })
    player.onMove(() => (this.loggedIn.has(player) ? undefined : true))
  }

  async onStop(): Promise<void> {
    await this.writing
  }

  private login(player: Player, args: string[], done: () => void): void {
    const account = this.accounts.get(player.name.toLowerCase())
    if (!account) return player.sendMessage(AUTHME_MESSAGES.notRegistered)
    if (args.length < 1) return player.sendMessage(AUTHME_MESSAGES.loginUsage)
    if (!checkPassword(args[0]!, account.hash)) {
      if (this.kickOnWrongPassword) player.kick(AUTHME_MESSAGES.wrongPassword)
      else player.sendMessage(AUTHME_MESSAGES.wrongPassword)
      return
    }
    done()
    this.loggedIn.add(player)
    player.sendMessage(AUTHME_MESSAGES.loginSuccess)
  }

  private register(player: Player, args: string[], done: () => void): void {
    const key = player.name.toLowerCase()
    if (this.isRegistered(player.name) || this.saving.has(key)) return player.sendMessage(AUTHME_MESSAGES.alreadyRegistered)
    if (args.length < 2) return player.sendMessage(AUTHME_MESSAGES.registerUsage)
    const [password, confirm] = args as [string, string]
    if (password !== confirm) return player.sendMessage(AUTHME_MESSAGES.passwordMismatch)
    if (password.toLowerCase() === player.name.toLowerCase()) return player.sendMessage(AUTHME_MESSAGES.passwordIsName)
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) return player.sendMessage(AUTHME_MESSAGES.passwordLength)
    if (UNSAFE_PASSWORDS.has(password.toLowerCase())) return player.sendMessage(AUTHME_MESSAGES.unsafePassword)
    const account = { name: player.name, hash: hashPassword(password) }
    const confirmRegistration = () => {
      this.accounts.set(key, account)
      if (!player.online) return
      done()
      this.loggedIn.add(player)
      player.sendMessage(AUTHME_MESSAGES.registerSuccess)
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
        process.emitWarning(`guard store ${this.options.storeFile}: could not save the registration of ${player.name}: ${(error as Error).message}`)
        if (player.online) player.sendMessage(AUTHME_MESSAGES.error)
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
      throw new HarnessInputError(`guard store ${file}: not an mc-login-harness AuthMe store (expected {"format":"mc-login-harness/authme-v1","accounts":[...]}); delete it to start empty`)
    }
    for (const account of parsed.accounts) {
      if (typeof account?.name !== 'string' || typeof account.hash !== 'string' || !account.hash.startsWith('$SHA$')) {
        throw new HarnessInputError(`guard store ${file}: bad account entry ${JSON.stringify(account)}; each needs "name" and a "$SHA$salt$hash" "hash"`)
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
