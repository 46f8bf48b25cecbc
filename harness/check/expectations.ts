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
        to: z.enum(OUTCOME_CODES, { error: (issue) => `"${String(issue.input)}" is not an outcome code; use one of: ${OUTCOME_CODES.join(', ')}` }).optional(),
        reason: z.string().optional(),
      }),
    ]),
  ),
})

export type ExpectationsFile = z.infer<typeof expectationsSchema>

export async function loadExpectations(file: string): Promise<Acceptance[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new HarnessInputError(`${file}: cannot read the expectations file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass --expect FILE with {"accept": ["cracked"]}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new HarnessInputError(`${file}: not valid JSON (${(error as Error).message}); an expectations file looks like {"accept": ["cracked", {"probe": "impersonator", "to": "unverified_username"}]}`)
  }
  return parseExpectations(data, file)
}

export function parseExpectations(data: unknown, file: string): Acceptance[] {
  const parsed = expectationsSchema.safeParse(data)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length ? ` › ${issue.path.join(' › ')}` : ''
      // A union reports each branch; the probe-id message is the useful one for a plain string.
      const message = issue.code === 'invalid_union' ? unionMessage(issue) : issue.message
      return `${file}${where}: ${message}`
    })
    throw new HarnessInputError(`${problems.join('\n')}\nAn expectations file looks like {"accept": ["cracked", {"probe": "impersonator", "to": "unverified_username", "reason": "..."}]}`)
  }
  return parsed.data.accept.map((entry) =>
    typeof entry === 'string' ? { probe: entry, source: file } : { probe: entry.probe, to: entry.to, reason: entry.reason, source: file },
  )
}

function unionMessage(issue: z.core.$ZodIssue): string {
  const errors = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []
  // Prefer the branch that got furthest (the object branch for objects, the id branch for strings).
  const best = errors.flat().find((e) => e.code !== 'invalid_type') ?? errors.flat()[0]
  if (!best) return issue.message
  return `${best.path.length ? `${best.path.join(' › ')}: ` : ''}${best.message}`
}

/** Parses `--accept id,id`. */
export function parseAcceptFlag(spec: string): Acceptance[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((id) => ({ probe: parseProbeId(id, '--accept'), source: '--accept' }))
}
