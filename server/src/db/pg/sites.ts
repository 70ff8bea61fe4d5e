import { asc, eq, sql } from 'drizzle-orm'
import type { SiteRepository } from '../repositories.js'
import { LOCK_SPACE, LOCKS, type PgDb } from './client.js'
import { sites } from './schema.js'
import { returned } from './statements.js'

export function siteRepository(db: PgDb): SiteRepository {
  const id = sql.placeholder('id')
  const byId = db.select().from(sites).where(eq(sites.id, id)).prepare('sites.get')
  // Every command's first statement (the runner's): it waits for the command before it on this
  // site, in any process, and holds the site until COMMIT. NO KEY UPDATE, not UPDATE: it excludes
  // the next command just the same, but not the key-share locks that inserting a row referencing
  // the site takes (a login's session, a device's report), which need not wait for a command.
  const lock = db.select().from(sites).where(eq(sites.id, id)).for('no key update').prepare('sites.lock')
  const setLastClosedDay = db
    .update(sites)
    .set({ lastClosedDay: sql`${sql.placeholder('day')}` })
    .where(eq(sites.id, id))
    .prepare('sites.set_last_closed_day')
  return {
    async get(siteId) {
      return (await byId.execute({ id: siteId }))[0]
    },
    // SQLite reads the table in row id order.
    async all() {
      return db.select().from(sites).orderBy(asc(sites.id))
    },
    async lock(siteId) {
      return (await lock.execute({ id: siteId }))[0]
    },
    async setLastClosedDay(siteId, day) {
      await setLastClosedDay.execute({ id: siteId, day })
    },
    async update(siteId, changes) {
      if (Object.keys(changes).length === 0) return (await byId.execute({ id: siteId }))[0]
      return (await db.update(sites).set(changes).where(eq(sites.id, siteId)).returning())[0]
    },
    async insert(values) {
      return returned(await db.insert(sites).values(values).returning(), 'the new site')
    },
    // Held until the transaction ends: processes starting together on a new database seed it once.
    async lockSetup() {
      await db.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${LOCKS.seed})`)
    },
    async firstTimeZone() {
      return (await db.select({ timeZone: sites.timeZone }).from(sites).orderBy(asc(sites.id)).limit(1))[0]?.timeZone
    },
  }
}
