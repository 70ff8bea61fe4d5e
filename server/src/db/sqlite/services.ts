/**
 * Services on SQLite: the queue's reads (prepared once per connection) and the administrators'
 * changes (rare: built per call).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { ServiceRepository } from '../repositories.js'
import { counterServices, numberCounters, procedures, services, tickets, visitOutcomes } from '../schema.js'

const p = (name: string) => sql.placeholder(name)

export function serviceRepository(db: Db): ServiceRepository {
  const q = {
    get: db
      .select()
      .from(services)
      .where(and(eq(services.id, p('id')), eq(services.siteId, p('siteId'))))
      .prepare(),
    all: db
      .select()
      .from(services)
      .where(eq(services.siteId, p('siteId')))
      .orderBy(asc(services.sortOrder), asc(services.id))
      .prepare(),
    staffed: db
      .select({ serviceId: counterServices.serviceId })
      .from(counterServices)
      .where(eq(counterServices.serviceId, p('id')))
      .limit(1)
      .prepare(),
  }
  return {
    async get(siteId, id) {
      return q.get.get({ id, siteId })
    },
    async all(siteId) {
      return q.all.all({ siteId })
    },
    async isStaffed(id) {
      return q.staffed.get({ id }) !== undefined
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
      // Its procedures go with it (none of them is in use: the service has no tickets nor outcomes).
      db.delete(procedures).where(eq(procedures.serviceId, id)).run()
      db.delete(services).where(eq(services.id, id)).run()
    },
    async hasTickets(id) {
      if (db.select({ id: tickets.id }).from(tickets).where(eq(tickets.serviceId, id)).limit(1).get() !== undefined) return true
      // An outcome recorded for one of its procedures at another field's visit counts too.
      return db.select({ id: visitOutcomes.id }).from(visitOutcomes).where(eq(visitOutcomes.serviceId, id)).limit(1).get() !== undefined
    },
  }
}
