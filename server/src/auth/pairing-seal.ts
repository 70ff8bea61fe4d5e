/**
 * The token of a confirmed pairing waits in the database until its device collects it, and must
 * not wait there readable: whoever reads the database (a backup, a replica, a curious operator)
 * would otherwise hold a working device token. So it is sealed to the device's secret.
 *
 * The secret cannot simply be the key: the server learns it only when the device asks for a code
 * and when it polls, not when an administrator confirms, which is when the token is made (and the
 * database holds only the secret's hash). So the seal is asymmetric: when the device asks, an
 * X25519 key pair is derived from its secret (HKDF-SHA-256) and only the public half is stored.
 * Confirming seals the token to that public key (an ephemeral X25519 key agreement, HKDF-SHA-256,
 * AES-256-GCM, bound to the request's id); polling with the secret derives the private half again
 * and opens it. Without the secret, the row does not give the token.
 */
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

const VERSION = 'x25519-aes256gcm'
/** PKCS #8 DER before a raw 32-byte X25519 private key (RFC 8410). */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex')
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32

function privateKeyOf(secret: string): KeyObject {
  const seed = Buffer.from(hkdfSync('sha256', secret, 'hang-cho pairing', 'x25519 private key', KEY_BYTES))
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
}

function rawPublic(key: KeyObject): string {
  const x = key.export({ format: 'jwk' }).x
  if (!x) throw new Error('An X25519 public key without its x')
  return x
}

function publicKeyOf(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw }, format: 'jwk' })
}

/** The AES key both sides reach: from the agreed secret, bound to both public keys. */
function aesKey(shared: Buffer, ephemeral: string, recipient: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, `${ephemeral}.${recipient}`, 'hang-cho pairing token', KEY_BYTES))
}

/** The public key to store for a device's secret (base64url). */
export function sealKeyFor(secret: string): string {
  return rawPublic(createPublicKey(privateKeyOf(secret)))
}

/** Seals `token` so that only the holder of the secret behind `sealKey` can open it; `context` (the request's id) is bound in. */
export function sealToken(sealKey: string, token: string, context: string): string {
  const ephemeral = generateKeyPairSync('x25519')
  const ephemeralRaw = rawPublic(ephemeral.publicKey)
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyOf(sealKey) })
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', aesKey(shared, ephemeralRaw, sealKey), iv)
  cipher.setAAD(Buffer.from(context))
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()])
  return [VERSION, ephemeralRaw, Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')].join('.')
}

/** Opens what `sealToken` sealed, with the device's secret; null when the secret, the context or the seal is wrong. */
export function openToken(secret: string, sealed: string, context: string): string | null {
  const [version, ephemeralRaw, payload] = sealed.split('.')
  if (version !== VERSION || !ephemeralRaw || !payload) return null
  try {
    const privateKey = privateKeyOf(secret)
    const shared = diffieHellman({ privateKey, publicKey: publicKeyOf(ephemeralRaw) })
    const bytes = Buffer.from(payload, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', aesKey(shared, ephemeralRaw, rawPublic(createPublicKey(privateKey))), bytes.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
