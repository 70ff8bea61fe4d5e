/**
 * Wait estimates. Service time per service is the mean of the last finished tickets of the
 * service (start to finish) over the last week, or the service's configured default when
 * there is no history. Who goes first and when comes from replaying the call-next rule over
 * today's queue at the counters that serve it (queue-forecast.ts).
 */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm'
import type { ServingCounters } from '../../../shared/types.js'
import type { Db } from '../db/client.js'
import { preparedBy } from '../db/prepared.js'
import { counterServices, counters, services, tickets } from '../db/schema.js'
import { loadSite } from './context.js'
import { forecastAll, forecastTicket, type ForecastCounter, type ForecastTicket, type TicketForecast } from './queue-forecast.js'
import { serviceDayOf } from '../../../shared/local-time.js'

const RECENT_TICKETS = 20
const HISTORY_MS = 7 * 24 * 3600_000

export function averageServiceMinutes(db: Db, serviceId: number, now: number): number {
  const recent = preparedBy(db, 'estimate:recent', () =>
    db
      .select({ ms: sql<number>`${tickets.finishedAt} - ${tickets.servingAt}` })
      .from(tickets)
      .where(
        and(
          eq(tickets.serviceId, sql.placeholder('serviceId')),
          eq(tickets.status, 'done'),
          isNotNull(tickets.servingAt),
          gt(tickets.finishedAt, sql.placeholder('since')),
        ),
      )
      .orderBy(desc(tickets.finishedAt))
      .limit(RECENT_TICKETS)
      .prepare(),
  ).all({ serviceId, since: now - HISTORY_MS })
  if (recent.length === 0) {
    const service = preparedBy(db, 'estimate:default', () =>
      db
        .select({ m: services.defaultServiceMinutes })
        .from(services)
        .where(eq(services.id, sql.placeholder('serviceId')))
        .prepare(),
    ).get({ serviceId })
    return service?.m ?? 8
  }
  return recent.reduce((sum, r) => sum + r.ms, 0) / recent.length / 60_000
}

/** What the citizen is told: how many go first, the wait, and whether a counter is open to call them. */
export interface WaitEstimate {
  ahead: number
  minutes: number
  servingCounters: ServingCounters
}

/** Today's queue as the forecast needs it: waiting tickets, counters (with status) and service times. */
export interface QueueNow {
  now: number
  maxPriorityInRow: number
  waiting: ForecastTicket[]
  counters: (ForecastCounter & { status: 'open' | 'paused' | 'closed' })[]
  serviceMs(serviceId: number): number
}

export function loadQueueNow(db: Db, siteId: number, now: number): QueueNow {
  const site = loadSite(db, siteId)
  const day = serviceDayOf(now, site.timeZone)
  const minutes = new Map<number, number>()
  const serviceMs = (serviceId: number): number => {
    let m = minutes.get(serviceId)
    if (m === undefined) minutes.set(serviceId, (m = averageServiceMinutes(db, serviceId, now)))
    return m * 60_000
  }
  const waiting = preparedBy(db, 'estimate:waiting', () =>
    db
      .select({
        id: tickets.id,
        serviceId: tickets.serviceId,
        queuedAt: tickets.queuedAt,
        priorityGroupId: tickets.priorityGroupId,
        targetCounterId: tickets.targetCounterId,
      })
      .from(tickets)
      .where(and(eq(tickets.siteId, sql.placeholder('siteId')), sql`${tickets.status} = 'waiting'`, sql`+${tickets.serviceDay} = ${sql.placeholder('day')}`))
      .prepare(),
  )
    .all({ siteId, day })
    .map((t) => ({ id: t.id, serviceId: t.serviceId, queuedAt: t.queuedAt, priority: t.priorityGroupId !== null, targetCounterId: t.targetCounterId }))
  const counterRows = db.select().from(counters).where(eq(counters.siteId, siteId)).all()
  const links = db
    .select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId })
    .from(counterServices)
    .innerJoin(counters, eq(counters.id, counterServices.counterId))
    .where(eq(counters.siteId, siteId))
    .orderBy(asc(counterServices.counterId), asc(counterServices.position))
    .all()
  const busy = db
    .select({ counterId: tickets.counterId, serviceId: tickets.serviceId, calledAt: tickets.calledAt, servingAt: tickets.servingAt })
    .from(tickets)
    .where(and(eq(tickets.siteId, siteId), inArray(tickets.status, ['called', 'serving']), isNotNull(tickets.counterId)))
    .all()
  return {
    now,
    maxPriorityInRow: site.maxPriorityInRow,
    waiting,
    serviceMs,
    counters: counterRows.map((c) => {
      const current = busy.find((b) => b.counterId === c.id)
      // A counter with someone at it calls again once that visit's usual time has passed.
      const freeAt = current ? Math.max(now, (current.servingAt ?? current.calledAt ?? now) + serviceMs(current.serviceId)) : now
      return {
        id: c.id,
        number: c.number,
        status: c.status,
        strategy: c.strategy,
        serviceIds: links.filter((l) => l.counterId === c.id).map((l) => l.serviceId),
        priorityStreak: c.priorityStreak,
        freeAt,
      }
    }),
  }
}

