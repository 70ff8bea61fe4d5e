/** Loading a counter and checking who may act at it: shared by the call and counter-state commands. */
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { counters, tickets } from '../db/schema.js'
import type { CommandContext } from './context.js'
import { DomainError } from './errors.js'

export type CounterRow = typeof counters.$inferSelect
export type TicketRow = typeof tickets.$inferSelect

export function loadCounter(db: Db, ctx: CommandContext, counterId: number): CounterRow {
  const counter = db
    .select()
    .from(counters)
    .where(and(eq(counters.id, counterId), eq(counters.siteId, ctx.siteId)))
    .get()
  if (!counter) throw new DomainError('counter_not_found', `Counter ${counterId} does not exist`, 404)
  return counter
}

/** A staff member may only act at the counter they have opened. */
export function assertAssigned(ctx: CommandContext, counter: CounterRow): void {
  if (ctx.actor.type === 'staff' && counter.staffId !== ctx.actor.id) {
    throw new DomainError('counter_not_assigned', `Counter ${counter.number} is not opened by you`, 403)
  }
}

/** The ticket called or being served at a counter, if any. */
export function currentTicket(db: Db, counterId: number): TicketRow | undefined {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.counterId, counterId), inArray(tickets.status, ['called', 'serving'])))
    .get()
}
