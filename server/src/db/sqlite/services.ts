/** The services as the queue reads them (administrators change them elsewhere). */
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { ServiceRepository } from '../repositories.js'
import { counterServices, services } from '../schema.js'

const p = (name: string) => sql.placeholder(name)

export function serviceRepository(db: Db): ServiceRepository {
  const q = {
    get: db
      .select()
      .from(services)
      .where(and(eq(services.id, p('id')), eq(services.siteId, p('siteId'))))
      .prepare(),
    all: db.select().from(services).where(eq(services.siteId, p('siteId'))).orderBy(asc(services.sortOrder), asc(services.id)).prepare(),
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
  }
}
