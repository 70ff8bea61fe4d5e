import { and, eq, sql } from 'drizzle-orm'
import type { UserRepository } from '../repositories.js'
import type { PgDb } from './client.js'
import { users } from './schema.js'
import { returned } from './statements.js'

export function userRepository(db: PgDb): UserRepository {
  // Every login asks this.
  const byUsername = db
    .select()
    .from(users)
    .where(eq(users.username, sql.placeholder('username')))
    .prepare('users.by_username')
  return {
    async get(siteId, id) {
      return (
        await db
          .select()
          .from(users)
          .where(and(eq(users.id, id), eq(users.siteId, siteId)))
      )[0]
    },
    async byUsername(username) {
      return (await byUsername.execute({ username }))[0]
    },
    // Byte by byte, as SQLite compares text, whatever the database's collation.
    async all(siteId) {
      return db
        .select()
        .from(users)
        .where(eq(users.siteId, siteId))
        .orderBy(sql`${users.username} collate "C"`)
    },
    async insert(values) {
      return returned(await db.insert(users).values(values).returning(), 'the new user')
    },
    async update(id, changes) {
      if (Object.keys(changes).length === 0) return (await db.select().from(users).where(eq(users.id, id)))[0]
      return (await db.update(users).set(changes).where(eq(users.id, id)).returning())[0]
    },
  }
}
