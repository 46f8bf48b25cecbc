import { vanillaReason, type KickReason } from './kick.ts'
import type { VersionData } from './version-data.ts'

/** Vanilla reads the login name as a string of at most 16 characters (UTF-16 units, as Java counts). */
export const MAX_NAME_LENGTH = 16
/** The first protocol known to check the name's characters (1.19: "Invalid characters in username"). */
const FIRST_CHECKING_PROTOCOL = 759

/** Vanilla's reply to an exception on the connection: `disconnect.genericReason` ("%s") with the exception. */
function internalException(data: VersionData, exception: string): KickReason {
  return vanillaReason(data, 'disconnect.genericReason', [`Internal Exception: ${exception}`])
}

/**
 * What every version refuses whatever its character rule: a name longer than 16 fails to decode,
 * and an empty one fails to make a GameProfile.
 */
export function unreadableName(data: VersionData, name: string): KickReason | undefined {
  if (name.length > MAX_NAME_LENGTH) {
    return internalException(
      data,
      `io.netty.handler.codec.DecoderException: The received string length is longer than maximum allowed (${name.length} > ${MAX_NAME_LENGTH})`,
    )
  }
  if (name.length === 0) return internalException(data, 'java.lang.IllegalArgumentException: Name and ID cannot both be blank')
  return undefined
}

/** `Validate.validState(..., "Invalid characters in username")` failing in handleHello. */
export function invalidCharacters(data: VersionData): KickReason {
  return internalException(data, 'java.lang.IllegalStateException: Invalid characters in username')
}

/**
 * Whether vanilla of this version refuses `name` at login start, and with what. Every version reads
 * the name with a 16-character limit (a longer one fails to decode) and builds a GameProfile, which
 * refuses an empty name; 1.19 and later also refuse any character at or below space or from DEL up
 * (spaces, control characters, anything not ASCII). Older versions let such names in, and so does
 * the harness for them.
 */
export function nameRefusal(data: VersionData, name: string): KickReason | undefined {
  const unreadable = unreadableName(data, name)
  if (unreadable) return unreadable
  if (data.protocolVersion >= FIRST_CHECKING_PROTOCOL) {
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i)
      if (c <= 32 || c >= 127) return invalidCharacters(data)
    }
  }
  return undefined
}
