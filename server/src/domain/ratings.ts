/**
 * Citizens' satisfaction ratings (DOMAIN.md): 1 Không hài lòng … 4 Rất hài lòng, one per served
 * visit, tied to the ticket, the counter and the staff member who served it, because ratings count
 * in staff evaluation. Taken only on the visit's own service day: once a day is over its report
 * figures are computed once and kept (see reports/facts.ts).
 */
import type { Db } from '../db/client.js'
import { ratings, type tickets } from '../db/schema.js'

type TicketRow = typeof tickets.$inferSelect

export const RATING_SCORES = [4, 3, 2, 1] as const

export function isRatingScore(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 4
}

/** Why this visit cannot be rated now (`today` is the site's current service day), or null. */
export function ratingRefusal(ticket: TicketRow, today: string): 'not_served' | 'day_over' | null {
  if (ticket.status !== 'done') return 'not_served'
  if (ticket.serviceDay !== today) return 'day_over'
  return null
}

/** Records a rating; a second one for the same visit (a double tap, a resent form) keeps the first. */
export function recordRating(db: Db, ticket: TicketRow, score: number, at: number): void {
  db.insert(ratings)
    .values({ siteId: ticket.siteId, ticketId: ticket.id, counterId: ticket.counterId, staffId: ticket.staffId, score, at })
    .onConflictDoNothing({ target: ratings.ticketId })
    .run()
}
