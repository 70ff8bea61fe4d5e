/**
 * Citizens' satisfaction ratings (DOMAIN.md): 1 Không hài lòng … 4 Rất hài lòng, one per served
 * visit, tied to the ticket, the counter and the staff member who served it, because ratings count
 * in staff evaluation. Taken only on the visit's own service day: once a day is over its report
 * figures are computed once and kept (see reports/facts.ts).
 */
import { STEPS } from '../../../shared/lifecycle.js'
import type { TicketRow } from '../db/repositories.js'
import { loadSite, loadTicket } from './counter-lookups.js'
import type { Command } from './runner.js'
import { serviceDayOf } from '../../../shared/local-time.js'

export const RATING_SCORES = [4, 3, 2, 1] as const

export function isRatingScore(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 4
}

export type RatingRefusal = 'not_served' | 'day_over'

/** Why this visit cannot be rated now (`today` is the site's current service day), or null. */
export function ratingRefusal(ticket: TicketRow, today: string): RatingRefusal | null {
  if (ticket.status !== STEPS.finish.to) return 'not_served'
  if (ticket.serviceDay !== today) return 'day_over'
  return null
}

/**
 * Records a rating of the ticket entry (the latest entry of a visit); a second one for the same
 * visit (a double tap, a resent form) keeps the first. Answers why it was refused, or null.
 */
export const rateVisit: Command<{ ticketId: number; score: number }, RatingRefusal | null> = async (ctx, input) => {
  const site = await loadSite(ctx)
  const ticket = await loadTicket(ctx, input.ticketId)
  const refusal = ratingRefusal(ticket, serviceDayOf(ctx.now, site.timeZone))
  if (refusal) return { result: refusal }
  await ctx.tx.tickets.rate(ticket, input.score, ctx.now)
  return { result: null }
}
