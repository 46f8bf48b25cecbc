/**
 * Accounts: the kinds a scenario's bot logs in as, and the accounts/users the mock session
 * server creates (in-process API and admin API alike).
 */
import { z } from 'zod'
import { minecraftName } from './name.ts'

/**
 * The profile key (1.19+) a premium bot presents, as a launcher would: `valid` (the default: every
 * launcher fetches one), `expired` and `badSignature` (the mock issues such a key to the account),
 * `none` (no key sent), `garbage` (bytes that are not a public key).
 */
export const PROFILE_KEY_MODES = ['valid', 'expired', 'badSignature', 'none', 'garbage'] as const
export type ProfileKeyMode = (typeof PROFILE_KEY_MODES)[number]
const profileKeyMode = z.enum(PROFILE_KEY_MODES, { error: `profileKey must be one of ${PROFILE_KEY_MODES.join(', ')}` })

/** A scenario bot's account. */
export const botAccountSchema = z.discriminatedUnion('kind', [
  /** A premium account the mock session server issues; the bot logs in with its token. */
  z.strictObject({ kind: z.literal('premium'), name: minecraftName, profileKey: profileKeyMode.optional() }),
  /** A premium account whose token was revoked before the bot uses it ("logged in elsewhere"). */
  z.strictObject({ kind: z.literal('revoked'), name: minecraftName }),
  /** A premium account signed in again by another launcher after the bot got its token (Mojang: the older token dies). */
  z.strictObject({ kind: z.literal('loggedInElsewhere'), name: minecraftName }),
  /** An offline client under any name. */
  z.strictObject({ kind: z.literal('cracked'), name: minecraftName }),
  /** An offline client using the name of a premium account (created on the mock). */
  z.strictObject({ kind: z.literal('impersonator'), name: minecraftName }),
])

const UUID = /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/

const password = z
  .string({ error: 'password must be a string' })
  .min(1, 'password must not be empty')
  .max(256, 'password must be at most 256 characters')
const id = z.string({ error: 'id must be a string' }).regex(UUID, 'id must be 32 hex digits (dashes allowed)')
const png = z
  .string({ error: 'png must be a string (base64 of a .png file)' })
  .min(1, 'png must not be empty')
  .max(2_000_000, 'png must be at most 2 MB of base64')
const onlyUnknownKeys = (message: string) => (issue: { code?: string }) => (issue.code === 'unrecognized_keys' ? undefined : message)

export const skinSchema = z.strictObject(
  { model: z.enum(['classic', 'slim'], { error: 'model must be "classic" or "slim"' }).optional(), png: png.optional() },
  { error: onlyUnknownKeys('skin must be an object {"model"?, "png"?} ({} for a generated one)') },
)
export const capeSchema = z.strictObject(
  { png: png.optional() },
  { error: onlyUnknownKeys('cape must be an object {"png"?} ({} for a generated one)') },
)

/**
 * What `POST /player/certificates` hands this profile: `valid` (the default, as Mojang), `expired`
 * (a key pair whose expiresAt has passed, correctly signed), `badSignature` (signed by a key the
 * mock does not publish) or `none` (no key pair: the route answers 404, and a launcher then has
 * no key to send).
 */
export const CERTIFICATE_MODES = ['valid', 'expired', 'badSignature', 'none'] as const
export const certificateMode = z.enum(CERTIFICATE_MODES, { error: `profileKey must be one of ${CERTIFICATE_MODES.join(', ')}` })

export const profileSchema = z.strictObject(
  {
    name: minecraftName,
    id: id.optional(),
    skin: skinSchema.optional(),
    cape: capeSchema.optional(),
    profileKey: certificateMode.optional(),
  },
  { error: onlyUnknownKeys('a profile must be a JSON object {"name", "id"?, "skin"?, "cape"?, "profileKey"?}') },
)

/** A single-profile account on the mock whose login is its name (the common case). */
export const mockAccountSchema = z.strictObject(
  {
    name: minecraftName,
    password: password.optional(),
    id: id.optional(),
    skin: skinSchema.optional(),
    cape: capeSchema.optional(),
    profileKey: certificateMode.optional(),
  },
  { error: onlyUnknownKeys('an account must be a JSON object {"name", "password"?, "id"?, "skin"?, "cape"?, "profileKey"?}') },
)

/** A Yggdrasil user on the mock: a login and a password owning 0..n profiles. */
export const mockUserSchema = z.strictObject(
  {
    login: z
      .string({ error: 'login must be a string (an email or a name)' })
      .min(1, 'login must not be empty')
      .max(254, 'login must be at most 254 characters')
      .refine((l) => l.trim() === l, 'login must not start or end with spaces'),
    password: password.optional(),
    profiles: z
      .array(profileSchema, { error: 'profiles must be an array of {"name", ...}' })
      .max(32, 'at most 32 profiles per user')
      .optional(),
  },
  { error: onlyUnknownKeys('a user must be a JSON object {"login", "password"?, "profiles"?}') },
)

/** A texture: `png` is base64 of a PNG; by default a one-colour image derived from the profile name. */
export type TextureSpec = z.input<typeof capeSchema>
/** A skin; `model` is the arm width: classic (4 px, the default) or slim (3 px). */
export type SkinSpec = z.input<typeof skinSchema>
/** One profile (a Minecraft name and a 32-hex UUID, by default derived from the name) with its optional skin and cape. */
export type ProfileSpec = z.input<typeof profileSchema>
/** A single-profile account whose login is its name. */
export type AccountSpec = z.input<typeof mockAccountSchema>
/** A Yggdrasil user: an email (or any) login, a password (none: any is accepted) and 0..n profiles. */
export type UserSpec = z.input<typeof mockUserSchema>
export type CertificateMode = (typeof CERTIFICATE_MODES)[number]
