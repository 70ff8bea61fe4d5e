/**
 * Citizens' satisfaction ratings (DOMAIN.md): one per served visit, on the centre's scale (five
 * levels by default, or four), stored on the common five-level scale with the scale offered beside
 * it (shared/ratings.ts), tied to the ticket, the counter and the staff member who served it (ratings
 * count in staff evaluation), and the channel it came by: the rating device on the counter's desk or
 * the citizen's phone. An unsatisfied answer carries the reasons picked from the centre's list.
 * Taken only on the visit's own service day: once a day is over its report figures are computed
 * once and kept (see reports/facts.ts).
 *
 * TODO(procedures branch): the procedure (thủ tục) and the dossier's case code (mã hồ sơ) are being
 * added to tickets on the procedures branch; a rating reaches them through its ticket
 * (`ratings.ticket_id`), so reports join them from there once it is merged.
 */
import { STEPS } from '../../../shared/lifecycle.js'
import { DEFAULT_RATING_REASONS, isOffered, UNSATISFIED_LEVEL, type RatingChannel, type RatingReason, type RatingScale } from '../../../shared/ratings.js'
import type { SiteRow, TicketRow } from '../db/repositories.js'
import { loadSite, loadTicket } from './counter-lookups.js'
import type { Command } from './runner.js'
import { serviceDayOf } from '../../../shared/local-time.js'

/** The centre's scale and its list of reasons (the default list until its administrator edits it). */
export function ratingSettings(site: Pick<SiteRow, 'ratingScale' | 'ratingReasons'>): { scale: RatingScale; reasons: RatingReason[] } {
  return { scale: site.ratingScale === 4 ? 4 : 5, reasons: site.ratingReasons ?? DEFAULT_RATING_REASONS }
}

export type RatingRefusal = 'not_served' | 'day_over' | 'not_at_counter' | 'level_not_offered' | 'reason_unknown'

/** Why this visit cannot be rated now (`today` is the site's current service day), or null. */
export function ratingRefusal(ticket: TicketRow, today: string): RatingRefusal | null {
  if (ticket.status !== STEPS.finish.to) return 'not_served'
  if (ticket.serviceDay !== today) return 'day_over'
  return null
}

export interface RateVisitInput {
  ticketId: number
  /** On the common five-level scale. */
  score: number
  /** Vietnamese texts of reasons from the centre's list; kept only with an unsatisfied score. */
  reasons?: string[]
  channel: RatingChannel
  /** A rating device: the counter it sits at, which must be the one that served the visit. */
  counterId?: number
}

/**
 * Records a rating of the ticket entry (the latest entry of a visit); a second one for the same
 * visit (a double tap, a resent form, the phone after the device) keeps the first. Answers why it
 * was refused, or null.
 */
export const rateVisit: Command<RateVisitInput, RatingRefusal | null> = async (ctx, input) => {
  const site = await loadSite(ctx)
  const ticket = await loadTicket(ctx, input.ticketId)
  const refusal = ratingRefusal(ticket, serviceDayOf(ctx.now, site.timeZone))
  if (refusal) return { result: refusal }
  if (input.counterId !== undefined && ticket.counterId !== input.counterId) return { result: 'not_at_counter' }
  const { scale, reasons: offered } = ratingSettings(site)
  if (!isOffered(scale, input.score)) return { result: 'level_not_offered' }
  const reasons = input.score <= UNSATISFIED_LEVEL ? [...new Set(input.reasons ?? [])] : []
  if (reasons.some((r) => !offered.some((o) => o.vi === r))) return { result: 'reason_unknown' }
  await ctx.tx.tickets.rate(ticket, { score: input.score, scale, channel: input.channel, reasons }, ctx.now)
  return { result: null }
}
