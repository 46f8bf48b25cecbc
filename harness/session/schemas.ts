/**
 * Input rules for accounts and faults, shared by the in-process API and the admin HTTP API so
 * both reject the same things with the same words.
 */
import { z } from 'zod'
import { HarnessInputError } from '../errors.ts'
import type { AccountSpec, FaultSpec, UserSpec } from './types.ts'

export const FAULT_ROUTES = ['join', 'hasJoined', 'authenticate', 'profile', 'certificates', '*'] as const
export const FAULT_MODES = ['status', 'delay', 'hang', 'reset', 'malformed', 'down'] as const

const NAME = /^[A-Za-z0-9_]{1,16}$/
const UUID = /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/

const name = z.string({ error: 'name must be a string' }).regex(NAME, 'name must be 1-16 characters of A-Z, a-z, 0-9 and _ (a Minecraft name)')

const password = z.string({ error: 'password must be a string' }).min(1, 'password must not be empty').max(256, 'password must be at most 256 characters')
const id = z.string({ error: 'id must be a string' }).regex(UUID, 'id must be 32 hex digits (dashes allowed)')
const png = z.string({ error: 'png must be a string (base64 of a .png file)' }).min(1, 'png must not be empty').max(2_000_000, 'png must be at most 2 MB of base64')
const skin = z.strictObject(
  { model: z.enum(['classic', 'slim'], { error: 'model must be "classic" or "slim"' }).optional(), png: png.optional() },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}; allowed: model, png` : 'skin must be an object {"model"?, "png"?} ({} for a generated one)') },
)
const cape = z.strictObject(
  { png: png.optional() },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}; allowed: png` : 'cape must be an object {"png"?} ({} for a generated one)') },
)
const PROFILE_FIELDS = 'name, id, skin, cape'

const profileSchema = z.strictObject(
  { name, id: id.optional(), skin: skin.optional(), cape: cape.optional() },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}; allowed: ${PROFILE_FIELDS}` : 'a profile must be a JSON object {"name", "id"?, "skin"?, "cape"?}') },
)

export const accountSchema = z.strictObject(
  { name, password: password.optional(), id: id.optional(), skin: skin.optional(), cape: cape.optional() },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}; allowed: ${PROFILE_FIELDS}, password` : 'body must be a JSON object {"name", "password"?, "id"?, "skin"?, "cape"?}') },
)

export const userSchema = z.strictObject(
  {
    login: z.string({ error: 'login must be a string (an email or a name)' }).min(1, 'login must not be empty').max(254, 'login must be at most 254 characters').refine((l) => l.trim() === l, 'login must not start or end with spaces'),
    password: password.optional(),
    profiles: z.array(profileSchema, { error: 'profiles must be an array of {"name", ...}' }).max(32, 'at most 32 profiles per user').optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}; allowed: login, password, profiles` : 'body must be a JSON object {"login", "password"?, "profiles"?}') },
)

const status = z
  .number({ error: 'status must be a number' })
  .int('status must be an integer')
  .refine((s) => s === 204 || (s >= 400 && s <= 599), 'status must be 204 or 400-599')

export const faultSchema = z
  .strictObject(
    {
      route: z.enum(FAULT_ROUTES, { error: `route must be one of ${FAULT_ROUTES.join(', ')}` }),
      mode: z.enum(FAULT_MODES, { error: `mode must be one of ${FAULT_MODES.join(', ')}` }),
      status: status.optional(),
      delayMs: z.number({ error: 'delayMs must be a number' }).int('delayMs must be an integer').min(0, 'delayMs must be 0-600000').max(600_000, 'delayMs must be 0-600000').optional(),
      times: z.number({ error: 'times must be a number' }).int('times must be an integer').min(1, 'times must be at least 1 (leave it out for unlimited)').optional(),
      username: name.optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}; allowed: route, mode, status, delayMs, times, username` : 'body must be a JSON object {"route", "mode", ...}') },
  )
  .superRefine((f, ctx) => {
    if (f.mode === 'status' && f.status === undefined) ctx.addIssue({ code: 'custom', path: ['status'], message: 'status is required with mode "status" (204 or 400-599)' })
    if (f.mode === 'delay' && f.delayMs === undefined) ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'delayMs is required with mode "delay" (0-600000)' })
    if (f.status !== undefined && f.mode !== 'status' && f.mode !== 'delay') ctx.addIssue({ code: 'custom', path: ['status'], message: 'status only goes with mode "status" or "delay"' })
    if (f.delayMs !== undefined && f.mode !== 'delay') ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'delayMs only goes with mode "delay"' })
    if (f.mode === 'down' && (f.times !== undefined || f.username !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [f.times !== undefined ? 'times' : 'username'], message: 'mode "down" refuses every connection until resetFaults(): it takes no times or username' })
    }
  })

export interface InputProblem {
  field: string
  message: string
}

/** The first problem, named by field, or null when the input is valid. */
export function firstProblem(error: z.ZodError): InputProblem {
  const issue = error.issues[0]!
  return { field: issue.path.length > 0 ? issue.path.join('.') : '(body)', message: issue.message }
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const { field, message } = firstProblem(result.error)
  throw new HarnessInputError(`${what}: ${field}: ${message}`)
}

export function parseAccountSpec(input: unknown): AccountSpec {
  return parse(accountSchema, input, 'mock session server account')
}

export function parseUserSpec(input: unknown): UserSpec {
  return parse(userSchema, input, 'mock session server user')
}

export function parseFaultSpec(input: unknown): FaultSpec {
  return parse(faultSchema, input, 'mock session server fault')
}
