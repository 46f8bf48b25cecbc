/**
 * A scripted fault of the mock session server: the one definition the scenario loader, the
 * admin API (`POST /__harness/faults`), `use()` on the mock and the storm outage all parse with,
 * so a fault that one of them accepts none of the others refuses later at run time.
 */
import { z } from 'zod'
import { minecraftName } from './name.ts'

/** Routes a fault can target; `*` means every Yggdrasil/session/services route. */
export const FAULT_ROUTES = ['join', 'hasJoined', 'authenticate', 'profile', 'certificates', '*'] as const
export const FAULT_MODES = ['status', 'delay', 'hang', 'reset', 'malformed', 'down'] as const

const STATUS_RANGE = '204 or 400-599'

/**
 * Why a status cannot be scripted, or undefined when it can. Only answers the mock can give with
 * Mojang's body for them (see session/routes.ts faultReply) make sense: 204 (Mojang's "not
 * joined" / "no such profile") and the 4xx/5xx errors. A 3xx would need a Location the clients
 * follow (authlib does not), 1xx is not a final answer, and a 200 is the healthy answer itself.
 */
export function statusProblem(status: number): string | undefined {
  if (status === 204 || (status >= 400 && status <= 599)) return undefined
  if (status >= 300 && status <= 399)
    return `${status} is a redirect, which the mock cannot answer meaningfully (Mojang never redirects these routes and authlib would not follow); use ${STATUS_RANGE}`
  if (status >= 200 && status <= 299) return `${status} is a healthy answer, not a fault; leave the fault out, or use ${STATUS_RANGE}`
  return `${status} is not an HTTP status the mock can answer with; use ${STATUS_RANGE}`
}

const status = z
  .number({ error: 'status must be a number' })
  .int('status must be an integer')
  .superRefine((s, ctx) => {
    const problem = statusProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: `status ${problem}` })
  })

export const faultSchema = z
  .strictObject(
    {
      route: z.enum(FAULT_ROUTES, { error: `route must be one of ${FAULT_ROUTES.join(', ')}` }),
      mode: z.enum(FAULT_MODES, { error: `mode must be one of ${FAULT_MODES.join(', ')}` }),
      /** For `status` (and the answer after a `delay`): the HTTP status to send. */
      status: status.optional(),
      /** For `delay`: how long to wait before answering normally (or with `status`). */
      delayMs: z
        .number({ error: 'delayMs must be a number' })
        .int('delayMs must be an integer')
        .min(0, 'delayMs must be 0-600000')
        .max(600_000, 'delayMs must be 0-600000')
        .optional(),
      /** Only the next N matching requests; unlimited when absent. */
      times: z
        .number({ error: 'times must be a number' })
        .int('times must be an integer')
        .min(1, 'times must be at least 1 (leave it out for unlimited)')
        .optional(),
      /** Only requests about this username (case-insensitive). */
      username: minecraftName.optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'a fault must be a JSON object {"route", "mode", ...}') },
  )
  .superRefine((f, ctx) => {
    if (f.mode === 'status' && f.status === undefined)
      ctx.addIssue({ code: 'custom', path: ['status'], message: `status is required with mode "status" (${STATUS_RANGE})` })
    if (f.mode === 'delay' && f.delayMs === undefined)
      ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'delayMs is required with mode "delay" (0-600000)' })
    if (f.status !== undefined && f.mode !== 'status' && f.mode !== 'delay')
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'status only goes with mode "status" or "delay"' })
    if (f.delayMs !== undefined && f.mode !== 'delay')
      ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'delayMs only goes with mode "delay"' })
    if (f.mode === 'down' && (f.times !== undefined || f.username !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [f.times !== undefined ? 'times' : 'username'],
        message: 'mode "down" refuses every connection until resetFaults(): it takes no times or username',
      })
    }
  })

export type FaultRoute = (typeof FAULT_ROUTES)[number]
export type FaultMode = (typeof FAULT_MODES)[number]
export type FaultSpec = z.input<typeof faultSchema>
