/**
 * What a bot does after it joins. One schema for scenario files and for `attemptLogin`'s
 * `steps`, so a pattern that cannot compile is refused at load, not when the bot gets there.
 */
import { z } from 'zod'

const timeoutMs = z.number().int().min(1).max(120_000)

/** A chat pattern is a RegExp source: it must compile, else the step could only fail at run time. */
const pattern = z
  .string()
  .min(1, 'pattern must not be empty; give a regular expression the chat line must match, e.g. "Please /login"')
  .superRefine((source, ctx) => {
    try {
      new RegExp(source)
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(source)} is not a valid regular expression (${(error as Error).message}); escape special characters with \\, e.g. "\\\\(" for a literal (`,
      })
    }
  })

export const stepSchema = z.discriminatedUnion('do', [
  /**
   * Sends a chat line. A command (`/...`) is sent and the next step follows. A message waits up
   * to `timeoutMs` for the server's verdict: its own line coming back ("<name> text") means it went
   * through; a `chat.disabled.*` line (secure chat's refusal) ends the attempt as `chat_refused`;
   * neither gives `timeout`.
   */
  z.strictObject({ do: z.literal('chat'), text: z.string().min(1).max(256), timeoutMs: timeoutMs.optional() }),
  z.strictObject({ do: z.literal('waitForChat'), pattern, timeoutMs: timeoutMs.optional() }),
  z.strictObject({ do: z.literal('stay'), ms: z.number().int().min(0).max(120_000) }),
  z.strictObject({ do: z.literal('expectKick'), timeoutMs: timeoutMs.optional() }),
  /**
   * 1.20.5+: the server transfers the player to the scenario's server named `to` (as an operator's
   * `/transfer <host> <port> <player>` or a plugin's Player#transfer would), waits up to `timeoutMs`
   * for the transfer packet, and the bot reconnects there as the vanilla client does: handshake
   * intention TRANSFER (3), its cookies kept. The attempt's outcome is that login's. The last step.
   */
  z.strictObject({ do: z.literal('transfer'), to: z.string().min(1), timeoutMs: timeoutMs.optional() }),
])

export type BotStep = z.input<typeof stepSchema>
