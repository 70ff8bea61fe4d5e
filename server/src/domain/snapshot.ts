/** The queue of one site as a screen needs it, with the sequence number it is current as of. */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm'
import { RECENT_CALLS_KEPT } from '../../../shared/queue-state.js'
import type { QueueSnapshot } from '../../../shared/types.js'
import type { Db } from '../db/client.js'
import { events, priorityGroups, services, tickets } from '../db/schema.js'
import { loadSite } from './context.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { counterViews, priorityGroupView, serviceView, siteView, ticketView } from './views.js'

export function buildSnapshot(db: Db, siteId: number, now: number, publicUrl: string): QueueSnapshot {
  // One read transaction, so the rows and the sequence number agree.
  return db.transaction((tx) => {
    const site = loadSite(tx as unknown as Db, siteId)
    const serviceDay = serviceDayOf(now, site.timeZone)
    const live = tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.siteId, siteId), inArray(tickets.status, ['waiting', 'called', 'serving'])))
      .orderBy(asc(tickets.queuedAt), asc(tickets.id))
      .all()
    const calls = tx
      .select({ event: events, number: tickets.number, serviceId: tickets.serviceId })
      .from(events)
      .innerJoin(tickets, eq(tickets.id, events.ticketId))
      .where(
        and(
          eq(events.siteId, siteId),
          inArray(events.type, ['ticket:called', 'ticket:recalled']),
          eq(tickets.serviceDay, serviceDay),
          ne(tickets.status, 'closed'),
        ),
      )
      .orderBy(desc(events.seq))
      .limit(RECENT_CALLS_KEPT)
      .all()
    return {
      siteId,
      seq: site.eventSeq,
      serviceDay,
      serverTime: now,
      site: siteView(site, publicUrl),
      services: tx.select().from(services).where(eq(services.siteId, siteId)).orderBy(asc(services.sortOrder), asc(services.id)).all().map(serviceView),
      priorityGroups: tx
        .select()
        .from(priorityGroups)
        .where(eq(priorityGroups.siteId, siteId))
        .orderBy(asc(priorityGroups.sortOrder), asc(priorityGroups.id))
        .all()
        .map(priorityGroupView),
      counters: counterViews(tx as unknown as Db, siteId),
      tickets: live.map(ticketView),
      recentCalls: calls.map((c) => ({
        ticketId: c.event.ticketId ?? 0,
        number: c.number,
        counterId: c.event.counterId ?? 0,
        serviceId: c.serviceId,
        at: c.event.at,
        recall: c.event.type === 'ticket:recalled',
      })),
    }
  })
}
