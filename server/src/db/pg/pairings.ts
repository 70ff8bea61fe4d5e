/**
 * Pairing requests on PostgreSQL, where several server processes share them: creating a request
 * takes a transaction-level advisory lock (the pending count and the choice of a code hold across
 * processes; the unique index on live codes backs it), confirming is one conditional update (a
 * second confirmation waits for the first and then finds the code no longer live), and taking the
 * token locks its row first (one poll gets it).
 */
import { and, count, desc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm'
import type { PairingRepository } from '../repositories.js'
import { pairingGuesses, pairingRequests } from './schema.js'
import { LOCK_SPACE, LOCKS, type PgDb } from './client.js'

export function pairingRepository(db: PgDb): PairingRepository {
  return {
    async lock() {
      await db.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, ${LOCKS.pairing})`)
    },
    async sweep(now, guessWindowMs, limit) {
      await db
        .update(pairingRequests)
        .set({ liveCode: null })
        .where(and(isNotNull(pairingRequests.liveCode), lte(pairingRequests.expiresAt, now)))
      const over = db.select({ id: pairingRequests.id }).from(pairingRequests).where(lte(pairingRequests.forgetAt, now)).limit(limit)
      await db.delete(pairingRequests).where(inArray(pairingRequests.id, over))
      const done = db
        .select({ who: pairingGuesses.who })
        .from(pairingGuesses)
        .where(lte(pairingGuesses.since, now - guessWindowMs))
        .limit(limit)
      await db.delete(pairingGuesses).where(inArray(pairingGuesses.who, done))
    },
    async pendingCount(now) {
      const [row] = await db
        .select({ n: count() })
        .from(pairingRequests)
        .where(and(isNotNull(pairingRequests.liveCode), gt(pairingRequests.expiresAt, now)))
      return row?.n ?? 0
    },
    async codeKnown(code) {
      const rows = await db.select({ id: pairingRequests.id }).from(pairingRequests).where(eq(pairingRequests.code, code)).limit(1)
      return rows.length > 0
    },
    async insert(row) {
      await db.insert(pairingRequests).values(row)
    },
    async get(id) {
      const [row] = await db.select().from(pairingRequests).where(eq(pairingRequests.id, id))
      return row
    },
    async byCode(code) {
      const [row] = await db.select().from(pairingRequests).where(eq(pairingRequests.code, code)).orderBy(desc(pairingRequests.createdAt)).limit(1)
      return row
    },
    async confirm(id, now, c) {
      const done = await db
        .update(pairingRequests)
        .set({ liveCode: null, confirmedAt: now, deviceId: c.deviceId, deviceName: c.deviceName, sealedToken: c.sealedToken, forgetAt: c.forgetAt })
        .where(and(eq(pairingRequests.id, id), isNotNull(pairingRequests.liveCode), gt(pairingRequests.expiresAt, now)))
        .returning({ id: pairingRequests.id })
      return done.length === 1
    },
    async takeToken(id) {
      // The row lock makes a second poll wait, then read the token already gone.
      const [row] = await db.select({ sealedToken: pairingRequests.sealedToken }).from(pairingRequests).where(eq(pairingRequests.id, id)).for('update')
      if (!row?.sealedToken) return undefined
      await db.update(pairingRequests).set({ sealedToken: null }).where(eq(pairingRequests.id, id))
      return row.sealedToken
    },
    async guesses(who) {
      if (who.length === 0) return []
      return db.select().from(pairingGuesses).where(inArray(pairingGuesses.who, who))
    },
    async wrongGuess(who, now, windowMs) {
      for (const key of who) {
        const restart = sql`${pairingGuesses.since} <= ${now - windowMs}`
        await db
          .insert(pairingGuesses)
          .values({ who: key, since: now, count: 1 })
          .onConflictDoUpdate({
            target: pairingGuesses.who,
            set: {
              count: sql`case when ${restart} then 1 else ${pairingGuesses.count} + 1 end`,
              since: sql`case when ${restart} then ${now}::bigint else ${pairingGuesses.since} end`,
            },
          })
      }
    },
  }
}
