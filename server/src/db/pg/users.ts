import { and, asc, eq, sql } from 'drizzle-orm'
import type { UserRepository } from '../repositories.js'
import type { PgDb } from './client.js'
import { assignments, users } from './schema.js'
import { returned } from './statements.js'

export function userRepository(db: PgDb): UserRepository {
  // Every login asks this.
  const byUsername = db
    .select()
    .from(users)
    .where(eq(users.username, sql.placeholder('username')))
    .prepare('users.by_username')
  // Byte by byte, as SQLite compares text, whatever the database's collation.
  const byName = sql`${users.username} collate "C"`
  return {
    async get(siteId, id) {
      return (
        await db
          .select()
          .from(users)
          .where(and(eq(users.id, id), eq(users.siteId, siteId)))
      )[0]
    },
    async byId(id) {
      return (await db.select().from(users).where(eq(users.id, id)))[0]
    },
    async everyone() {
      return db.select().from(users).orderBy(byName)
    },
    async byUsername(username) {
      return (await byUsername.execute({ username }))[0]
    },
    async all(siteId) {
      return db.select().from(users).where(eq(users.siteId, siteId)).orderBy(byName)
    },
    async insert(values) {
      return returned(await db.insert(users).values(values).returning(), 'the new user')
    },
    async update(id, changes) {
      if (Object.keys(changes).length === 0) return (await db.select().from(users).where(eq(users.id, id)))[0]
      return (await db.update(users).set(changes).where(eq(users.id, id)).returning())[0]
    },
    async assignedTo(siteId) {
      const rows = await db
        .select({ user: users, role: assignments.role })
        .from(assignments)
        .innerJoin(users, eq(users.id, assignments.userId))
        .where(eq(assignments.siteId, siteId))
        .orderBy(byName)
      return rows.map((r) => ({ ...r.user, assignedRole: r.role }))
    },
    async assignmentsOf(userId) {
      return db.select().from(assignments).where(eq(assignments.userId, userId)).orderBy(asc(assignments.siteId))
    },
    async allAssignments() {
      return db.select().from(assignments).orderBy(asc(assignments.userId), asc(assignments.siteId))
    },
    async setAssignments(userId, rows) {
      await db.delete(assignments).where(eq(assignments.userId, userId))
      if (rows.length > 0) await db.insert(assignments).values(rows.map((r) => ({ userId, siteId: r.siteId, role: r.role })))
    },
  }
}