/**
 * Forecast with the open counters; a ticket only paused counters can call is forecast as if they
 * resumed now (and said to be paused), one no open or paused counter can call as if every counter
 * that serves it opened (and said to have none).
 */
const TIERS: readonly (readonly [ServingCounters, (status: string) => boolean])[] = [
  ['open', (s) => s === 'open'],
  ['paused', (s) => s !== 'closed'],
  ['none', () => true],
]

function tiered<T>(queue: QueueNow, reach: (counters: QueueNow['counters']) => T | undefined, fallback: T): { value: T; servingCounters: ServingCounters } {
  for (const [servingCounters, admits] of TIERS) {
    const value = reach(queue.counters.filter((c) => admits(c.status)))
    if (value !== undefined) return { value, servingCounters }
  }
  return { value: fallback, servingCounters: 'none' }
}

function present(queue: QueueNow, found: { value: TicketForecast; servingCounters: ServingCounters }): WaitEstimate {
  const { value, servingCounters } = found
  return { ahead: value.ahead, minutes: Math.ceil(Math.max(0, value.at - queue.now) / 60_000), servingCounters }
}

/** Where a waiting ticket stands. */
export function estimateFor(queue: QueueNow, ticketId: number): WaitEstimate {
  const found = tiered(queue, (counters) => forecastTicket({ ...queue, counters }, ticketId), { ahead: 0, at: queue.now })
  return present(queue, found)
}

/** Where a ticket issued now for this service would stand (the kiosk's tiles). */
export function estimateNewTicket(queue: QueueNow, serviceId: number): WaitEstimate {
  const phantom: ForecastTicket = { id: Number.MAX_SAFE_INTEGER, serviceId, queuedAt: queue.now, priority: false, targetCounterId: null }
  return estimateFor({ ...queue, waiting: [...queue.waiting, phantom] }, phantom.id)
}

/** Every waiting ticket of the site at once, from one forecast per tier (for phones following their tickets). */
export function estimateAll(queue: QueueNow): Map<number, WaitEstimate> {
  const result = new Map<number, WaitEstimate>()
  for (const [servingCounters, admits] of TIERS) {
    const left = queue.waiting.filter((t) => !result.has(t.id))
    if (left.length === 0) break
    // Tickets already placed by a better tier still count as ahead of the others.
    const all = forecastAll({ ...queue, counters: queue.counters.filter((c) => admits(c.status)) })
    for (const t of left) {
      const f = all.get(t.id)
      if (f) result.set(t.id, present(queue, { value: f, servingCounters }))
    }
  }
  return result
}

/** The estimate for one ticket row: zero and "open" once it is no longer waiting. */
export function estimateTicket(db: Db, row: { id: number; siteId: number; status: string }, now: number): WaitEstimate {
  if (row.status !== 'waiting') return { ahead: 0, minutes: 0, servingCounters: 'open' }
  return estimateFor(loadQueueNow(db, row.siteId, now), row.id)
}

/** Waiting counts for many services at once. */
export function waitingCounts(db: Db, siteId: number, serviceIds: number[]): Map<number, number> {
  const rows = db
    .select({ serviceId: tickets.serviceId, n: count() })
    .from(tickets)
    .where(and(eq(tickets.siteId, siteId), eq(tickets.status, 'waiting'), inArray(tickets.serviceId, serviceIds)))
    .groupBy(tickets.serviceId)
    .all()
  return new Map(rows.map((r) => [r.serviceId, r.n]))
}
