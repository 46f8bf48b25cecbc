/**
 * The one way bad input is reported, whoever parsed it (scenario loader, admin API, builders,
 * CLI): each problem as `<where> › <path.to.field>: <what is wrong; how to fix>`, with a "did you
 * mean" for misspelt fields and the allowed values for enums. The admin API answers the same
 * `field` and `message` as JSON, so a fault refused over HTTP reads as in a scenario file.
 */
import type { z } from 'zod'
import { closestMatch } from '../did-you-mean.ts'
import { HarnessInputError } from '../errors.ts'

type AnySchema = z.core.$ZodType

export interface InputProblem {
  /** Dotted path with [index] for arrays, or "(body)" for the input as a whole. */
  field: string
  message: string
}

/** Every issue as a field and an actionable message. */
export function describeIssues(schema: AnySchema, input: unknown, issues: readonly z.core.$ZodIssue[]): InputProblem[] {
  return issues.map((issue) => {
    const value = valueAt(input, [...issue.path])
    return { field: formatPath(issue.path), message: describe(issue, value, (p) => fieldsAt(schema, input, p)) }
  })
}

/** The first problem (what a one-field answer such as an HTTP 400 carries). */
export function firstProblem(schema: AnySchema, input: unknown, error: z.ZodError): InputProblem {
  return describeIssues(schema, input, error.issues.slice(0, 1))[0]!
}

/** All problems as lines `<where> › <field>: <message>` (`<where>: <message>` for the whole input). */
export function formatIssues(schema: AnySchema, input: unknown, error: z.ZodError, where: string): string {
  return describeIssues(schema, input, error.issues)
    .map((p) => (p.field === '(body)' ? `${where}: ${p.message}` : `${where} › ${p.field}: ${p.message}`))
    .join('\n')
}

/** Parses or throws a HarnessInputError (exit 2 from the CLI) with the formatted problems. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new HarnessInputError(formatIssues(schema, input, result.error, where))
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)'
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[')
}

/** zod's own messages start like this; a schema's custom message says more and is kept. */
const GENERIC = /^Invalid (input|option)\b/

function describe(issue: z.core.$ZodIssue, value: unknown, knownFields: (path: PropertyKey[]) => string[]): string {
  if (issue.code !== 'unrecognized_keys' && value === undefined)
    return GENERIC.test(issue.message) ? 'is required but missing' : issue.message
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = knownFields([...issue.path])
      return issue.keys
        .map((key) => {
          const guess = closestMatch(key, allowed)
          return `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; allowed: ${allowed.join(', ')}`
        })
        .join('; ')
    }
    case 'invalid_value':
      if (!GENERIC.test(issue.message)) return `${issue.message} (got ${JSON.stringify(value)})`
      return `${JSON.stringify(value)} is not allowed; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'invalid_union': {
      const note = (issue as { note?: string }).note
      const discriminator = (issue as { discriminator?: string }).discriminator
      if (note === 'No matching discriminator' && discriminator) {
        const options = (issue as { options?: unknown[] }).options
        return `"${discriminator}" must be one of ${options?.map((o) => JSON.stringify(o)).join(', ') ?? '(see docs)'}`
      }
      // A union such as "an outcome code or an object": show the branch that fits the value's type.
      const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []
      for (const branch of branches) {
        const enumIssue = branch.find((i) => i.code === 'invalid_value' && i.path.length === 0)
        if (enumIssue && typeof value === 'string') return describe(enumIssue, value, knownFields)
      }
      return `${issue.message} (got ${JSON.stringify(value)})`
    }
    default:
      return issue.message
  }
}

function valueAt(data: unknown, fieldPath: PropertyKey[]): unknown {
  let value = data
  for (const key of fieldPath) value = (value as Record<PropertyKey, unknown> | undefined)?.[key]
  return value
}

/** The field names allowed at `fieldPath` in `data`, following discriminated unions by their tag. */
function fieldsAt(schema: AnySchema, data: unknown, fieldPath: PropertyKey[]): string[] {
  let current: AnySchema | undefined = schema
  let value: unknown = data
  const unwrap = (s: AnySchema): AnySchema => {
    let inner = s
    for (;;) {
      const def = inner._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema }
      if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) inner = def.innerType
      else if (def.type === 'pipe' && def.in) inner = def.in
      else return inner
    }
  }
  const pickOption = (s: AnySchema, v: unknown): AnySchema => {
    const def = s._zod.def as { type: string; options?: AnySchema[]; discriminator?: string }
    if (def.type !== 'union' || !def.options) return s
    const tag = def.discriminator
    const match = def.options.find((option) => {
      const shape = (unwrap(option)._zod.def as { shape?: Record<string, AnySchema> }).shape
      if (!shape) return false
      if (!tag) return true
      const literal = shape[tag]?._zod.def as { values?: unknown[] } | undefined
      return literal?.values?.includes((v as Record<string, unknown>)?.[tag]) ?? false
    })
    return match ?? def.options.find((o) => (unwrap(o)._zod.def as { shape?: unknown }).shape) ?? s
  }
  for (const key of [...fieldPath, undefined]) {
    if (!current) return []
    current = pickOption(unwrap(current), value)
    const def = current._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema }
    if (key === undefined) return def.shape ? Object.keys(def.shape) : []
    if (def.type === 'array') current = def.element
    else current = def.shape?.[String(key)]
    value = (value as Record<PropertyKey, unknown> | undefined)?.[key]
  }
  return []
}
