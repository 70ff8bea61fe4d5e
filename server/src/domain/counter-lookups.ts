/** Loading what a command acts on, and checking who may act at a counter: shared by every queue command. */
import type { CounterRow, CounterWithStaff, SiteRow, TicketRow } from '../db/repositories.js'
import type { CommandContext } from './runner.js'
import { DomainError } from './errors.js'

export type { CounterRow, TicketRow }

/** Commands read only what a transaction sees: the context's repositories. */
type Ctx = Pick<CommandContext, 'tx' | 'siteId' | 'actor'>

/** The site: in a command, the row the runner locked (one query fewer on every command). */
export async function loadSite(ctx: Pick<CommandContext, 'tx' | 'siteId'> & { site?: SiteRow }): Promise<SiteRow> {
  if (ctx.site) return ctx.site
  const site = await ctx.tx.sites.get(ctx.siteId)
  if (!site) throw new DomainError('not_found', `Site ${ctx.siteId} does not exist`, 404)
  return site
}

export async function loadCounter(ctx: Ctx, counterId: number): Promise<CounterRow> {
  const counter = await ctx.tx.counters.get(ctx.siteId, counterId)
  if (!counter) throw new DomainError('counter_not_found', `Counter ${counterId} does not exist`, 404)
  return counter
}

/** The counter with the name of who holds it: a step describes the counter after it without reading it again. */
export async function loadCounterWithStaff(ctx: Ctx, counterId: number): Promise<CounterWithStaff> {
  const found = await ctx.tx.counters.withStaff(ctx.siteId, counterId)
  if (!found) throw new DomainError('counter_not_found', `Counter ${counterId} does not exist`, 404)
  return found
}

export async function loadTicket(ctx: Ctx, ticketId: number): Promise<TicketRow> {
  const ticket = await ctx.tx.tickets.get(ctx.siteId, ticketId)
  if (!ticket) throw new DomainError('ticket_not_found', `Ticket ${ticketId} does not exist`, 404)
  return ticket
}

/** A staff member may only act at the counter they have opened. */
export function assertAssigned(ctx: Ctx, counter: CounterRow): void {
  if (ctx.actor.type === 'staff' && counter.staffId !== ctx.actor.id) {
    throw new DomainError('counter_not_assigned', `Counter ${counter.number} is not opened by you`, 403, { counter: counter.number })
  }
}
