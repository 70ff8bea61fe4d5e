/**
 * Procedures (thủ tục) and visit outcomes on PostgreSQL, row for row what ../sqlite/procedures.ts
 * returns (NULL procedures sort first, as SQLite sorts them; outcome codes byte by byte).
 */
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm'
import type { OutcomeRepository, ProcedureRepository } from '../repositories.js'
import type { PgDb } from './client.js'
import { procedures, tickets, visitOutcomes } from './schema.js'
import { returned } from './statements.js'

export function procedureRepository(db: PgDb): ProcedureRepository {
  return {
    async get(siteId, id) {
      return (
        await db
          .select()
          .from(procedures)
          .where(and(eq(procedures.id, id), eq(procedures.siteId, siteId)))
      )[0]
    },
    async all(siteId) {
      return db.select().from(procedures).where(eq(procedures.siteId, siteId)).orderBy(asc(procedures.serviceId), asc(procedures.sortOrder), asc(procedures.id))
    },
    async insert(values) {
      return returned(await db.insert(procedures).values(values).returning(), 'the new procedure')
    },
    async update(id, changes) {
      if (Object.keys(changes).length === 0) return (await db.select().from(procedures).where(eq(procedures.id, id)))[0]
      return (await db.update(procedures).set(changes).where(eq(procedures.id, id)).returning())[0]
    },
    async delete(id) {
      await db.delete(procedures).where(eq(procedures.id, id))
    },
    async inUse(id) {
      if ((await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.procedureId, id)).limit(1)).length > 0) return true
      return (await db.select({ id: visitOutcomes.id }).from(visitOutcomes).where(eq(visitOutcomes.procedureId, id)).limit(1)).length > 0
    },
  }
}

export function outcomeRepository(db: PgDb): OutcomeRepository {
  return {
    async insert(rows) {
      if (rows.length > 0) await db.insert(visitOutcomes).values(rows)
    },
    async ofTicket(ticketId) {
      return db.select().from(visitOutcomes).where(eq(visitOutcomes.ticketId, ticketId)).orderBy(asc(visitOutcomes.id))
    },
    async counts(siteId, from, to) {
      const o = visitOutcomes
      const rows = await db
        .select({ serviceId: o.serviceId, procedureId: o.procedureId, staffId: o.staffId, outcome: o.outcome, count: sql<number>`count(*)::int` })
        .from(o)
        .where(and(eq(o.siteId, siteId), gte(o.at, from), lt(o.at, to)))
        .groupBy(o.serviceId, o.procedureId, o.staffId, o.outcome)
        .orderBy(sql`${o.serviceId}`, sql`${o.procedureId} asc nulls first`, sql`${o.staffId} asc nulls first`, sql`${o.outcome} collate "C"`)
      return rows
    },
  }
}
