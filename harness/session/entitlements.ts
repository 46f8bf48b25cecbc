/**
 * `GET /entitlements/mcstore`: what launchers call to check that an account owns the game.
 * Mojang signs each item and the whole list as a JWT (RS256); the mock signs with its own key.
 */
import { createSign } from 'node:crypto'
import type { SigningKey } from './keys.ts'

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function jwt(key: SigningKey, payload: Record<string, unknown>): string {
  const unsigned = `${base64url({ kid: '1', alg: 'RS256' })}.${base64url(payload)}`
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key.privateKey, 'base64url')}`
}

export function entitlements(key: SigningKey, userId: string, now = Date.now()) {
  const iat = Math.floor(now / 1000)
  const names = ['product_minecraft', 'game_minecraft']
  return {
    items: names.map((name) => ({ name, signature: jwt(key, { typ: 'Entitlement', name, signerId: userId, iat }) })),
    signature: jwt(key, { entitlements: names.map((name) => ({ name })), signerId: userId, iat }),
    keyId: '1',
  }
}
