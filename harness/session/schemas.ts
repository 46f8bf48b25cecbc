/**
 * The mock's inputs (accounts, users, faults) as the in-process API parses them; the schemas
 * themselves live in harness/input, shared with the admin HTTP API and the scenario loader, so
 * all of them reject the same things with the same words.
 */
import { faultSchema, mockAccountSchema, mockUserSchema, parseInput } from '../input/index.ts'
import type { AccountSpec, FaultSpec, UserSpec } from './types.ts'

export function parseAccountSpec(input: unknown): AccountSpec {
  return parseInput(mockAccountSchema, input, 'mock session server account')
}

export function parseUserSpec(input: unknown): UserSpec {
  return parseInput(mockUserSchema, input, 'mock session server user')
}

export function parseFaultSpec(input: unknown): FaultSpec {
  return parseInput(faultSchema, input, 'mock session server fault')
}
