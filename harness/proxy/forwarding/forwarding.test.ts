import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  decodeModernForwarding,
  encodeModernForwarding,
  MODERN_DEFAULT,
  MODERN_LAZY_SESSION,
  MODERN_WITH_KEY,
  MODERN_WITH_KEY_V2,
  modernForwardingRequest,
  negotiateForwardingVersion,
  requestedForwardingVersion,
  type ForwardedPlayerKey,
} from './velocity-modern.ts'
import {
  checkLegacyHandshake,
  encodeLegacyForwardingHost,
  javaSplit,
  SPIGOT_ENABLE_IN_BUNGEE,
  SPIGOT_UNKNOWN_DATA,
} from './legacy-bungee.ts'
import { BUNGEEGUARD_INVALID_TOKEN, BUNGEEGUARD_NO_DATA, checkBungeeGuard, withBungeeGuardToken } from './bungeeguard.ts'

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/forwarding/${name}`, import.meta.url), 'utf8'))
const modern = fixture('velocity-modern.json') as {
  vectors: Array<{
    name: string
    secret: string
    version: number
    address: string
    profile: { uuid: string; name: string; properties: Array<{ name: string; value: string; signature?: string }> }
    decodedProperties?: Array<{ name: string; value: string }>
    key?: { revision: 'v1' | 'v2'; expiresAtMs: string; publicKeyHex: string; signatureHex: string; signer?: string }
    payloadHex: string
    hmacHex: string
    hmacWithSecretWrong?: string
  }>
}
const legacy = fixture('legacy.json') as {
  encode: Array<{
    name: string
    style: 'bungeecord' | 'velocity'
    host: string
    ip: string
    uuid: string
    properties: Array<{ name: string; value: string; signature?: string }>
    bungeeGuardToken?: string
    expected: string
  }>
}

function keyOf(v: (typeof modern.vectors)[number]): ForwardedPlayerKey | undefined {
  if (!v.key) return undefined
  return {
    revision: v.key.revision,
    expiresAtMs: BigInt(v.key.expiresAtMs),
    publicKey: Buffer.from(v.key.publicKeyHex, 'hex'),
    signature: Buffer.from(v.key.signatureHex, 'hex'),
    signer: v.key.signer,
  }
}

describe('Velocity modern forwarding: golden vectors (hand-written bytes, HMAC by openssl)', () => {
  for (const v of modern.vectors) {
    it(`encodes ${v.name}`, () => {
      const data = encodeModernForwarding({ secret: v.secret, address: v.address, profile: v.profile, version: v.version, key: keyOf(v) })
      expect(data.toString('hex')).toBe(v.hmacHex + v.payloadHex)
    })
    it(`decodes ${v.name}`, () => {
      const checked = decodeModernForwarding(Buffer.from(v.hmacHex + v.payloadHex, 'hex'), v.secret)
      expect(checked).toMatchObject({ ok: true, version: v.version, address: v.address })
      if (!checked.ok) return
      expect(checked.profile).toEqual({ ...v.profile, properties: v.decodedProperties ?? v.profile.properties })
      if (v.key) expect(checked.key).toEqual(keyOf(v))
    })
  }

  it('a wrong secret fails the integrity check (Paper: "Unable to verify player details")', () => {
    const v = modern.vectors[0]!
    expect(decodeModernForwarding(Buffer.from(v.hmacHex + v.payloadHex, 'hex'), 'wrong')).toEqual({ ok: false, problem: 'integrity' })
    // The fixture's HMAC under the wrong secret is a different value altogether.
    expect(v.hmacWithSecretWrong).not.toBe(v.hmacHex)
    const forged = Buffer.from(v.hmacWithSecretWrong + v.payloadHex, 'hex')
    expect(decodeModernForwarding(forged, v.secret)).toEqual({ ok: false, problem: 'integrity' })
    expect(decodeModernForwarding(forged, 'wrong').ok).toBe(true)
  })

  it('one flipped payload bit fails the check', () => {
    const v = modern.vectors[0]!
    const data = Buffer.from(v.hmacHex + v.payloadHex, 'hex')
    data[data.length - 1]! ^= 1
    expect(decodeModernForwarding(data, v.secret)).toEqual({ ok: false, problem: 'integrity' })
  })

  it('data shorter than the signature is malformed, a version above 4 unsupported (Paper throws)', () => {
    expect(decodeModernForwarding(Buffer.alloc(10), 's')).toMatchObject({ ok: false, problem: 'malformed' })
    const v5 = encodeModernForwarding({
      secret: 's',
      address: 'a',
      profile: { uuid: '00000000-0000-0000-0000-000000000001', name: 'x', properties: [] },
      version: 5,
    })
    expect(decodeModernForwarding(v5, 's')).toEqual({
      ok: false,
      problem: 'unsupported_version',
      detail: 'Unsupported forwarding version 5, wanted upto 4',
    })
  })
})

describe('Velocity modern forwarding: version negotiation (PlayerDataForwarding.findForwardingVersion)', () => {
  it('Paper asks with one byte, 4', () => {
    expect(modernForwardingRequest()).toEqual(Buffer.from([4]))
  })
  it('reads the request only when it is exactly one byte', () => {
    expect(requestedForwardingVersion(Buffer.from([4]))).toBe(4)
    expect(requestedForwardingVersion(Buffer.from([]))).toBe(MODERN_DEFAULT)
    expect(requestedForwardingVersion(Buffer.from([4, 0]))).toBe(MODERN_DEFAULT)
  })
  it('takes min(requested, 4); 1.19.3+ gets 4 or 1', () => {
    expect(negotiateForwardingVersion(9, 765)).toBe(MODERN_LAZY_SESSION)
    expect(negotiateForwardingVersion(4, 761)).toBe(MODERN_LAZY_SESSION)
    expect(negotiateForwardingVersion(3, 765)).toBe(MODERN_DEFAULT)
    expect(negotiateForwardingVersion(1, 765)).toBe(MODERN_DEFAULT)
  })
  it('1.19-1.19.2 sends the key: v1 keys as 2, v2 keys as 3 (or none below 3)', () => {
    expect(negotiateForwardingVersion(4, 759, { revision: 'v1' })).toBe(MODERN_WITH_KEY)
    expect(negotiateForwardingVersion(4, 760, { revision: 'v2' })).toBe(MODERN_WITH_KEY_V2)
    expect(negotiateForwardingVersion(2, 760, { revision: 'v2' })).toBe(MODERN_DEFAULT)
    expect(negotiateForwardingVersion(4, 760)).toBe(MODERN_DEFAULT)
    expect(negotiateForwardingVersion(4, 340)).toBe(MODERN_DEFAULT)
  })
})

describe('legacy (BungeeCord) forwarding host field', () => {
  for (const v of legacy.encode) {
    it(`encodes ${v.name}`, () => {
      const properties = v.bungeeGuardToken ? withBungeeGuardToken(v.properties, v.bungeeGuardToken) : v.properties
      expect(encodeLegacyForwardingHost({ host: v.host, ip: v.ip, profile: { uuid: v.uuid, properties }, style: v.style })).toBe(v.expected)
    })
  }

  it("splits like Java's String.split: trailing empty parts dropped", () => {
    expect(javaSplit('a\0b\0c\0', '\0')).toEqual(['a', 'b', 'c'])
    expect(javaSplit('a\0\0c', '\0')).toEqual(['a', '', 'c'])
    expect(javaSplit('', '\0')).toEqual([''])
  })

  it('bungeecord: true accepts 3 or 4 fields with a plausible IP and takes the forwarded UUID', () => {
    const three = checkLegacyHandshake('h\u0000127.0.0.2\u0000069a79f444e94726a5befca90e38aaf5', true)
    expect(three).toEqual({ kind: 'forwarded', host: 'h', ip: '127.0.0.2', uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5', properties: [] })
    const four = checkLegacyHandshake(
      'h\u0000::1\u0000069a79f444e94726a5befca90e38aaf5\u0000[{"name":"textures","value":"v"},{"name":"bungeeguard-token","value":"t"}]',
      true,
    )
    // Spigot's PROP_PATTERN drops names that are not \w{0,16}.
    expect(four).toMatchObject({ kind: 'forwarded', ip: '::1', properties: [{ name: 'textures', value: 'v' }] })
  })

  it("bungeecord: true refuses a plain handshake or an implausible IP with Spigot's text", () => {
    expect(checkLegacyHandshake('127.0.0.1', true)).toEqual({ kind: 'refused', text: SPIGOT_ENABLE_IN_BUNGEE })
    expect(checkLegacyHandshake('h\u0000EVIL.HOST\u0000069a79f444e94726a5befca90e38aaf5', true)).toEqual({
      kind: 'refused',
      text: SPIGOT_ENABLE_IN_BUNGEE,
    })
    expect(checkLegacyHandshake('h\u0000EVIL.HOST\u0000069a79f444e94726a5befca90e38aaf5', true, { bypassHostCheck: true })).toMatchObject({
      kind: 'forwarded',
    })
    expect(checkLegacyHandshake('a\u0000b\u0000c\u0000d\u0000e', true)).toEqual({ kind: 'refused', text: SPIGOT_ENABLE_IN_BUNGEE })
  })

  it('bungeecord: false refuses forwarded data and lets a plain handshake through', () => {
    expect(checkLegacyHandshake('h\u0000127.0.0.2\u0000069a79f444e94726a5befca90e38aaf5', false)).toEqual({
      kind: 'refused',
      text: SPIGOT_UNKNOWN_DATA,
    })
    expect(checkLegacyHandshake('localhost', false)).toEqual({ kind: 'plain' })
    // Not a plausible IP: not taken for forwarding data.
    expect(checkLegacyHandshake('a\u0000Z\u0000c', false)).toEqual({ kind: 'plain' })
  })

  it('a UUID Spigot cannot read breaks the connection', () => {
    expect(checkLegacyHandshake('h\u0000127.0.0.2\u0000not-a-uuid', true)).toMatchObject({ kind: 'broken' })
  })
})

describe('BungeeGuard token check (BungeeCordHandshake.decodeAndVerify0, v1.3.3)', () => {
  const uuid = '069a79f444e94726a5befca90e38aaf5'
  const host = (props?: string) => `h\u0000127.0.0.2\u0000${uuid}${props === undefined ? '' : `\u0000${props}`}`
  it('no forwarding data: the no-data text', () => {
    expect(checkBungeeGuard('127.0.0.1', ['tok'])).toEqual({ ok: false, reason: 'INVALID_HANDSHAKE', text: BUNGEEGUARD_NO_DATA })
  })
  it('forwarding without a token, or with a wrong or doubled one: "Unable to authenticate."', () => {
    expect(checkBungeeGuard(host(), ['tok'])).toMatchObject({ reason: 'NO_TOKEN', text: BUNGEEGUARD_INVALID_TOKEN })
    expect(checkBungeeGuard(host('[]'), ['tok'])).toMatchObject({ reason: 'NO_TOKEN' })
    expect(checkBungeeGuard(host('[{"name":"bungeeguard-token","value":"nope","signature":""}]'), ['tok'])).toMatchObject({
      reason: 'INCORRECT_TOKEN',
      text: BUNGEEGUARD_INVALID_TOKEN,
    })
    const two = '[{"name":"bungeeguard-token","value":"tok"},{"name":"bungeeguard-token","value":"tok"}]'
    expect(checkBungeeGuard(host(two), ['tok'])).toMatchObject({ reason: 'INCORRECT_TOKEN' })
  })
  it("the shipped config's placeholder tokens refuse everyone", () => {
    expect(
      checkBungeeGuard(host('[{"name":"bungeeguard-token","value":"tok"}]'), ['tok', 'you can add as many as you like.']),
    ).toMatchObject({ reason: 'INCORRECT_TOKEN' })
  })
  it('the right token passes, and is removed from the properties', () => {
    const props = '[{"name":"textures","value":"v","signature":"s"},{"name":"bungeeguard-token","value":"tok","signature":""}]'
    expect(checkBungeeGuard(host(props), ['tok'])).toEqual({
      ok: true,
      host: 'h',
      ip: '127.0.0.2',
      uuid: '069a79f4-44e9-4726-a5be-fca90e38aaf5',
      properties: [{ name: 'textures', value: 'v', signature: 's' }],
    })
  })
  it('handshakes over 2500 characters are invalid', () => {
    expect(checkBungeeGuard(host(`[{"name":"x","value":"${'a'.repeat(2600)}"}]`), ['tok'])).toMatchObject({ reason: 'INVALID_HANDSHAKE' })
  })
})
