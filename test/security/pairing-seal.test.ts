/** The token waiting for a paired device opens only with that device's secret, for that request. */
import t from 'tap'
import { openToken, sealKeyFor, sealToken } from '../../server/src/auth/pairing-seal.js'
import { newToken } from '../../server/src/auth/passwords.js'

t.test('only the secret behind the seal key opens the token, and only for its request', async (t) => {
  const secret = newToken()
  const key = sealKeyFor(secret)
  t.equal(sealKeyFor(secret), key, 'the key is derived from the secret: the same secret, the same key')
  t.not(sealKeyFor(newToken()), key, 'another secret, another key')
  const token = newToken()
  const sealed = sealToken(key, token, 'request-1')
  t.notMatch(sealed, token, 'the sealed text does not hold the token')
  t.not(sealToken(key, token, 'request-1'), sealed, 'sealing twice gives different text (a fresh key pair and nonce each time)')
  t.equal(openToken(secret, sealed, 'request-1'), token, 'the secret opens it')
  t.equal(openToken(newToken(), sealed, 'request-1'), null, 'another secret does not')
  t.equal(openToken(secret, sealed, 'request-2'), null, 'nor does the right secret for another request')
  const [version, ephemeral, payload] = sealed.split('.')
  const tampered = Buffer.from(payload ?? '', 'base64url')
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1
  t.equal(openToken(secret, [version, ephemeral, tampered.toString('base64url')].join('.'), 'request-1'), null, 'a changed seal does not open')
  t.equal(openToken(secret, 'not a seal', 'request-1'), null)
})
