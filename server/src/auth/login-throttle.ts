/**
 * Guessing one account's password from many addresses: the per-address limit does not see it,
 * so failures are also counted per account. After `freeAttempts` wrong passwords in a row, each
 * further attempt waits a back-off that doubles (30 s, 1 min, 2 min, …) up to `maxLockMs`; while
 * it runs every attempt is refused, the right password too, or guessing would go on. The cap keeps
 * a stranger from locking a real user out for long, and a successful login clears the count.
 *
 * Written by hand: @fastify/rate-limit counts fixed windows per key before the body is read, and
 * has no back-off per account. Every instant is the app's clock, passed in.
 *
 * Where the counts live:
 * - One process (no REDIS_URL): in its memory. A restart forgets them, which only shortens a lock.
 * - Several processes (REDIS_URL): in Redis, so that guesses spread over the processes behind the
 *   proxy add up. Redis rather than the database: every failed login writes (floods of made-up
 *   names included), the counts are short-lived and want expiry, and Redis gives an atomic
 *   update with expiry in one round trip while keeping such floods off the database the queue runs
 *   on; the database would need a table, a purge and a write transaction per wrong password.
 *   An account's count is forgotten a day after its last wrong password. When Redis does not
 *   answer, this process counts in its own memory meanwhile: nobody is locked out by Redis being
 *   down, and guessing is still slowed.
 */
import type { Redis } from 'ioredis'
import type { FastifyBaseLogger } from 'fastify'

export interface LoginThrottleOptions {
  freeAttempts?: number
  firstLockMs?: number
  maxLockMs?: number
  /** Accounts tracked at most in memory; the oldest entries go first (a flood of made-up names stays bounded). */
  maxAccounts?: number
}

export interface LoginThrottle {
  /** Milliseconds this account must still wait before it may try again (0: it may try now). */
  waitFor(username: string, now: number): Promise<number>
  failed(username: string, now: number): Promise<void>
  succeeded(username: string): Promise<void>
}

interface Limits {
  freeAttempts: number
  firstLockMs: number
  maxLockMs: number
}

function limitsOf(opts: LoginThrottleOptions): Limits {
  return { freeAttempts: opts.freeAttempts ?? 5, firstLockMs: opts.firstLockMs ?? 30_000, maxLockMs: opts.maxLockMs ?? 5 * 60_000 }
}

/** How long the lock after `count` failures in a row lasts (0 while failures are still free). */
function lockMs(limits: Limits, count: number): number {
  const over = count - limits.freeAttempts
  return over < 0 ? 0 : Math.min(limits.maxLockMs, limits.firstLockMs * 2 ** Math.min(over, 20))
}

interface Failures {
  count: number
  lockedUntil: number
}

/** The counts in this process's memory. */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly failures = new Map<string, Failures>()
  private readonly limits: Limits
  private readonly maxAccounts: number

  constructor(opts: LoginThrottleOptions = {}) {
    this.limits = limitsOf(opts)
    this.maxAccounts = opts.maxAccounts ?? 10_000
  }

  async waitFor(username: string, now: number): Promise<number> {
    const entry = this.failures.get(username)
    return entry ? Math.max(0, entry.lockedUntil - now) : 0
  }

  async failed(username: string, now: number): Promise<void> {
    const entry = this.failures.get(username) ?? { count: 0, lockedUntil: 0 }
    entry.count++
    const lock = lockMs(this.limits, entry.count)
    if (lock > 0) entry.lockedUntil = now + lock
    this.failures.delete(username)
    this.failures.set(username, entry)
    if (this.failures.size > this.maxAccounts) {
      const oldest = this.failures.keys().next().value
      if (oldest !== undefined) this.failures.delete(oldest)
    }
  }

  async succeeded(username: string): Promise<void> {
    this.failures.delete(username)
  }
}

/** An account's count is forgotten this long after its last wrong password (Redis only). */
export const FAILURES_FORGOTTEN_MS = 24 * 60 * 60_000
const KEY_PREFIX = 'hang-cho:login-failures:'

/**
 * One wrong password, atomically: count it, lock the account if the count is past the free ones
 * (the app's `now` plus the back-off, computed as lockMs does), and refresh the expiry.
 * KEYS[1] the account; ARGV: freeAttempts, now, firstLockMs, maxLockMs, forget-after ms.
 */
const FAILED = `
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local over = count - tonumber(ARGV[1])
if over >= 0 then
  local lock = tonumber(ARGV[3]) * 2 ^ math.min(over, 20)
  if lock > tonumber(ARGV[4]) then lock = tonumber(ARGV[4]) end
  redis.call('HSET', KEYS[1], 'lockedUntil', string.format('%.0f', tonumber(ARGV[2]) + lock))
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return count
`

/** The counts in Redis, shared by every process; this process's memory while Redis does not answer. */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly limits: Limits
  private readonly fallback: MemoryLoginThrottle

  constructor(
    private readonly redis: Redis,
    private readonly log: FastifyBaseLogger,
    opts: LoginThrottleOptions = {},
  ) {
    this.limits = limitsOf(opts)
    this.fallback = new MemoryLoginThrottle(opts)
  }

  async waitFor(username: string, now: number): Promise<number> {
    try {
      const lockedUntil = Number((await this.redis.hget(KEY_PREFIX + username, 'lockedUntil')) ?? 0)
      return Math.max(0, lockedUntil - now, await this.fallback.waitFor(username, now))
    } catch (err) {
      this.unavailable(err)
      return this.fallback.waitFor(username, now)
    }
  }

  async failed(username: string, now: number): Promise<void> {
    const { freeAttempts, firstLockMs, maxLockMs } = this.limits
    try {
      await this.redis.eval(FAILED, 1, KEY_PREFIX + username, freeAttempts, now, firstLockMs, maxLockMs, FAILURES_FORGOTTEN_MS)
    } catch (err) {
      this.unavailable(err)
      await this.fallback.failed(username, now)
    }
  }

  async succeeded(username: string): Promise<void> {
    await this.fallback.succeeded(username)
    try {
      await this.redis.del(KEY_PREFIX + username)
    } catch (err) {
      this.unavailable(err)
    }
  }

  private unavailable(err: unknown): void {
    this.log.warn({ err }, 'login throttle: Redis did not answer; counting in this process')
  }
}

/** In Redis when the processes share one, otherwise in memory. */
export function loginThrottle(redis: Redis | null, log: FastifyBaseLogger, opts: LoginThrottleOptions = {}): LoginThrottle {
  return redis ? new RedisLoginThrottle(redis, log, opts) : new MemoryLoginThrottle(opts)
}
