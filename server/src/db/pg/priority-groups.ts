/**
 * Priority groups on PostgreSQL: the queue's reads (named statements, prepared once per
 * connection) and the administrators' changes (rare: built per call).
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm'
import type { PriorityGroupRepository } from '../repositories.js'
import type { PgDb } from './client.js'
import { priorityGroups, tickets } from './schema.js'
import { returned } from './statements.js'

const p = (name: string) => sql.placeholder(name)

export function priorityGroupRepository(db: PgDb): PriorityGroupRepository {
  const q = {
    get: db
      .select()
      .from(priorityGroups)
      .where(and(eq(priorityGroups.id, p('id')), eq(priorityGroups.siteId, p('siteId'))))
      .prepare('priority_groups.get'),
    all: db
      .select()
      .from(priorityGroups)
      .where(eq(priorityGroups.siteId, p('siteId')))
      .orderBy(asc(priorityGroups.sortOrder), asc(priorityGroups.id))
      .prepare('priority_groups.all'),
  }
  return {
    async get(siteId, id) {
      return (await q.get.execute({ id, siteId }))[0]
    },
    async all(siteId) {
      return q.all.execute({ siteId })
    },
    async codeTaken(siteId, code, exceptId) {
      const same = and(eq(priorityGroups.siteId, siteId), eq(priorityGroups.code, code))
      const where = exceptId === undefined ? same : and(same, ne(priorityGroups.id, exceptId))
      return (await db.select({ id: priorityGroups.id }).from(priorityGroups).where(where).limit(1)).length > 0
    },
    async insert(values) {
      return returned(await db.insert(priorityGroups).values(values).returning(), 'the new priority group')
    },
    async update(id, changes) {
      if (Object.keys(changes).length === 0) return (await db.select().from(priorityGroups).where(eq(priorityGroups.id, id)))[0]
      return (await db.update(priorityGroups).set(changes).where(eq(priorityGroups.id, id)).returning())[0]
    },
    async delete(id) {
      await db.delete(priorityGroups).where(eq(priorityGroups.id, id))
    },
    async hasTickets(id) {
      return (await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.priorityGroupId, id)).limit(1)).length > 0
    },
  }
}
