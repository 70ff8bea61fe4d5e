/**
 * Issuing a ticket over an unreliable LAN. A request that times out may still have been issued on
 * the server, so it is retried with THE SAME idempotency key: the server answers a retry with the
 * ticket it already issued instead of a second number. The key is kept when every attempt fails,
 * and reused if the citizen taps the same choice again, for the same reason. The kiosk only ever
 * shows a number that came back from the server.
 */
import { api, ApiError, newIdempotencyKey } from '../../shared/web/api.js'
import type { IssuedTicket } from '../../shared/types.js'

export interface IssueChoice {
  serviceId: number
  priorityGroupId: number | null
  /** The procedure within the service, when the citizen chose one. */
  procedureId?: number | null
}

export interface IssuerOptions {
  /** Attempts in all at most, the first included. */
  attempts?: number
  /**
   * How long to keep trying after the first attempt fails. It outlasts a server restart (a few
   * seconds; on an old PC with a large database up to about 20 s), so that a citizen who tapped
   * during one still gets a number, the same one however many tries it took.
   */
  retryForMs?: number
  timeoutMs?: number
  /** Pause before each retry; the last value repeats. */
  backoffMs?: number[]
  /** How long an unanswered key is reused for the same choice. */
  keyLifetimeMs?: number
}

/** Failures worth retrying: the request may not have reached the server, or its answer was lost. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true
  return error.code === 'network' || error.code === 'timeout' || error.status >= 500 || error.code === 'rate_limited'
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class TicketIssuer {
  private unanswered: (IssueChoice & { key: string; since: number }) | null = null
  private readonly attempts: number
  private readonly retryForMs: number
  private readonly timeoutMs: number
  private readonly backoffMs: number[]
  private readonly keyLifetimeMs: number

  constructor(
    private readonly token: string,
    opts: IssuerOptions = {},
  ) {
    this.attempts = opts.attempts ?? 12
    this.retryForMs = opts.retryForMs ?? 30_000
    this.timeoutMs = opts.timeoutMs ?? 8_000
    this.backoffMs = opts.backoffMs ?? [1_000, 2_000, 4_000, 5_000]
    this.keyLifetimeMs = opts.keyLifetimeMs ?? 5 * 60_000
  }

  /** The key this choice will be sent with: a pending one for the same choice, or a new one. */
  keyFor(choice: IssueChoice, now = Date.now()): string {
    const u = this.unanswered
    const same =
      u && u.serviceId === choice.serviceId && u.priorityGroupId === choice.priorityGroupId && (u.procedureId ?? null) === (choice.procedureId ?? null)
    if (u && same && now - u.since < this.keyLifetimeMs) {
      return u.key
    }
    this.unanswered = { ...choice, key: newIdempotencyKey(), since: now }
    return this.unanswered.key
  }

  /**
   * Issues a ticket; `onRetry` is told before each retry (the screen says it is reconnecting).
   * Rejects with the server's ApiError for a refusal (closed service…) or the last transient error.
   */
  async issue(choice: IssueChoice, onRetry?: (attempt: number) => void): Promise<IssuedTicket> {
    const key = this.keyFor(choice)
    const started = Date.now()
    let lastError: unknown
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) {
        const pause = this.backoffMs[Math.min(attempt - 2, this.backoffMs.length - 1)] ?? 1_000
        if (Date.now() + pause - started > this.retryForMs) break
        onRetry?.(attempt)
        await sleep(pause)
      }
      try {
        const issued = await api<IssuedTicket>('/api/kiosk/tickets', {
          method: 'POST',
          body: {
            serviceId: choice.serviceId,
            priorityGroupId: choice.priorityGroupId,
            // Sent only when chosen: a kiosk page still cached from before procedures talks as before.
            ...(choice.procedureId != null ? { procedureId: choice.procedureId } : {}),
          },
          deviceToken: this.token,
          idempotencyKey: key,
          timeoutMs: this.timeoutMs,
        })
        this.unanswered = null
        return issued
      } catch (error) {
        lastError = error
        if (!isTransient(error)) {
          // A definite refusal: nothing was issued under this key.
          this.unanswered = null
          throw error
        }
      }
    }
    throw lastError
  }
}
