/**
 * End of the service day. Whatever is still waiting, called or being served on an earlier day
 * is closed (status `closed`, the status it had kept in the event log), so numbering and queues
 * start clean. Runs at start-up and whenever the local date changes.
 */
import { and, eq, inArray, lt } from 'drizzle-orm'
import { counters, sites, tickets } from '../db/schema.js'
import { type CommandContext, type CommandResult, inTransaction, loadSite } from './context.js'
import { appendEvent } from './event-log.js'
import { serviceDayOf } from '../../../shared/local-time.js'

export interface CloseDayResult {
  serviceDay: string
  closedTicketIds: number[]
}

/** Closes every live ticket of days before the current one (or of `throughDay` and before, when given). */
export function closeDay(ctx: CommandContext, input: { throughDay?: string } = {}): CommandResult<CloseDayResult> {
  return inTransaction(ctx.db, (db) => {
    const site = loadSite(db, ctx.siteId)
    const today = serviceDayOf(ctx.now, site.timeZone)
    const through = input.throughDay ?? null
    const live = db
      .select({ id: tickets.id, status: tickets.status, counterId: tickets.counterId })
      .from(tickets)
      .where(
        and(
          eq(tickets.siteId, ctx.siteId),
          inArray(tickets.status, ['waiting', 'called', 'serving']),
          through === null ? lt(tickets.serviceDay, today) : lt(tickets.serviceDay, nextDay(through)),
        ),
      )
      .all()
    const closedDay = through ?? previousDay(today)
    if (live.length === 0) {
      db.update(sites).set({ lastClosedDay: closedDay }).where(eq(sites.id, ctx.siteId)).run()
      return { result: { serviceDay: closedDay, closedTicketIds: [] }, events: [] }
    }
    const ids = live.map((t) => t.id)
    db.update(tickets).set({ status: 'closed', finishedAt: ctx.now }).where(inArray(tickets.id, ids)).run()
    db.update(counters).set({ priorityStreak: 0, updatedAt: ctx.now }).where(eq(counters.siteId, ctx.siteId)).run()
    db.update(sites).set({ lastClosedDay: closedDay }).where(eq(sites.id, ctx.siteId)).run()
    const event = appendEvent(db, {
      name: 'day:closed',
      siteId: ctx.siteId,
      at: ctx.now,
      actor: ctx.actor,
      data: { closed: live.map((t) => [t.id, t.status]) },
      payload: { serviceDay: closedDay, closedTicketIds: ids },
    })
    return { result: { serviceDay: closedDay, closedTicketIds: ids }, events: [event] }
  })
}

function shiftDay(day: string, by: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + by)
  return d.toISOString().slice(0, 10)
}
const nextDay = (day: string) => shiftDay(day, 1)
const previousDay = (day: string) => shiftDay(day, -1)
