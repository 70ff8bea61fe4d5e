import { and, eq, gt, ne, sql } from 'drizzle-orm'
import type { SessionRepository } from '../repositories.js'
import type { PgDb } from './client.js'
import { assignments, sessions, users } from './schema.js'

export function sessionRepository(db: PgDb): SessionRepository {
  // Every staff request asks this: a named statement, prepared once per connection.
  const resolve = db
    .select({ user: users, csrfToken: sessions.csrfToken, siteId: sessions.siteId, assignedRole: assignments.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(assignments, and(eq(assignments.userId, sessions.userId), eq(assignments.siteId, sessions.siteId)))
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare('sessions.resolve')
  return {
    async insert(row) {
      await db.insert(sessions).values(row)
    },
    async resolve(id, now) {
      return (await resolve.execute({ id, now }))[0]
    },
    async setSite(id, siteId) {
      await db.update(sessions).set({ siteId }).where(eq(sessions.id, id))
    },
    async delete(id) {
      await db.delete(sessions).where(eq(sessions.id, id))
    },
    async deleteAllFor(userId) {
      await db.delete(sessions).where(eq(sessions.userId, userId))
    },
    async deleteAllForExcept(userId, keepId) {
      await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)))
    },
  }
}
