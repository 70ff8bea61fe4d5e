/**
 * Procedures (thủ tục) and visit outcomes on SQLite. The kiosk reads procedures with the snapshot
 * (one query per snapshot); changes are administrators' (rare: built per call).
 */
import { and, asc, count, eq, gte, lt } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { OutcomeRepository, ProcedureRepository } from '../repositories.js'
import { procedures, tickets, visitOutcomes } from '../schema.js'

export function procedureRepository(db: Db): ProcedureRepository {
  return {
    async get(siteId, id) {
      return db
        .select()
        .from(procedures)
        .where(and(eq(procedures.id, id), eq(procedures.siteId, siteId)))
        .get()
    },
    async all(siteId) {
      return db
        .select()
        .from(procedures)
        .where(eq(procedures.siteId, siteId))
        .orderBy(asc(procedures.serviceId), asc(procedures.sortOrder), asc(procedures.id))
        .all()
    },
    async insert(values) {
      return db.insert(procedures).values(values).returning().get()
    },
    async update(id, changes) {
      if (Object.keys(changes).length === 0) return db.select().from(procedures).where(eq(procedures.id, id)).get()
      return db.update(procedures).set(changes).where(eq(procedures.id, id)).returning().get()
    },
    async delete(id) {
      db.delete(procedures).where(eq(procedures.id, id)).run()
    },
    async inUse(id) {
      if (db.select({ id: tickets.id }).from(tickets).where(eq(tickets.procedureId, id)).limit(1).get()) return true
      return db.select({ id: visitOutcomes.id }).from(visitOutcomes).where(eq(visitOutcomes.procedureId, id)).limit(1).get() !== undefined
    },
  }
}

export function outcomeRepository(db: Db): OutcomeRepository {
  return {
    async insert(rows) {
      if (rows.length > 0) db.insert(visitOutcomes).values(rows).run()
    },
    async ofTicket(ticketId) {
      return db.select().from(visitOutcomes).where(eq(visitOutcomes.ticketId, ticketId)).orderBy(asc(visitOutcomes.id)).all()
    },
    async counts(siteId, from, to) {
      const o = visitOutcomes
      return db
        .select({ serviceId: o.serviceId, procedureId: o.procedureId, staffId: o.staffId, outcome: o.outcome, count: count() })
        .from(o)
        .where(and(eq(o.siteId, siteId), gte(o.at, from), lt(o.at, to)))
        .groupBy(o.serviceId, o.procedureId, o.staffId, o.outcome)
        .orderBy(asc(o.serviceId), asc(o.procedureId), asc(o.staffId), asc(o.outcome))
        .all()
    },
  }
}
