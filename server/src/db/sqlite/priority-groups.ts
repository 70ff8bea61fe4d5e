/**
 * Priority groups on SQLite: the queue's reads (prepared once per connection) and the
 * administrators' changes (rare: built per call).
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { PriorityGroupRepository } from '../repositories.js'
import { priorityGroups, tickets } from '../schema.js'

const p = (name: string) => sql.placeholder(name)

export function priorityGroupRepository(db: Db): PriorityGroupRepository {
  const q = {
    get: db
      .select()
      .from(priorityGroups)
      .where(and(eq(priorityGroups.id, p('id')), eq(priorityGroups.siteId, p('siteId'))))
      .prepare(),
    all: db
      .select()
      .from(priorityGroups)
      .where(eq(priorityGroups.siteId, p('siteId')))
      .orderBy(asc(priorityGroups.sortOrder), asc(priorityGroups.id))
      .prepare(),
  }
  return {
    async get(siteId, id) {
      return q.get.get({ id, siteId })
    },
    async all(siteId) {
      return q.all.all({ siteId })
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
