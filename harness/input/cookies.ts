/**
 * Cookies (1.20.5+): the keys and payloads a server stores on a client and asks back for, and the
 * server's cookie hook as a scenario's `server.cookies` block sets it (a plugin's calls to Paper's
 * Player#storeCookie and Player#retrieveCookie, run by server/cookie-plugin.ts).
 */
import { z } from 'zod'

/**
 * ClientboundStoreCookiePacket.MAX_PAYLOAD_SIZE (decompiled vanilla 1.20.5+, Mojang mappings):
 * `PAYLOAD_STREAM_CODEC = ByteBufCodecs.byteArray(5120)`; a longer payload cannot be sent (Paper's
 * storeCookie throws "The cookie to store is too big").
 */
export const MAX_COOKIE_PAYLOAD_BYTES = 5120

/**
 * A cookie key is a resource location (`namespace:path`; ResourceLocation/Identifier: namespace
 * `[a-z0-9_.-]`, path `[a-z0-9_.-/]`). Written in full here: vanilla would read a bare `path` as
 * `minecraft:path`, which is easy to miss when the server asks for the full form.
 */
export const cookieKey = z
  .string()
  .regex(
    /^[a-z0-9_.-]+:[a-z0-9_.\-/]+$/,
    'must be a resource location "namespace:path" in lower case, e.g. "lobby:ticket" (letters a-z, digits, _ . - and / in the path)',
  )

/** A cookie's payload as UTF-8 text (the harness's choice: readable in scenario files). */
export const cookieValue = z
  .string()
  .refine(
    (text) => Buffer.byteLength(text, 'utf8') <= MAX_COOKIE_PAYLOAD_BYTES,
    `a cookie's payload is at most ${MAX_COOKIE_PAYLOAD_BYTES} bytes (vanilla's ClientboundStoreCookiePacket limit)`,
  )

/** A scenario server's cookie hook, as a plugin would use Paper's cookie API. */
export const serverCookiesSchema = z.strictObject({
  /** On join (play state), store these cookies on the client: key -> UTF-8 payload (Player#storeCookie). */
  store: z.record(cookieKey, cookieValue).optional(),
  /**
   * During login, after vanilla's checks, ask the client for cookie `key` (Player#retrieveCookie in
   * Bukkit's PlayerLoginEvent; the login waits for the answer) and let in only a client whose answer
   * is `value`; any other answer (none included) is kicked with `kickMessage`.
   */
  require: z
    .strictObject({
      key: cookieKey,
      value: cookieValue,
      /** The plugin's kick text (literal); default "Missing or wrong cookie <key>" (the harness's own words). */
      kickMessage: z.string().min(1).max(256).optional(),
    })
    .optional(),
})

export type ServerCookies = z.output<typeof serverCookiesSchema>

/** The hook's default refusal text: the harness's test plugin's own words (no platform sends it). */
export function defaultCookieKickMessage(key: string): string {
  return `Missing or wrong cookie ${key}`
}
