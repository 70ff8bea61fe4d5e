/**
 * Tickets on PostgreSQL: the queue's reads and writes, their numbering per service and day, the
 * citizens' ratings, and the ticket a citizen's link names (followed through its transfers). The
 * queue's queries are named statements, prepared once per pooled connection. Where the SQLite
 * query has no ORDER BY, this one asks for the order SQLite's plan reads the rows in (an index's
 * order, ending with the row id), so both return the same list.
 */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, sql, type SQL } from 'drizzle-orm'
import { AT_COUNTER_STATUSES, LIVE_STATUSES, STEPS } from '../../../../shared/lifecycle.js'
import type { AtCounter, TicketRepository } from '../repositories.js'
import { keyedQueries, placeholdersOf } from '../keyed.js'
import { recentCall } from '../rows.js'
import { newTicketColumns, newTicketValues } from '../params.js'
import type { PgDb } from './client.js'
import { events, numberCounters, ratings, services, tickets } from './schema.js'
import { returned, shapeName } from './statements.js'

const p = (name: string) => sql.placeholder(name)

/** Statuses compare as SQLite compares text, byte by byte, whatever the database's collation. */
const byStatus = sql`${tickets.status} collate "C"`

/** Waiting tickets of a site's day (the status is written into the SQL: the plan is made for it). */
function waitingOn(): SQL | undefined {
  return and(eq(tickets.siteId, p('siteId')), sql`${tickets.status} = 'waiting'`, eq(tickets.serviceDay, p('day')))
}

