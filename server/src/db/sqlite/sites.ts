import { eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { SiteRepository } from '../repositories.js'
import { sites } from '../schema.js'

export function siteRepository(db: Db): SiteRepository {
  const id = sql.placeholder('id')
  const byId = db.select().from(sites).where(eq(sites.id, id)).prepare()
  const setLastClosedDay = db
    .update(sites)
    .set({ lastClosedDay: sql`${sql.placeholder('day')}` })
    .where(eq(sites.id, id))
    .prepare()
  return {
    async get(siteId) {
      return byId.get({ id: siteId })
    },
    async all() {
      return db.select().from(sites).all()
    },
    // BEGIN IMMEDIATE already holds the database's one write lock.
    async lock(siteId) {
      return byId.get({ id: siteId })
    },
    async setLastClosedDay(siteId, day) {
      setLastClosedDay.run({ id: siteId, day })
    },
    async update(siteId, changes) {
      if (Object.keys(changes).length === 0) return byId.get({ id: siteId })
      return db.update(sites).set(changes).where(eq(sites.id, siteId)).returning().get()
    },
    async insert(values) {
      return db.insert(sites).values(values).returning().get()
    },
    // BEGIN IMMEDIATE already holds the database's one write lock.
    async lockSetup() {},
    async firstTimeZone() {
      return db.select({ timeZone: sites.timeZone }).from(sites).limit(1).get()?.timeZone
    },
  }
}
