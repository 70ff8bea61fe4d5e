/**
 * Tickets on SQLite: the queue's reads and writes, their numbering per service and day, the
 * citizens' ratings, and the ticket a citizen's link names (followed through its transfers). Every query is prepared once per connection (the benchmark found building
 * SQL the largest share of a command's CPU after the commit itself).
 */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, sql, type SQL } from 'drizzle-orm'
import { AT_COUNTER_STATUSES, LIVE_STATUSES, STEPS } from '../../../../shared/lifecycle.js'
import type { Db } from '../client.js'
import type { AtCounter, TicketRepository } from '../repositories.js'
import { events, numberCounters, ratings, services, tickets } from '../schema.js'
import { keyedQueries, placeholdersOf } from '../keyed.js'
import { recentCall } from '../rows.js'
import { newTicketColumns, newTicketValues } from '../params.js'

const p = (name: string) => sql.placeholder(name)

/**
 * Waiting tickets of a site's day. SQLite would otherwise pick the `tickets_day` index and read every
 * ticket of the day, done or not: the unary `+` keeps the day out of index choice, so the queue index
 * `tickets_queue` (site, status, service, place) finds just the waiting ones. The status is written
 * into the SQL so it counts as an index term in every prepared shape.
 */
function waitingOn(): SQL | undefined {
  return and(eq(tickets.siteId, p('siteId')), sql`${tickets.status} = 'waiting'`, sql`+${tickets.serviceDay} = ${p('day')}`)
}

