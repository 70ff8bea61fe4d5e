/**
 * Pairing by a short code: an unpaired kiosk or display asks for a pairing request and shows its
 * code; an administrator types the code in the devices screen; the device, polling with the
 * request's id and the secret only it was given, receives its token.
 *
 * The code is for people (six characters, read off a TV across a room); the secret is for the
 * device (32 random bytes it never shows). Knowing the code lets an administrator confirm, never
 * lets anyone take the token. Requests live in memory: they last ten minutes, and after a server
 * restart a device simply asks for a new code. Every judgement of time is made with the app's
 * clock, never the device's.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import type { DeviceKind } from '../../../shared/constants.js'
import type { PairingPoll } from '../../../shared/types.js'
import { hashToken, newToken } from './passwords.js'
import { HttpError } from '../plugins/errors.js'

/** No 0/O, 1/I/L, 2/Z, 5/S, 8/B: every character reads one way on a TV across a room and types one way. */
export const PAIRING_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679'
export const PAIRING_CODE_LENGTH = 6
/** How long a code shown on a device can be confirmed. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000
/** How long a confirmed request waits for its device to collect the token. */
export const PAIRING_CLAIM_TTL_MS = 10 * 60_000
/** How long an expired or used code is remembered, to answer "expired"/"used" rather than "unknown". */
const REMEMBER_MS = 60 * 60_000
/** Pending requests held at once; more is someone flooding the endpoint. */
export const PAIRING_MAX_PENDING = 200
/** Wrong codes an administrator (or an address) may type in a window before being stopped. */
export const PAIRING_GUESS_LIMIT = 10
export const PAIRING_GUESS_WINDOW_MS = 10 * 60_000
/** How often a device asks whether it was confirmed. */
export const PAIRING_POLL_MS = 2_000

export interface PairingRequest {
  id: string
  secretHash: string
  code: string
  kind: DeviceKind
  address: string
  createdAt: number
  expiresAt: number
  /** Set once an administrator confirmed: the device's token waits here until collected. */
  confirmed: { at: number; token: string; deviceId: number; deviceName: string } | null
}

/** The answer to a device's poll, as HTTP writes it (shared/schemas.ts PairingPollSchema). */
export type PollAnswer = PairingPoll

/** Turns what a person typed ("abc-def", " ABC DEF ") into a code, or null when it cannot be one. */
export function normaliseCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-.·]/g, '')
  if (code.length !== PAIRING_CODE_LENGTH) return null
  for (const ch of code) if (!PAIRING_ALPHABET.includes(ch)) return null
  return code
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && timingSafeEqual(x, y)
}

export class PairingBook {
  readonly #byId = new Map<string, PairingRequest>()
  readonly #byCode = new Map<string, PairingRequest>()
  /** Codes no longer usable, and why, until `until`. */
  readonly #spent = new Map<string, { why: 'used' | 'expired'; until: number }>()
  /** Wrong guesses per administrator and per address: when the window started and how many. */
  readonly #guesses = new Map<string, { since: number; count: number }>()

  constructor(private readonly clock: () => number) {}

