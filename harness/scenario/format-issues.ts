import type { z } from 'zod'
import { closestMatch } from '../did-you-mean.ts'

/**
 * Turns zod's issues into lines a scenario author can act on: where (file, scenario, field path),
 * what is wrong, and what is allowed, with a "did you mean" for misspelt fields.
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  where: string,
  knownFields: (path: PropertyKey[]) => string[],
  valueAt: (path: PropertyKey[]) => unknown,
): string {
  return issues
    .map((issue) => {
      const missing = issue.code !== 'unrecognized_keys' && valueAt([...issue.path]) === undefined
      return `${where}${formatPath(issue.path)}: ${missing ? 'is required but missing' : describe(issue, knownFields, valueAt([...issue.path]))}`
    })
    .join('\n')
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return ''
  return ' › ' + path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[')
}

function describe(issue: z.core.$ZodIssue, knownFields: (path: PropertyKey[]) => string[], value: unknown): string {
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
        if (enumIssue && typeof value === 'string') return describe(enumIssue, knownFields, value)
      }
      return `${issue.message} (got ${JSON.stringify(value)})`
    }
    default:
      return issue.message
  }
}
