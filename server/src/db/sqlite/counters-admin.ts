/** Counters as administrators set them up; the queue's own counter reads and writes live with the queue. */
import { and, eq, inArray, ne, or } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { CounterAdminRepository } from '../repositories.js'
import { counterServices, counters, tickets } from '../schema.js'

export function counterAdminRepository(db: Db): CounterAdminRepository {
  return {
    async get(siteId, id) {
      return db.select().from(counters).where(and(eq(counters.id, id), eq(counters.siteId, siteId))).get()
    },
    async numberTaken(siteId, number, exceptId) {
      const same = and(eq(counters.siteId, siteId), eq(counters.number, number))
      const where = exceptId === undefined ? same : and(same, ne(counters.id, exceptId))
      return db.select({ id: counters.id }).from(counters).where(where).get() !== undefined
    },
    async existing(siteId, ids) {
      if (ids.length === 0) return []
      return db
        .select({ id: counters.id })
        .from(counters)
        .where(and(eq(counters.siteId, siteId), inArray(counters.id, ids)))
        .all()
        .map((r) => r.id)
    },
    async staffedBy(userId) {
      return db.select().from(counters).where(eq(counters.staffId, userId)).all()
    },
    async insert(values) {
      return db.insert(counters).values(values).returning().get()
    },
    async update(id, changes) {
      db.update(counters).set(changes).where(eq(counters.id, id)).run()
    },
    async setServices(counterId, serviceIds) {
      db.delete(counterServices).where(eq(counterServices.counterId, counterId)).run()
      if (serviceIds.length > 0) {
        db.insert(counterServices)
          .values(serviceIds.map((serviceId, position) => ({ counterId, serviceId, position })))
          .run()
      }
    },
    async delete(id) {
      db.delete(counterServices).where(eq(counterServices.counterId, id)).run()
      db.delete(counters).where(eq(counters.id, id)).run()
    },
    async hasTickets(id) {
      return (
        db
          .select({ id: tickets.id })
          .from(tickets)
          .where(or(eq(tickets.counterId, id), eq(tickets.targetCounterId, id)))
          .limit(1)
          .get() !== undefined
      )
    },
  }
}
