/** Helpers for admin API tests: audit rows and `site:changed` events as the database holds them. */
import type { FastifyInstance } from 'fastify'
import { and, desc, eq } from 'drizzle-orm'
import { auditLog, events } from '../../server/src/db/schema.js'

export function auditRows(app: FastifyInstance, action: string) {
  return app.storage.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).all()
}

export function siteChangedEvents(app: FastifyInstance) {
  return app.storage.db
    .select()
    .from(events)
    .where(and(eq(events.siteId, 1), eq(events.type, 'site:changed')))
    .orderBy(desc(events.seq))
    .all()
}
