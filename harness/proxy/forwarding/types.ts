/** A game-profile property as the proxies forward it (Mojang's textures, BungeeGuard's token). */
export interface ForwardedProperty {
  name: string
  value: string
  /** Absent or empty: unsigned (Velocity writes "has signature" false for both). */
  signature?: string
}

/** Who the proxy says the player is. */
export interface ForwardedProfile {
  /** Dashed or undashed; decoders return dashed lowercase. */
  uuid: string
  name: string
  properties: ForwardedProperty[]
}
