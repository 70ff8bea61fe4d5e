/**
 * Guessing one account's password from many addresses: the per-address limit does not see it,
 * so failures are also counted per account. After `freeAttempts` wrong passwords in a row, each
 * further attempt waits a back-off that doubles (30 s, 1 min, 2 min, …) up to `maxLockMs`; while
 * it runs every attempt is refused, the right password too, or guessing would go on. The cap keeps
 * a stranger from locking a real user out for long, and a successful login clears the count.
 *
 * Held in memory by this process (a restart forgets it, which only shortens a lock). Written by
 * hand: @fastify/rate-limit counts fixed windows per key before the body is read, and has no
 * back-off per account.
 */
export interface LoginThrottleOptions {
  freeAttempts?: number
  firstLockMs?: number
  maxLockMs?: number
  /** Accounts tracked at most; the oldest entries go first (a flood of made-up names stays bounded). */
  maxAccounts?: number
}

interface Failures {
  count: number
  lockedUntil: number
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>()
  private readonly freeAttempts: number
  private readonly firstLockMs: number
  private readonly maxLockMs: number
  private readonly maxAccounts: number

  constructor(opts: LoginThrottleOptions = {}) {
    this.freeAttempts = opts.freeAttempts ?? 5
    this.firstLockMs = opts.firstLockMs ?? 30_000
    this.maxLockMs = opts.maxLockMs ?? 5 * 60_000
    this.maxAccounts = opts.maxAccounts ?? 10_000
  }

  /** Milliseconds this account must still wait before it may try again (0: it may try now). */
  waitFor(username: string, now: number): number {
    const entry = this.failures.get(username)
    return entry ? Math.max(0, entry.lockedUntil - now) : 0
  }

  failed(username: string, now: number): void {
    const entry = this.failures.get(username) ?? { count: 0, lockedUntil: 0 }
    entry.count++
    const over = entry.count - this.freeAttempts
    if (over >= 0) entry.lockedUntil = now + Math.min(this.maxLockMs, this.firstLockMs * 2 ** Math.min(over, 20))
    this.failures.delete(username)
    this.failures.set(username, entry)
    if (this.failures.size > this.maxAccounts) {
      const oldest = this.failures.keys().next().value
      if (oldest !== undefined) this.failures.delete(oldest)
    }
  }

  succeeded(username: string): void {
    this.failures.delete(username)
  }
}
