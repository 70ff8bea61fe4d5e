/** Priority groups as administrators change them; the queue's reads of them live with the queue. */
import { and, asc, eq, ne } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { PriorityGroupAdminRepository } from '../repositories.js'
import { priorityGroups, tickets } from '../schema.js'

export function priorityGroupAdminRepository(db: Db): PriorityGroupAdminRepository {
  return {
    async ofSite(siteId) {
      return db
        .select()
        .from(priorityGroups)
        .where(eq(priorityGroups.siteId, siteId))
        .orderBy(asc(priorityGroups.sortOrder), asc(priorityGroups.id))
        .all()
    },
    async get(siteId, id) {
      return db.select().from(priorityGroups).where(and(eq(priorityGroups.id, id), eq(priorityGroups.siteId, siteId))).get()
    },
    async codeTaken(siteId, code, exceptId) {
      const same = and(eq(priorityGroups.siteId, siteId), eq(priorityGroups.code, code))
      const where = exceptId === undefined ? same : and(same, ne(priorityGroups.id, exceptId))
      return db.select({ id: priorityGroups.id }).from(priorityGroups).where(where).get() !== undefined
    },
    async insert(values) {
      return db.insert(priorityGroups).values(values).returning().get()
    },
    async update(id, changes) {
      if (Object.keys(changes).length === 0) return db.select().from(priorityGroups).where(eq(priorityGroups.id, id)).get()
      return db.update(priorityGroups).set(changes).where(eq(priorityGroups.id, id)).returning().get()
    },
    async delete(id) {
      db.delete(priorityGroups).where(eq(priorityGroups.id, id)).run()
    },
    async hasTickets(id) {
      return db.select({ id: tickets.id }).from(tickets).where(eq(tickets.priorityGroupId, id)).limit(1).get() !== undefined
    },
  }
}
