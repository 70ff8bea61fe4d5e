/** Services as administrators change them; the queue's reads of services live with the queue. */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { ServiceAdminRepository } from '../repositories.js'
import { counterServices, numberCounters, services, tickets } from '../schema.js'

export function serviceAdminRepository(db: Db): ServiceAdminRepository {
  return {
    async ofSite(siteId) {
      return db.select().from(services).where(eq(services.siteId, siteId)).orderBy(asc(services.sortOrder), asc(services.id)).all()
    },
    async get(siteId, id) {
      return db.select().from(services).where(and(eq(services.id, id), eq(services.siteId, siteId))).get()
    },
    async existing(siteId, ids) {
      if (ids.length === 0) return []
      return db
        .select({ id: services.id })
        .from(services)
        .where(and(eq(services.siteId, siteId), inArray(services.id, ids)))
        .all()
        .map((r) => r.id)
    },
    async insert(values) {
      return db.insert(services).values(values).returning().get()
    },
    async update(id, changes) {
      return db.update(services).set(changes).where(eq(services.id, id)).returning().get()
    },
    async delete(id) {
      db.delete(counterServices).where(eq(counterServices.serviceId, id)).run()
      db.delete(numberCounters).where(eq(numberCounters.serviceId, id)).run()
      db.delete(services).where(eq(services.id, id)).run()
    },
    async hasTickets(id) {
      return db.select({ id: tickets.id }).from(tickets).where(eq(tickets.serviceId, id)).limit(1).get() !== undefined
    },
  }
}
