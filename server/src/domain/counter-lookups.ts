/** Loading a counter and checking who may act at it: shared by the call and counter-state commands. */
import type { Db } from '../db/client.js'
import type { counters, tickets } from '../db/schema.js'
import { prepared } from '../db/prepared.js'
import type { CommandContext } from './context.js'
import { DomainError } from './errors.js'

export type CounterRow = typeof counters.$inferSelect
export type TicketRow = typeof tickets.$inferSelect

export function loadCounter(db: Db, ctx: CommandContext, counterId: number): CounterRow {
  const counter = prepared(db).counter.get({ id: counterId, siteId: ctx.siteId })
  if (!counter) throw new DomainError('counter_not_found', `Counter ${counterId} does not exist`, 404)
  return counter
}

/** A staff member may only act at the counter they have opened. */
export function assertAssigned(ctx: CommandContext, counter: CounterRow): void {
  if (ctx.actor.type === 'staff' && counter.staffId !== ctx.actor.id) {
    throw new DomainError('counter_not_assigned', `Counter ${counter.number} is not opened by you`, 403, { counter: counter.number })
  }
}

/** The ticket called or being served at a counter, if any. */
export function currentTicket(db: Db, counterId: number): TicketRow | undefined {
  return prepared(db).currentTicket.get({ id: counterId })
}
