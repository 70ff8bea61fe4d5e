/**
 * Wait estimates. Service time per service is the mean of the last finished tickets of the
 * service (start to finish) over the last week, or the service's configured default when
 * there is no history; waiting tickets are shared among the counters open for the service.
 */
import { and, count, desc, eq, gt, inArray, isNotNull, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { preparedBy } from '../db/prepared.js'
import { counterServices, counters, services, tickets } from '../db/schema.js'

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

export function openCountersFor(db: Db, serviceId: number): number {
  const row = preparedBy(db, 'estimate:open-counters', () =>
    db
      .select({ n: count() })
      .from(counterServices)
      .innerJoin(counters, eq(counters.id, counterServices.counterId))
      .where(and(eq(counterServices.serviceId, sql.placeholder('serviceId')), eq(counters.status, 'open')))
      .prepare(),
  ).get({ serviceId })
  return row?.n ?? 0
}

/** Tickets of the same service that will be called before this one (priority tickets go first). */
export function waitingAhead(
  db: Db,
  ticket: { id: number; siteId: number; serviceId: number; queuedAt: number; priorityGroupId: number | null },
): number {
  const priority = ticket.priorityGroupId !== null
  const query = preparedBy(db, priority ? 'estimate:ahead-of-priority' : 'estimate:ahead-of-ordinary', () => {
    const queuedAt = sql.placeholder('queuedAt')
    const earlier = or(lt(tickets.queuedAt, queuedAt), and(eq(tickets.queuedAt, queuedAt), lt(tickets.id, sql.placeholder('id'))))
    // The site narrows nothing, but lets SQLite use the queue index instead of reading every ticket ever issued.
    const sameService = and(
      eq(tickets.siteId, sql.placeholder('siteId')),
      eq(tickets.serviceId, sql.placeholder('serviceId')),
      eq(tickets.status, 'waiting'),
    )
    const ahead = priority ? and(sameService, isNotNull(tickets.priorityGroupId), earlier) : and(sameService, or(earlier, isNotNull(tickets.priorityGroupId)))
    return db.select({ n: count() }).from(tickets).where(ahead).prepare()
  })
  return query.get({ siteId: ticket.siteId, serviceId: ticket.serviceId, queuedAt: ticket.queuedAt, id: ticket.id })?.n ?? 0
}

export function estimateWaitMinutes(db: Db, serviceId: number, ahead: number, now: number): number {
  if (ahead === 0) return 0
  const perTicket = averageServiceMinutes(db, serviceId, now)
  const counterCount = Math.max(1, openCountersFor(db, serviceId))
  return Math.ceil((ahead * perTicket) / counterCount)
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
