import { z } from 'zod'

/** Vanilla's rule for a player name; every input that names a player (scenario, mock, fault) uses this one. */
export const MINECRAFT_NAME = /^[A-Za-z0-9_]{1,16}$/

export const minecraftName = z
  .string({ error: 'must be a Minecraft name (a string)' })
  .regex(MINECRAFT_NAME, 'must be a Minecraft name: 1-16 characters of A-Z, a-z, 0-9 and _')
