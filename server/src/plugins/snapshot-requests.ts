/**
 * Snapshots that sockets ask for (`sync:request`, `display:sync`, and the first one at connection),
 * kept cheap whatever the sockets do. One socket once sent 3,000 requests and the server built 3,000
 * snapshots, blocking every kiosk and health check for 22 s; 300 displays connecting at once took
 * 5.8 s. So:
 *
 * - **Per site, one build at a time.** Everyone who asks while a snapshot is being built gets the
 *   next one, which starts when that build ends: it is newer than their request (so it holds every
 *   change they may have missed), and a crowd of requests costs two builds, not one each.
 * - **Per socket, a budget.** A few at once, then one a second; requests beyond that wait together
 *   for the next one, and past a handful waiting the rest are refused (`rate_limited`) at once. A
 *   screen asks one at a time and never meets the limit; a script meets it and costs almost nothing.
 *
 * The budget runs on real time (Date.now), not the app's clock: it measures what a socket does now.
 */
import type { Response } from '../../../shared/contract.js'

/** Builds of one site's snapshot, at most one running and one queued behind it. */
export function coalescedBySite<T>(build: (siteId: number) => Promise<T>): (siteId: number) => Promise<T> {
  const running = new Map<number, Promise<T>>()
  const queued = new Map<number, Promise<T>>()
  const start = (siteId: number): Promise<T> => {
    const p = build(siteId).finally(() => {
      if (running.get(siteId) === p) running.delete(siteId)
    })
    running.set(siteId, p)
    return p
  }
  return (siteId) => {
    const current = running.get(siteId)
    if (!current) return start(siteId)
    const next = queued.get(siteId)
    if (next) return next
    const after: Promise<T> = current
      .catch(() => undefined)
      .then(() => {
        queued.delete(siteId)
        return start(siteId)
      })
    queued.set(siteId, after)
    return after
  }
}

export interface SnapshotBudget {
  /** Requests answered at once before the rate applies. */
  burst: number
  /** One more request every this many milliseconds. */
  refillMs: number
  /** Requests that may wait for the next answer; more are refused. */
  maxWaiting: number
}

export const SNAPSHOT_BUDGET: SnapshotBudget = { burst: 3, refillMs: 1_000, maxWaiting: 5 }

type Ack<T> = (res: Response<T>) => void

/**
 * The acknowledgement of a request that takes no payload (`sync:request`, `display:sync`).
 * Socket.IO passes it last, after whatever the client sent: a request sent with a payload is
 * refused at once (`bad_request`) rather than left unanswered until the client's timeout, as it
 * was when the first argument was taken for the acknowledgement. Without one there is nobody to
 * answer: null.
 */
export function payloadlessAck<T>(event: string, args: unknown[]): Ack<T> | null {
  const ack = args.at(-1)
  if (typeof ack !== 'function') return null
  if (args.length > 1) {
    ;(ack as Ack<T>)({ ok: false, code: 'bad_request', message: `${event} takes no payload` })
    return null
  }
  return ack as Ack<T>
}

/**
 * One socket's snapshot requests. `ask` answers through the ack, now or when the budget allows;
 * `close` forgets what waits (the socket is gone).
 */
export function snapshotRequests<T>(
  get: () => Promise<T>,
  onError: (err: unknown) => void,
  budget: SnapshotBudget = SNAPSHOT_BUDGET,
): { ask(ack: Ack<T>): void; close(): void } {
  let tokens = budget.burst
  let refilledAt = Date.now()
  let waiting: Ack<T>[] = []
  let timer: ReturnType<typeof setTimeout> | null = null

  const refill = () => {
    const now = Date.now()
    const earned = Math.floor((now - refilledAt) / budget.refillMs)
    if (earned > 0) {
      tokens = Math.min(budget.burst, tokens + earned)
      refilledAt = tokens === budget.burst ? now : refilledAt + earned * budget.refillMs
    }
  }
  const answer = (acks: Ack<T>[]) => {
    get().then(
      (data) => {
        for (const ack of acks) ack({ ok: true, data })
      },
      (err: unknown) => {
        onError(err)
        for (const ack of acks) ack({ ok: false, code: 'internal_error', message: 'Snapshot failed' })
      },
    )
  }
  const later = () => {
    if (timer) return
    timer = setTimeout(
      () => {
        timer = null
        refill()
        tokens = Math.max(0, tokens - 1)
        const acks = waiting
        waiting = []
        answer(acks)
      },
      Math.max(0, refilledAt + budget.refillMs - Date.now()),
    )
  }
  return {
    ask(ack) {
      refill()
      if (tokens >= 1 && waiting.length === 0) {
        tokens--
        answer([ack])
      } else if (waiting.length < budget.maxWaiting) {
        waiting.push(ack)
        later()
      } else {
        ack({ ok: false, code: 'rate_limited', message: 'Too many snapshot requests; one is on its way' })
      }
    },
    close() {
      if (timer) clearTimeout(timer)
      timer = null
      waiting = []
    },
  }
}
