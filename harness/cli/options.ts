import { HarnessInputError } from '../errors.ts'

/** A commander option parser for a whole number in [min, max]; anything else is bad input (exit 2). */
export function integerOption(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new HarnessInputError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`)
    }
    return n
  }
}
