/**
 * Pairing by a short code: an unpaired kiosk or display asks for a pairing request and shows its
 * code; an administrator types the code in the devices screen; the device, polling with the
 * request's id and the secret only it was given, receives its token.
 *
 * The code is for people (six characters, read off a TV across a room); the secret is for the
 * device (32 random bytes it never shows). Knowing the code lets an administrator confirm, never
 * lets anyone take the token. Requests live in the database (pairing_requests), not in one
 * process: in a province the TV's polls and the administrator's browser usually reach different
 * server processes, and a request survives a restart. The database holds only the secret's hash,
 * and the token waiting for its device sealed to that secret (pairing-seal.ts), removed once
 * collected. Every judgement of time is made with the app's clock, never the device's.
 *
 * Confirming is the `pairDevice` command (domain/admin/devices.ts): the device record and the
 * request's confirmation commit together, and a second confirmation of the same code fails.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import type { DeviceKind } from '../../../shared/constants.js'
import type { PairingPoll } from '../../../shared/types.js'
import type { PairingRow } from '../db/repositories.js'
import type { Store } from '../db/store.js'
import { hashToken, newToken } from './passwords.js'
import { openToken, sealKeyFor, sealToken } from './pairing-seal.js'
import { HttpError } from '../plugins/errors.js'

/** No 0/O, 1/I/L, 2/Z, 5/S, 8/B: every character reads one way on a TV across a room and types one way. */
export const PAIRING_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679'
export const PAIRING_CODE_LENGTH = 6
/** How long a code shown on a device can be confirmed. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000
/** How long a confirmed request waits for its device to collect the token. */
export const PAIRING_CLAIM_TTL_MS = 10 * 60_000
/** How long an expired or used code is remembered, to answer "expired"/"used" rather than "unknown". */
export const PAIRING_REMEMBER_MS = 60 * 60_000
/** Pending requests held at once; more is someone flooding the endpoint. */
export const PAIRING_MAX_PENDING = 200
/** Wrong codes an administrator (or an address) may type in a window before being stopped. */
export const PAIRING_GUESS_LIMIT = 10
export const PAIRING_GUESS_WINDOW_MS = 10 * 60_000
/** How often a device asks whether it was confirmed. */
export const PAIRING_POLL_MS = 2_000
/** Rows purged per sweep: each request does a bounded share of the cleaning. */
const PURGE_BATCH = 100
/** Random codes tried before giving up (a code is free unless some remembered request has it). */
const CODE_TRIES = 20

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

function randomCode(): string {
  return Array.from({ length: PAIRING_CODE_LENGTH }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)]).join('')
}

const unknownRequest = () => new HttpError(404, 'pairing_request_unknown', 'No such pairing request; ask for a new code')

export class PairingBook {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {}

  /** A new request for a device of `kind`; the secret is returned once, to the device. */
  async create(kind: DeviceKind, address: string): Promise<{ request: PairingRow; secret: string }> {
    const secret = newToken()
    const sealKey = sealKeyFor(secret)
    const id = randomBytes(16).toString('base64url')
    const request = await this.store.write(async (tx) => {
      await tx.pairings.lock()
      const now = this.clock()
      await tx.pairings.sweep(now, PAIRING_GUESS_WINDOW_MS, PURGE_BATCH)
      if ((await tx.pairings.pendingCount(now)) >= PAIRING_MAX_PENDING) return null
      for (let tries = 0; tries < CODE_TRIES; tries++) {
        const code = randomCode()
        if (await tx.pairings.codeKnown(code)) continue
        const row: PairingRow = {
          id,
          code,
          liveCode: code,
          kind,
          secretHash: hashToken(secret),
          sealKey,
          address,
          createdAt: now,
          expiresAt: now + PAIRING_CODE_TTL_MS,
          confirmedAt: null,
          deviceId: null,
          deviceName: null,
          sealedToken: null,
          forgetAt: now + PAIRING_CODE_TTL_MS + PAIRING_REMEMBER_MS,
        }
        await tx.pairings.insert(row)
        return row
      }
      return null
    })
    if (!request) throw new HttpError(503, 'pairing_busy', 'Too many devices are waiting to be paired; try again in a few minutes')
    return { request, secret }
  }

  /**
   * The device asks how its request stands. Only the holder of the secret learns anything; once it
   * has been given its token, the token is gone from the database and the request is unknown.
   */
  async poll(id: string, secret: string): Promise<PollAnswer> {
    const request = await this.store.read((r) => r.pairings.get(id))
    if (!request || !sameHash(request.secretHash, hashToken(secret))) throw unknownRequest()
    const now = this.clock()
    if (request.confirmedAt !== null) {
      if (now >= request.confirmedAt + PAIRING_CLAIM_TTL_MS) throw unknownRequest()
      const sealed = await this.store.write((tx) => tx.pairings.takeToken(id))
      if (!sealed) throw unknownRequest()
      const token = openToken(secret, sealed, request.id)
      if (token === null || request.deviceId === null || request.deviceName === null) {
        throw new Error(`Pairing request ${request.id} is confirmed without a device, or its token does not open with its secret`)
      }
      return { status: 'paired', token, deviceId: request.deviceId, deviceName: request.deviceName, kind: request.kind }
    }
    if (now >= request.forgetAt) throw unknownRequest()
    if (now >= request.expiresAt) throw new HttpError(410, 'pairing_code_expired', 'This pairing code has expired; a new one is shown')
    return { status: 'pending', code: request.code, expiresInMs: request.expiresAt - now }
  }

  /**
   * The pending request an administrator's typed code names. A wrong code counts against the
   * administrator and the address; past the limit every code is refused until the window ends.
   */
  async lookup(typed: string, who: string[]): Promise<PairingRow> {
    // The refusal is returned, not thrown, so that the wrong guess it counted is committed.
    const outcome = await this.store.write(async (tx): Promise<PairingRow | HttpError> => {
      const now = this.clock()
      await tx.pairings.sweep(now, PAIRING_GUESS_WINDOW_MS, PURGE_BATCH)
      for (const g of await tx.pairings.guesses(who)) {
        if (now - g.since < PAIRING_GUESS_WINDOW_MS && g.count >= PAIRING_GUESS_LIMIT) {
          const minutes = Math.ceil((g.since + PAIRING_GUESS_WINDOW_MS - now) / 60_000)
          return new HttpError(429, 'pairing_too_many_attempts', `Too many wrong pairing codes; try again in ${minutes} min`)
        }
      }
      const code = normaliseCode(typed)
      // Not a code at all (a typo of length or letter) guesses nothing: refused without counting.
      if (code === null) return new HttpError(400, 'pairing_code_malformed', `A pairing code is ${PAIRING_CODE_LENGTH} letters and digits`)
      const found = await tx.pairings.byCode(code)
      const request = found && now < found.forgetAt ? found : undefined
      if (request && request.confirmedAt === null && now < request.expiresAt) return request
      if (!request) {
        await tx.pairings.wrongGuess(who, now, PAIRING_GUESS_WINDOW_MS)
        return new HttpError(404, 'pairing_code_unknown', 'No device shows this pairing code')
      }
      if (request.confirmedAt !== null) return new HttpError(409, 'pairing_code_used', 'This pairing code was already used')
      return new HttpError(410, 'pairing_code_expired', 'This pairing code has expired; the device shows a new one')
    })
    if (outcome instanceof HttpError) throw outcome
    return outcome
  }

  /** Seals a new device token for the request's device (the `pairDevice` command stores it). */
  seal(request: PairingRow, token: string): string {
    return sealToken(request.sealKey, token, request.id)
  }
}
