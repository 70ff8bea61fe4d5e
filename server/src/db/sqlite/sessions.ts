import { and, eq, gt, ne, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { SessionRepository } from '../repositories.js'
import { assignments, sessions, users } from '../schema.js'

export function sessionRepository(db: Db): SessionRepository {
  // Every staff request asks this: prepared once per connection.
  const resolve = db
    .select({ user: users, csrfToken: sessions.csrfToken, siteId: sessions.siteId, assignedRole: assignments.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(assignments, and(eq(assignments.userId, sessions.userId), eq(assignments.siteId, sessions.siteId)))
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare()
  return {
    async insert(row) {
      db.insert(sessions).values(row).run()
    },
    async resolve(id, now) {
      return resolve.get({ id, now })
    },
    async setSite(id, siteId) {
      db.update(sessions).set({ siteId }).where(eq(sessions.id, id)).run()
    },
    async delete(id) {
      db.delete(sessions).where(eq(sessions.id, id)).run()
    },
    async deleteAllFor(userId) {
      db.delete(sessions).where(eq(sessions.userId, userId)).run()
    },
    async deleteAllForExcept(userId, keepId) {
      db.delete(sessions)
        .where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)))
        .run()
    },
  }
}
