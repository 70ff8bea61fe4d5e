import { and, count, desc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { PairingRepository } from '../repositories.js'
import { pairingGuesses, pairingRequests } from '../schema.js'

export function pairingRepository(db: Db): PairingRepository {
  // A device polls every two seconds while it shows its code: prepared once per connection.
  const get = db
    .select()
    .from(pairingRequests)
    .where(eq(pairingRequests.id, sql.placeholder('id')))
    .prepare()
  return {
    async lock() {
      // The store's write transaction is BEGIN IMMEDIATE: this process's one connection is the only writer.
    },
    async sweep(now, guessWindowMs, limit) {
      db.update(pairingRequests)
        .set({ liveCode: null })
        .where(and(isNotNull(pairingRequests.liveCode), lte(pairingRequests.expiresAt, now)))
        .run()
      const over = db.select({ id: pairingRequests.id }).from(pairingRequests).where(lte(pairingRequests.forgetAt, now)).limit(limit)
      db.delete(pairingRequests).where(inArray(pairingRequests.id, over)).run()
      const done = db
        .select({ who: pairingGuesses.who })
        .from(pairingGuesses)
        .where(lte(pairingGuesses.since, now - guessWindowMs))
        .limit(limit)
      db.delete(pairingGuesses).where(inArray(pairingGuesses.who, done)).run()
    },
    async pendingCount(now) {
      const row = db
        .select({ n: count() })
        .from(pairingRequests)
        .where(and(isNotNull(pairingRequests.liveCode), gt(pairingRequests.expiresAt, now)))
        .get()
      return row?.n ?? 0
    },
    async codeKnown(code) {
      return db.select({ id: pairingRequests.id }).from(pairingRequests).where(eq(pairingRequests.code, code)).limit(1).get() !== undefined
    },
    async insert(row) {
      db.insert(pairingRequests).values(row).run()
    },
    async get(id) {
      return get.get({ id })
    },
    async byCode(code) {
      return db.select().from(pairingRequests).where(eq(pairingRequests.code, code)).orderBy(desc(pairingRequests.createdAt)).limit(1).get()
    },
    async confirm(id, now, c) {
      const done = db
        .update(pairingRequests)
        .set({ liveCode: null, confirmedAt: now, deviceId: c.deviceId, deviceName: c.deviceName, sealedToken: c.sealedToken, forgetAt: c.forgetAt })
        .where(and(eq(pairingRequests.id, id), isNotNull(pairingRequests.liveCode), gt(pairingRequests.expiresAt, now)))
        .returning({ id: pairingRequests.id })
        .all()
      return done.length === 1
    },
    async takeToken(id) {
      // One writer: nothing runs between the read and the update.
      const row = db.select({ sealedToken: pairingRequests.sealedToken }).from(pairingRequests).where(eq(pairingRequests.id, id)).get()
      if (!row?.sealedToken) return undefined
      db.update(pairingRequests).set({ sealedToken: null }).where(eq(pairingRequests.id, id)).run()
      return row.sealedToken
    },
    async guesses(who) {
      if (who.length === 0) return []
      return db.select().from(pairingGuesses).where(inArray(pairingGuesses.who, who)).all()
    },
    async wrongGuess(who, now, windowMs) {
      for (const key of who) {
        const restart = sql`${pairingGuesses.since} <= ${now - windowMs}`
        db.insert(pairingGuesses)
          .values({ who: key, since: now, count: 1 })
          .onConflictDoUpdate({
            target: pairingGuesses.who,
            set: {
              count: sql`case when ${restart} then 1 else ${pairingGuesses.count} + 1 end`,
              since: sql`case when ${restart} then ${now} else ${pairingGuesses.since} end`,
            },
          })
          .run()
      }
    },
  }
}
