/** Priority groups as the queue reads them (administrators change them elsewhere). */
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { PriorityGroupRepository } from '../repositories.js'
import { priorityGroups } from '../schema.js'

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
  }
}
