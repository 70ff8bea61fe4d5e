/**
 * Services on PostgreSQL: the queue's reads (named statements, prepared once per connection) and
 * the administrators' changes (rare: built per call).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { ServiceRepository } from '../repositories.js'
import type { PgDb } from './client.js'
import { counterServices, numberCounters, procedures, services, tickets, visitOutcomes } from './schema.js'
import { returned } from './statements.js'

const p = (name: string) => sql.placeholder(name)

export function serviceRepository(db: PgDb): ServiceRepository {
  const q = {
    get: db
      .select()
      .from(services)
      .where(and(eq(services.id, p('id')), eq(services.siteId, p('siteId'))))
      .prepare('services.get'),
    all: db
      .select()
      .from(services)
      .where(eq(services.siteId, p('siteId')))
      .orderBy(asc(services.sortOrder), asc(services.id))
      .prepare('services.all'),
    staffed: db
      .select({ serviceId: counterServices.serviceId })
      .from(counterServices)
      .where(eq(counterServices.serviceId, p('id')))
      .limit(1)
      .prepare('services.staffed'),
  }
  return {
    async get(siteId, id) {
      return (await q.get.execute({ id, siteId }))[0]
    },
    async all(siteId) {
      return q.all.execute({ siteId })
    },
    async isStaffed(id) {
      return (await q.staffed.execute({ id })).length > 0
    },
    // SQLite reads these through the site's unique index: by code, compared byte by byte.
    async existing(siteId, ids) {
      if (ids.length === 0) return []
      const rows = await db
        .select({ id: services.id })
        .from(services)
        .where(and(eq(services.siteId, siteId), inArray(services.id, ids)))
        .orderBy(sql`${services.code} collate "C"`)
      return rows.map((r) => r.id)
    },
    async insert(values) {
      return returned(await db.insert(services).values(values).returning(), 'the new service')
    },
    async update(id, changes) {
      return (await db.update(services).set(changes).where(eq(services.id, id)).returning())[0]
    },
    async delete(id) {
      await db.delete(counterServices).where(eq(counterServices.serviceId, id))
      await db.delete(numberCounters).where(eq(numberCounters.serviceId, id))
      await db.delete(procedures).where(eq(procedures.serviceId, id))
      await db.delete(services).where(eq(services.id, id))
    },
    async hasTickets(id) {
      if ((await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.serviceId, id)).limit(1)).length > 0) return true
      return (await db.select({ id: visitOutcomes.id }).from(visitOutcomes).where(eq(visitOutcomes.serviceId, id)).limit(1)).length > 0
    },
  }
}
