import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { HarnessInputError } from '../errors.ts'
import { OUTCOME_CODES } from '../outcome/codes.ts'
import { PROBE_IDS, parseProbeId, type ProbeId } from './probes.ts'

/**
 * Changes a host has agreed to, for `diff`. Keyed by probe id; `to` narrows the agreement to one
 * new outcome, so "cracked players get refused" does not also wave through "cracked players now
 * time out".
 */
export interface Acceptance {
  probe: ProbeId
  /** Accept the change only when the probe's new outcome is this code. */
  to?: string
  reason?: string
  /** Where the agreement came from (`--accept` or the file), for messages. */
  source: string
}

const probeId = z.enum(PROBE_IDS, { error: (issue) => `"${String(issue.input)}" is not a probe id; use one of: ${PROBE_IDS.join(', ')}` })

/**
 * The expectations file: `{"accept": [ id | {probe, to?, reason?} ]}`. A plain id accepts any
 * change of that probe; an object can pin the new outcome and say why (for the reviewer).
 */
export const expectationsSchema = z.strictObject({
  accept: z.array(
    z.union([
      probeId,
      z.strictObject({
        probe: probeId,
        to: z
          .enum(OUTCOME_CODES, {
            error: (issue) => `"${String(issue.input)}" is not an outcome code; use one of: ${OUTCOME_CODES.join(', ')}`,
          })
          .optional(),
        reason: z.string().optional(),
      }),
    ]),
    {
      error: (issue) =>
        issue.input === undefined
          ? 'missing: list the accepted probes, e.g. "accept": ["cracked"]'
          : 'must be a list of probe ids or {"probe", "to", "reason"} objects',
    },
  ),
})

export async function loadExpectations(file: string): Promise<Acceptance[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new HarnessInputError(
      `${file}: cannot read the expectations file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass --expect FILE with {"accept": ["cracked"]}`,
    )
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new HarnessInputError(
      `${file}: not valid JSON (${(error as Error).message}); an expectations file looks like {"accept": ["cracked", {"probe": "impersonator", "to": "unverified_username"}]}`,
    )
  }
  return parseExpectations(data, file)
}

export function parseExpectations(data: unknown, file: string): Acceptance[] {
  const parsed = expectationsSchema.safeParse(data)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .flatMap((issue) =>
        // A union reports every branch; an entry's type (string or object) says which one was meant.
        issue.code === 'invalid_union' ? branchIssues(issue, valueAt(data, issue.path)) : [issue],
      )
      .map((issue) => `${[file, ...issue.path.map(String)].join(' › ')}: ${issue.message}`)
    throw new HarnessInputError(
      `${problems.join('\n')}\nAn expectations file looks like {"accept": ["cracked", {"probe": "impersonator", "to": "unverified_username", "reason": "..."}]}`,
    )
  }
  return parsed.data.accept.map((entry) =>
    typeof entry === 'string' ? { probe: entry, source: file } : { probe: entry.probe, to: entry.to, reason: entry.reason, source: file },
  )
}

function branchIssues(issue: z.core.$ZodIssue, value: unknown): z.core.$ZodIssue[] {
  const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []
  const branch = branches[typeof value === 'string' ? 0 : 1] ?? []
  return branch.length ? branch.map((e) => ({ ...e, path: [...issue.path, ...e.path] })) : [issue]
}

function valueAt(data: unknown, at: PropertyKey[]): unknown {
  return at.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], data)
}

/** Parses `--accept id,id`. */
export function parseAcceptFlag(spec: string): Acceptance[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((id) => ({ probe: parseProbeId(id, '--accept'), source: '--accept' }))
}
