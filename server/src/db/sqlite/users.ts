import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { UserRepository } from '../repositories.js'
import { assignments, users } from '../schema.js'

export function userRepository(db: Db): UserRepository {
  const byUsername = db
    .select()
    .from(users)
    .where(eq(users.username, sql.placeholder('username')))
    .prepare()
  return {
    async get(siteId, id) {
      return db
        .select()
        .from(users)
        .where(and(eq(users.id, id), eq(users.siteId, siteId)))
        .get()
    },
    async byId(id) {
      return db.select().from(users).where(eq(users.id, id)).get()
    },
    async everyone() {
      return db.select().from(users).orderBy(asc(users.username)).all()
    },
    async byUsername(username) {
      return byUsername.get({ username })
    },
    async all(siteId) {
      return db.select().from(users).where(eq(users.siteId, siteId)).orderBy(asc(users.username)).all()
    },
    async insert(values) {
      return db.insert(users).values(values).returning().get()
    },
    async update(id, changes) {
      if (Object.keys(changes).length === 0) return db.select().from(users).where(eq(users.id, id)).get()
      return db.update(users).set(changes).where(eq(users.id, id)).returning().get()
    },
    async assignedTo(siteId) {
      const rows = db
        .select({ user: users, role: assignments.role })
        .from(assignments)
        .innerJoin(users, eq(users.id, assignments.userId))
        .where(eq(assignments.siteId, siteId))
        .orderBy(asc(users.username))
        .all()
      return rows.map((r) => ({ ...r.user, assignedRole: r.role }))
    },
    async assignmentsOf(userId) {
      return db.select().from(assignments).where(eq(assignments.userId, userId)).orderBy(asc(assignments.siteId)).all()
    },
    async allAssignments() {
      return db.select().from(assignments).orderBy(asc(assignments.userId), asc(assignments.siteId)).all()
    },
    async setAssignments(userId, rows) {
      db.delete(assignments).where(eq(assignments.userId, userId)).run()
      if (rows.length > 0)
        db.insert(assignments)
          .values(rows.map((r) => ({ userId, siteId: r.siteId, role: r.role })))
          .run()
    },
  }
}
