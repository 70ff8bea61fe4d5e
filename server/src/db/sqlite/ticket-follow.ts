/** The citizen's ticket page: a ticket by its link, its transfers, the names it shows, its rating. */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { TicketFollowRepository } from '../repositories.js'
import { counters, ratings, services, sites, tickets } from '../schema.js'

export function ticketFollowRepository(db: Db): TicketFollowRepository {
  const id = sql.placeholder('id')
  // Every phone following a ticket asks these on each change at its site: prepared once.
  const linked = db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, id), eq(tickets.trackingCode, sql.placeholder('code'))))
    .prepare()
  const byId = db.select().from(tickets).where(eq(tickets.id, id)).prepare()
  const successor = db.select().from(tickets).where(eq(tickets.transferredFromId, id)).prepare()
  const site = db.select({ name: sites.name, timeZone: sites.timeZone }).from(sites).where(eq(sites.id, id)).prepare()
  const service = db.select({ nameVi: services.nameVi, nameEn: services.nameEn }).from(services).where(eq(services.id, id)).prepare()
  const counter = db.select({ number: counters.number }).from(counters).where(eq(counters.id, id)).prepare()
  return {
    async linked(ticketId, trackingCode) {
      return linked.get({ id: ticketId, code: trackingCode })
    },
    async get(ticketId) {
      return byId.get({ id: ticketId })
    },
    async successor(ticketId) {
      return successor.get({ id: ticketId })
    },
    async names(ticket) {
      const s = site.get({ id: ticket.siteId })
      const v = service.get({ id: ticket.serviceId })
      const c = ticket.counterId === null ? undefined : counter.get({ id: ticket.counterId })
      return { timeZone: s?.timeZone, siteName: s?.name, serviceNameVi: v?.nameVi ?? '', serviceNameEn: v?.nameEn ?? '', counterNumber: c?.number ?? null }
    },
    async ratingOf(ticketId) {
      return db.select({ score: ratings.score }).from(ratings).where(eq(ratings.ticketId, ticketId)).get()?.score
    },
  }
}