export function ticketRepository(db: PgDb): TicketRepository {
  const keyed = keyedQueries()
  const atCounterColumns = {
    id: tickets.id,
    number: tickets.number,
    status: tickets.status,
    serviceId: tickets.serviceId,
    calledAt: tickets.calledAt,
    servingAt: tickets.servingAt,
    counterId: tickets.counterId,
  }
  const q = {
    byNumber: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), eq(tickets.serviceDay, p('day')), eq(tickets.number, p('number'))))
      .orderBy(desc(tickets.id))
      .limit(1)
      .prepare('tickets.by_number'),
    get: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, p('id')), eq(tickets.siteId, p('siteId'))))
      .prepare('tickets.get'),
    byRequestKey: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.deviceId, p('deviceId')), eq(tickets.idempotencyKey, p('key'))))
      .prepare('tickets.by_request_key'),
    insert: db.insert(tickets).values(newTicketColumns).returning().prepare('tickets.insert'),
    // SQLite: index tickets_counter (counter, status).
    atCounter: db
      .select(atCounterColumns)
      .from(tickets)
      .where(and(eq(tickets.counterId, p('counterId')), inArray(tickets.status, [...AT_COUNTER_STATUSES])))
      .orderBy(byStatus, asc(tickets.id))
      .limit(1)
      .prepare('tickets.at_counter'),
    // SQLite: index tickets_queue (site, status, service, place).
    atCounters: db
      .select(atCounterColumns)
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), inArray(tickets.status, [...AT_COUNTER_STATUSES]), isNotNull(tickets.counterId)))
      .orderBy(byStatus, asc(tickets.serviceId), asc(tickets.queuedAt), asc(tickets.id))
      .prepare('tickets.at_counters'),
    reserved: db
      .select()
      .from(tickets)
      .where(and(waitingOn(), eq(tickets.targetCounterId, p('counterId'))))
      .orderBy(asc(tickets.queuedAt), asc(tickets.id))
      .limit(1)
      .prepare('tickets.reserved'),
    // SQLite: index tickets_queue.
    waiting: db
      .select({
        id: tickets.id,
        serviceId: tickets.serviceId,
        queuedAt: tickets.queuedAt,
        priorityGroupId: tickets.priorityGroupId,
        targetCounterId: tickets.targetCounterId,
      })
      .from(tickets)
      .where(waitingOn())
      .orderBy(asc(tickets.serviceId), asc(tickets.queuedAt), asc(tickets.id))
      .prepare('tickets.waiting'),
    waitingCounts: db
      .select({ serviceId: tickets.serviceId, n: count() })
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), sql`${tickets.status} = 'waiting'`))
      .groupBy(tickets.serviceId)
      .orderBy(asc(tickets.serviceId))
      .prepare('tickets.waiting_counts'),
    live: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), inArray(tickets.status, [...LIVE_STATUSES])))
      .orderBy(asc(tickets.queuedAt), asc(tickets.id))
      .prepare('tickets.live'),
    // SQLite: index tickets_day (site, day). Days are YYYY-MM-DD: every collation orders them alike.
    liveBefore: db
      .select({ id: tickets.id, status: tickets.status, counterId: tickets.counterId })
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), inArray(tickets.status, [...LIVE_STATUSES]), lt(tickets.serviceDay, p('day'))))
      .orderBy(asc(tickets.serviceDay), asc(tickets.id))
      .prepare('tickets.live_before'),
    // NULLS LAST: SQLite sorts NULL first, so last when descending.
    noShows: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), eq(tickets.serviceDay, p('day')), eq(tickets.status, STEPS.noShow.to)))
      .orderBy(sql`${tickets.finishedAt} desc nulls last`, desc(tickets.id))
      .limit(p('limit'))
      .prepare('tickets.no_shows'),
    recentCalls: db
      .select({
        ticketId: events.ticketId,
        counterId: events.counterId,
        type: events.type,
        at: events.at,
        number: tickets.number,
        serviceId: tickets.serviceId,
      })
      .from(events)
      .innerJoin(tickets, eq(tickets.id, events.ticketId))
      .where(
        and(
          eq(events.siteId, p('siteId')),
          inArray(events.type, [STEPS.call.event, STEPS.recall.event]),
          eq(tickets.serviceDay, p('day')),
          ne(tickets.status, STEPS.closeDay.to),
        ),
      )
      .orderBy(desc(events.seq))
      .limit(p('limit'))
      .prepare('tickets.recent_calls'),
    // SQLite reads index tickets_service_finished backwards: ties by row id, descending.
    recentServiceMs: db
      .select({ ms: sql<number>`${tickets.finishedAt} - ${tickets.servingAt} - ${tickets.asideMs}` })
      .from(tickets)
      .where(and(eq(tickets.serviceId, p('serviceId')), eq(tickets.status, STEPS.finish.to), isNotNull(tickets.servingAt), gt(tickets.finishedAt, p('since'))))
      .orderBy(desc(tickets.finishedAt), desc(tickets.id))
      .limit(p('limit'))
      .prepare('tickets.recent_service_ms'),
    lastNumber: db
      .select({ n: numberCounters.lastSeqNo })
      .from(numberCounters)
      .where(and(eq(numberCounters.serviceId, p('serviceId')), eq(numberCounters.serviceDay, p('day'))))
      .prepare('tickets.last_number'),
    setLastNumber: db
      .insert(numberCounters)
      .values({ serviceId: p('serviceId'), serviceDay: p('day'), lastSeqNo: p('seqNo') })
      .onConflictDoUpdate({ target: [numberCounters.serviceId, numberCounters.serviceDay], set: { lastSeqNo: sql`excluded.last_seq_no` } })
      .prepare('tickets.set_last_number'),
    ratingOf: db
      .select({ score: ratings.score })
      .from(ratings)
      .where(eq(ratings.ticketId, p('ticketId')))
      .prepare('tickets.rating_of'),
    // Every phone following a ticket asks these on each change at its site.
    linked: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, p('id')), eq(tickets.trackingCode, p('code'))))
      .prepare('tickets.linked'),
    // SQLite scans the table: the first in row id order.
    successor: db
      .select()
      .from(tickets)
      .where(eq(tickets.transferredFromId, p('id')))
      .orderBy(asc(tickets.id))
      .limit(1)
      .prepare('tickets.successor'),
  }

  /** The first waiting ticket of a class for a counter's services, by its strategy; prepared once per shape. */
  function head(kind: 'priority' | 'ordinary', strategy: string, serviceIds: readonly number[]) {
    const key = `head:${kind}:${strategy}:${serviceIds.join(',')}`
    return keyed(key, () => {
      const order: SQL[] = [asc(tickets.queuedAt), asc(tickets.id)]
      if (strategy === 'service_order') {
        // The rank is written as a literal (it is a list index): a parameter there would be text.
        order.unshift(
          sql`case ${tickets.serviceId} ${sql.join(
            serviceIds.map((id, i) => sql`when ${id} then ${sql.raw(String(i))}`),
            sql` `,
          )} end`,
        )
      }
      const byClass = kind === 'priority' ? isNotNull(tickets.priorityGroupId) : isNull(tickets.priorityGroupId)
      return db
        .select()
        .from(tickets)
        .where(and(waitingOn(), inArray(tickets.serviceId, [...serviceIds]), isNull(tickets.targetCounterId), byClass))
        .orderBy(...order)
        .limit(1)
        .prepare(shapeName('tickets.head', key))
    })
  }

  return {
    async latestByNumber(siteId, serviceDay, number) {
      return (await q.byNumber.execute({ siteId, day: serviceDay, number }))[0]
    },
    async get(siteId, id) {
      return (await q.get.execute({ id, siteId }))[0]
    },
    async byRequestKey(deviceId, key) {
      return (await q.byRequestKey.execute({ deviceId, key }))[0]
    },
    async insert(ticket) {
      const rows = await q.insert.execute(newTicketValues(ticket))
      return returned(rows, 'the new ticket')
    },
    async update(id, changes) {
      const { keys, values } = placeholdersOf(changes)
      const key = `update:${keys.join(',')}`
      const update = keyed(key, () =>
        db
          .update(tickets)
          .set(Object.fromEntries(keys.map((k) => [k, p(k)])))
          .where(eq(tickets.id, p('$id')))
          .returning()
          .prepare(shapeName('tickets.update', key)),
      )
      const row = (await update.execute({ ...values, $id: id }))[0]
      if (!row) throw new Error(`ticket ${id} vanished inside its transaction`)
      return row
    },
    async atCounter(counterId) {
      return (await q.atCounter.execute({ counterId }))[0] as AtCounter | undefined
    },
    async atCounters(siteId) {
      return (await q.atCounters.execute({ siteId })) as AtCounter[]
    },
    async queueHeads(counter, serviceIds, day) {
      const params = { siteId: counter.siteId, day, counterId: counter.id }
      const heads = [(await q.reserved.execute(params))[0]]
      if (serviceIds.length > 0) {
        heads.push(
          (await head('priority', counter.strategy, serviceIds).execute(params))[0],
          (await head('ordinary', counter.strategy, serviceIds).execute(params))[0],
        )
      }
      return heads.filter((x) => x !== undefined)
    },
    async waiting(siteId, day) {
      return q.waiting.execute({ siteId, day })
    },
    async waitingCounts(siteId) {
      return new Map((await q.waitingCounts.execute({ siteId })).map((r) => [r.serviceId, r.n]))
    },
    async live(siteId) {
      return q.live.execute({ siteId })
    },
    async liveBefore(siteId, day) {
      return q.liveBefore.execute({ siteId, day })
    },
    async closeAll(ids, at) {
      if (ids.length === 0) return
      await db.update(tickets).set({ status: STEPS.closeDay.to, finishedAt: at }).where(inArray(tickets.id, ids))
    },
    async noShows(siteId, day, limit) {
      return q.noShows.execute({ siteId, day, limit })
    },
    async recentCalls(siteId, day, limit) {
      return (await q.recentCalls.execute({ siteId, day, limit })).map(recentCall)
    },
    async recentServiceMs(serviceId, since, limit) {
      return (await q.recentServiceMs.execute({ serviceId, since, limit })).map((r) => r.ms)
    },
    async lastNumber(serviceId, day) {
      return (await q.lastNumber.execute({ serviceId, day }))[0]?.n ?? 0
    },
    async numbersOfDay(siteId, day) {
      return db
        .select({ serviceId: numberCounters.serviceId, lastSeqNo: numberCounters.lastSeqNo })
        .from(numberCounters)
        .innerJoin(services, eq(services.id, numberCounters.serviceId))
        .where(and(eq(services.siteId, siteId), eq(numberCounters.serviceDay, day)))
        .orderBy(asc(numberCounters.serviceId))
    },
    async setLastNumber(serviceId, day, seqNo) {
      await q.setLastNumber.execute({ serviceId, day, seqNo })
    },
    // Not prepared: a rating is rare, and the reasons go through the column's JSON mapping.
    async rate(ticket, rating, at) {
      await db
        .insert(ratings)
        .values({ siteId: ticket.siteId, ticketId: ticket.id, counterId: ticket.counterId, staffId: ticket.staffId, ...rating, at })
        .onConflictDoNothing({ target: ratings.ticketId })
    },
    async lastFinishedAt(siteId, counterId, serviceDay) {
      const [row] = await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.counterId, counterId), eq(tickets.status, STEPS.finish.to), eq(tickets.siteId, siteId), eq(tickets.serviceDay, serviceDay)))
        .orderBy(desc(tickets.finishedAt))
        .limit(1)
      return row
    },
    async ratingOf(ticketId) {
      return (await q.ratingOf.execute({ ticketId }))[0]?.score
    },
    async linked(id, trackingCode) {
      return (await q.linked.execute({ id, code: trackingCode }))[0]
    },
    async successor(id) {
      return (await q.successor.execute({ id }))[0]
    },
  }
}