  /** A new request for a device of `kind`; the secret is returned once, to the device. */
  create(kind: DeviceKind, address: string): { request: PairingRequest; secret: string } {
    this.sweep()
    const pending = this.#byCode.size
    if (pending >= PAIRING_MAX_PENDING) throw new HttpError(503, 'pairing_busy', 'Too many devices are waiting to be paired; try again in a few minutes')
    let code = ''
    for (let tries = 0; tries < 20; tries++) {
      code = Array.from({ length: PAIRING_CODE_LENGTH }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)]).join('')
      if (!this.#byCode.has(code) && !this.#spent.has(code)) break
    }
    const secret = newToken()
    const now = this.clock()
    const request: PairingRequest = {
      id: randomBytes(16).toString('base64url'),
      secretHash: hashToken(secret),
      code,
      kind,
      address,
      createdAt: now,
      expiresAt: now + PAIRING_CODE_TTL_MS,
      confirmed: null,
    }
    this.#byId.set(request.id, request)
    this.#byCode.set(code, request)
    return { request, secret }
  }

  /** The device asks how its request stands. Only the holder of the secret learns anything. */
  poll(id: string, secret: string): PollAnswer {
    this.sweep()
    const request = this.#byId.get(id)
    if (!request || !sameHash(request.secretHash, hashToken(secret))) {
      throw new HttpError(404, 'pairing_request_unknown', 'No such pairing request; ask for a new code')
    }
    const now = this.clock()
    if (request.confirmed) {
      return {
        status: 'paired',
        token: request.confirmed.token,
        deviceId: request.confirmed.deviceId,
        deviceName: request.confirmed.deviceName,
        kind: request.kind,
      }
    }
    if (now >= request.expiresAt) throw new HttpError(410, 'pairing_code_expired', 'This pairing code has expired; a new one is shown')
    return { status: 'pending', code: request.code, expiresInMs: request.expiresAt - now }
  }

  /**
   * The pending request an administrator's typed code names. A wrong code counts against the
   * administrator and the address; past the limit every code is refused until the window ends.
   */
  lookup(typed: string, who: string[]): PairingRequest {
    this.sweep()
    const now = this.clock()
    for (const key of who) {
      const g = this.#guesses.get(key)
      if (g && now - g.since < PAIRING_GUESS_WINDOW_MS && g.count >= PAIRING_GUESS_LIMIT) {
        const minutes = Math.ceil((g.since + PAIRING_GUESS_WINDOW_MS - now) / 60_000)
        throw new HttpError(429, 'pairing_too_many_attempts', `Too many wrong pairing codes; try again in ${minutes} min`)
      }
    }
    const code = normaliseCode(typed)
    const request = code ? this.#byCode.get(code) : undefined
    if (request && !request.confirmed && now < request.expiresAt) return request
    const spent = code ? this.#spent.get(code) : undefined
    if (!request && !spent) this.wrongGuess(who, now)
    if (request?.confirmed || spent?.why === 'used') throw new HttpError(409, 'pairing_code_used', 'This pairing code was already used')
    if (request || spent?.why === 'expired') throw new HttpError(410, 'pairing_code_expired', 'This pairing code has expired; the device shows a new one')
    throw new HttpError(404, 'pairing_code_unknown', 'No device shows this pairing code')
  }

  /** Marks the request confirmed: the token waits for its device, and the code cannot be used again. */
  confirm(request: PairingRequest, token: string, deviceId: number, deviceName: string): void {
    const now = this.clock()
    request.confirmed = { at: now, token, deviceId, deviceName }
    this.#byCode.delete(request.code)
    this.#spent.set(request.code, { why: 'used', until: now + REMEMBER_MS })
  }

  private wrongGuess(who: string[], now: number): void {
    for (const key of who) {
      const g = this.#guesses.get(key)
      if (!g || now - g.since >= PAIRING_GUESS_WINDOW_MS) this.#guesses.set(key, { since: now, count: 1 })
      else g.count++
    }
  }

  /** Forgets what has run out, so memory stays bounded. */
  private sweep(): void {
    const now = this.clock()
    for (const [id, r] of this.#byId) {
      if (!r.confirmed && now >= r.expiresAt && this.#byCode.get(r.code) === r) {
        // Expired: the code is spent; the request stays a while so its device hears "expired".
        this.#byCode.delete(r.code)
        this.#spent.set(r.code, { why: 'expired', until: r.expiresAt + REMEMBER_MS })
      }
      const gone = r.confirmed ? now >= r.confirmed.at + PAIRING_CLAIM_TTL_MS : now >= r.expiresAt + REMEMBER_MS
      if (gone) this.#byId.delete(id)
    }
    for (const [code, s] of this.#spent) if (now >= s.until) this.#spent.delete(code)
    for (const [key, g] of this.#guesses) if (now - g.since >= PAIRING_GUESS_WINDOW_MS) this.#guesses.delete(key)
  }
}