export function ticketRepository(db: Db): TicketRepository {
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
      .prepare(),
    get: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, p('id')), eq(tickets.siteId, p('siteId'))))
      .prepare(),
    byRequestKey: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.deviceId, p('deviceId')), eq(tickets.idempotencyKey, p('key'))))
      .prepare(),
    insert: db.insert(tickets).values(newTicketColumns).returning().prepare(),
    atCounter: db
      .select(atCounterColumns)
      .from(tickets)
      .where(and(eq(tickets.counterId, p('counterId')), inArray(tickets.status, [...AT_COUNTER_STATUSES])))
      .prepare(),
    atCounters: db
      .select(atCounterColumns)
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), inArray(tickets.status, [...AT_COUNTER_STATUSES]), isNotNull(tickets.counterId)))
      .prepare(),
    reserved: db
      .select()
      .from(tickets)
      .where(and(waitingOn(), eq(tickets.targetCounterId, p('counterId'))))
      .orderBy(asc(tickets.queuedAt), asc(tickets.id))
      .limit(1)
      .prepare(),
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
      .prepare(),
    waitingCounts: db
      .select({ serviceId: tickets.serviceId, n: count() })
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), sql`${tickets.status} = 'waiting'`))
      .groupBy(tickets.serviceId)
      .prepare(),
    live: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), inArray(tickets.status, [...LIVE_STATUSES])))
      .orderBy(asc(tickets.queuedAt), asc(tickets.id))
      .prepare(),
    liveBefore: db
      .select({ id: tickets.id, status: tickets.status, counterId: tickets.counterId })
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), inArray(tickets.status, [...LIVE_STATUSES]), lt(tickets.serviceDay, p('day'))))
      .prepare(),
    noShows: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.siteId, p('siteId')), eq(tickets.serviceDay, p('day')), eq(tickets.status, STEPS.noShow.to)))
      .orderBy(desc(tickets.finishedAt), desc(tickets.id))
      .limit(p('limit'))
      .prepare(),
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
      .prepare(),
    recentServiceMs: db
      .select({ ms: sql<number>`${tickets.finishedAt} - ${tickets.servingAt} - ${tickets.asideMs}` })
      .from(tickets)
      .where(and(eq(tickets.serviceId, p('serviceId')), eq(tickets.status, STEPS.finish.to), isNotNull(tickets.servingAt), gt(tickets.finishedAt, p('since'))))
      .orderBy(desc(tickets.finishedAt))
      .limit(p('limit'))
      .prepare(),
    lastNumber: db
      .select({ n: numberCounters.lastSeqNo })
      .from(numberCounters)
      .where(and(eq(numberCounters.serviceId, p('serviceId')), eq(numberCounters.serviceDay, p('day'))))
      .prepare(),
    setLastNumber: db
      .insert(numberCounters)
      .values({ serviceId: p('serviceId'), serviceDay: p('day'), lastSeqNo: p('seqNo') })
      .onConflictDoUpdate({ target: [numberCounters.serviceId, numberCounters.serviceDay], set: { lastSeqNo: sql`excluded.last_seq_no` } })
      .prepare(),
    ratingOf: db
      .select({ score: ratings.score })
      .from(ratings)
      .where(eq(ratings.ticketId, p('ticketId')))
      .prepare(),
    // Every phone following a ticket asks these on each change at its site.
    linked: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, p('id')), eq(tickets.trackingCode, p('code'))))
      .prepare(),
    successor: db
      .select()
      .from(tickets)
      .where(eq(tickets.transferredFromId, p('id')))
      .prepare(),
  }

  /** The first waiting ticket of a class for a counter's services, by its strategy; built once per shape. */
  function head(kind: 'priority' | 'ordinary', strategy: string, serviceIds: readonly number[]) {
    return keyed(`head:${kind}:${strategy}:${serviceIds.join(',')}`, () => {
      const order: SQL[] = [asc(tickets.queuedAt), asc(tickets.id)]
      if (strategy === 'service_order') {
        order.unshift(
          sql`case ${tickets.serviceId} ${sql.join(
            serviceIds.map((id, i) => sql`when ${id} then ${i}`),
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
        .prepare()
    })
  }

  return {
    async latestByNumber(siteId, serviceDay, number) {
      return q.byNumber.get({ siteId, day: serviceDay, number })
    },
    async get(siteId, id) {
      return q.get.get({ id, siteId })
    },
    async byRequestKey(deviceId, key) {
      return q.byRequestKey.get({ deviceId, key })
    },
    async insert(ticket) {
      const row = q.insert.get(newTicketValues(ticket))
      if (!row) throw new Error('the new ticket was not returned')
      return row
    },
    async update(id, changes) {
      const { keys, values } = placeholdersOf(changes)
      const update = keyed(`update:${keys.join(',')}`, () =>
        db
          .update(tickets)
          .set(Object.fromEntries(keys.map((k) => [k, p(k)])))
          .where(eq(tickets.id, p('$id')))
          .returning()
          .prepare(),
      )
      const row = update.get({ ...values, $id: id })
      if (!row) throw new Error(`ticket ${id} vanished inside its transaction`)
      return row
    },
    async atCounter(counterId) {
      return q.atCounter.get({ counterId }) as AtCounter | undefined
    },
    async atCounters(siteId) {
      return q.atCounters.all({ siteId }) as AtCounter[]
    },
    async queueHeads(counter, serviceIds, day) {
      const params = { siteId: counter.siteId, day, counterId: counter.id }
      const heads = [q.reserved.get(params)]
      if (serviceIds.length > 0) {
        heads.push(head('priority', counter.strategy, serviceIds).get(params), head('ordinary', counter.strategy, serviceIds).get(params))
      }
      return heads.filter((x) => x !== undefined)
    },
    async waiting(siteId, day) {
      return q.waiting.all({ siteId, day })
    },
    async waitingCounts(siteId) {
      return new Map(q.waitingCounts.all({ siteId }).map((r) => [r.serviceId, r.n]))
    },
    async live(siteId) {
      return q.live.all({ siteId })
    },
    async liveBefore(siteId, day) {
      return q.liveBefore.all({ siteId, day })
    },
    async closeAll(ids, at) {
      if (ids.length === 0) return
      db.update(tickets).set({ status: STEPS.closeDay.to, finishedAt: at }).where(inArray(tickets.id, ids)).run()
    },
    async noShows(siteId, day, limit) {
      return q.noShows.all({ siteId, day, limit })
    },
    async recentCalls(siteId, day, limit) {
      return q.recentCalls.all({ siteId, day, limit }).map(recentCall)
    },
    async recentServiceMs(serviceId, since, limit) {
      return q.recentServiceMs.all({ serviceId, since, limit }).map((r) => r.ms)
    },
    async lastNumber(serviceId, day) {
      return q.lastNumber.get({ serviceId, day })?.n ?? 0
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
      q.setLastNumber.run({ serviceId, day, seqNo })
    },
    // Not prepared: a rating is rare, and the reasons go through the column's JSON mapping.
    async rate(ticket, rating, at) {
      db.insert(ratings)
        .values({ siteId: ticket.siteId, ticketId: ticket.id, counterId: ticket.counterId, staffId: ticket.staffId, ...rating, at })
        .onConflictDoNothing({ target: ratings.ticketId })
        .run()
    },
    async lastFinishedAt(siteId, counterId, serviceDay) {
      return db
        .select()
        .from(tickets)
        .where(and(eq(tickets.counterId, counterId), eq(tickets.status, STEPS.finish.to), eq(tickets.siteId, siteId), eq(tickets.serviceDay, serviceDay)))
        .orderBy(desc(tickets.finishedAt))
        .limit(1)
        .get()
    },
    async ratingOf(ticketId) {
      return q.ratingOf.get({ ticketId })?.score
    },
    async linked(id, trackingCode) {
      return q.linked.get({ id, code: trackingCode })
    },
    async successor(id) {
      return q.successor.get({ id })
    },
  }
}
