import { and, asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { UserRepository } from '../repositories.js'
import { users } from '../schema.js'

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
  }
}
