import crypto from 'node:crypto'

/**
 * The server side of the login handshake's cryptography, with node's native RSA.
 *
 * Why not node-rsa (what minecraft-protocol's server uses): its pure-JS decrypt costs ~35 ms per
 * login. Why RSA_NO_PADDING plus a hand-written check: Node >= 20.11 refuses PKCS#1 v1.5
 * decryption (the Marvin timing attack), but the Minecraft client encrypts with exactly that
 * padding, so we decrypt raw and verify the type-2 padding ourselves. The check must stay:
 * without it garbage would be accepted as a shared secret.
 */
export interface ServerKeyPair {
  privateKey: crypto.KeyObject
  /** SubjectPublicKeyInfo DER: what the encryption request carries and the serverId hash covers. */
  publicKeyDer: Buffer
  modulusBytes: number
}

let processKey: ServerKeyPair | undefined

/**
 * One 1024-bit key per process (vanilla makes one per server start; generating costs 10-60 ms,
 * which would blow the start-up budget for many servers in one process).
 */
export function serverKeyPair(): ServerKeyPair {
  if (processKey) return processKey
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 })
  processKey = {
    privateKey,
    publicKeyDer: publicKey.export({ type: 'spki', format: 'der' }),
    modulusBytes: 128,
  }
  return processKey
}

export class BadPaddingError extends Error {
  override name = 'BadPaddingError'
}

/** Strips PKCS#1 v1.5 type-2 padding: 0x00 0x02, at least 8 non-zero bytes, 0x00, message. */
export function unpadPkcs1Type2(block: Buffer, modulusBytes: number): Buffer {
  if (block.length !== modulusBytes) throw new BadPaddingError(`block is ${block.length} bytes, expected ${modulusBytes}`)
  if (block[0] !== 0x00 || block[1] !== 0x02) throw new BadPaddingError('block does not start with 00 02')
  let separator = -1
  for (let i = 2; i < block.length; i++) {
    if (block[i] === 0x00) {
      separator = i
      break
    }
  }
  if (separator === -1) throw new BadPaddingError('no 00 separator after the padding string')
  if (separator - 2 < 8) throw new BadPaddingError(`padding string is ${separator - 2} bytes, at least 8 required`)
  return block.subarray(separator + 1)
}

/** Decrypts one RSA block the client encrypted with PKCS#1 v1.5; throws on any malformed input. */
export function rsaDecryptPkcs1(key: ServerKeyPair, ciphertext: Buffer): Buffer {
  if (ciphertext.length !== key.modulusBytes) {
    throw new BadPaddingError(`ciphertext is ${ciphertext.length} bytes, expected ${key.modulusBytes}`)
  }
  const raw = crypto.privateDecrypt({ key: key.privateKey, padding: crypto.constants.RSA_NO_PADDING }, ciphertext)
  return unpadPkcs1Type2(raw, key.modulusBytes)
}

/**
 * The serverId hash both sides send to the session server: sha1(serverId ascii + secret + public
 * key DER) printed as Java's `new BigInteger(digest).toString(16)`, i.e. signed, so about half of
 * them start with `-`.
 */
export function minecraftServerIdHash(serverId: string, sharedSecret: Buffer, publicKeyDer: Buffer): string {
  const digest = crypto.createHash('sha1').update(serverId, 'ascii').update(sharedSecret).update(publicKeyDer).digest()
  const negative = (digest[0]! & 0x80) !== 0
  if (negative) {
    // Two's complement of the 160-bit value gives its magnitude.
    let carry = 1
    for (let i = digest.length - 1; i >= 0; i--) {
      const v = (~digest[i]! & 0xff) + carry
      digest[i] = v & 0xff
      carry = v >> 8
    }
  }
  const hex = digest.toString('hex').replace(/^0+/, '')
  return (negative ? '-' : '') + (hex === '' ? '0' : hex)
}
