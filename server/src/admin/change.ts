/**
 * Every administrative change runs the same way: one immediate transaction holds the change, its
 * audit row and (for queue configuration) a `site:changed` event; only after commit is the event
 * published, so screens fetch a new snapshot that already contains the change.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { QueueEvent } from '../../../shared/contract.js'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { events as eventLog, sites } from '../db/schema.js'
import { HttpError } from '../plugins/errors.js'
import type { UserRow } from '../plugins/auth.js'
import { audit, type AuditEntry } from './audit.js'

export interface ChangeContext {
  tx: Db
  siteId: number
  now: number
  user: UserRow
}

export interface Change<T> {
  result: T
  audit: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'detail'>
  /** What changed in the queue configuration (services, counters …): screens resync. */
  siteChanged?: string
}

/** The logged-in staff member behind a request (routes have already run `requireStaff`). */
export function staffUser(request: FastifyRequest): UserRow {
  const p = request.principal
  if (p?.kind !== 'staff') throw new HttpError(401, 'unauthorized', 'Log in first')
  return p.user
}

/** A PATCH whose known fields were all absent (unknown ones are stripped by validation). */
export function requireSomeChange(changes: object): void {
  if (Object.keys(changes).length === 0) throw new HttpError(400, 'bad_request', 'Nothing to change')
}

export function runChange<T>(app: FastifyInstance, request: FastifyRequest, fn: (ctx: ChangeContext) => Change<T>): T {
  const user = staffUser(request)
  const siteId = user.siteId
  const now = app.clock()
  const events: QueueEvent[] = []
  const result = app.storage.db.transaction(
    (tx) => {
      const ctx: ChangeContext = { tx: tx as unknown as Db, siteId, now, user }
      const change = fn(ctx)
      audit(ctx.tx, { ...change.audit, siteId, userId: user.id, at: now })
      if (change.siteChanged) {
        // TODO(seam-admin): run administrative changes through the runner (app.commands), which
        // appends and publishes events; until then this appends the one event by hand.
        const row = ctx.tx.update(sites).set({ eventSeq: sql`${sites.eventSeq} + 1` }).where(eq(sites.id, siteId)).returning({ seq: sites.eventSeq }).get()
        if (!row) throw new Error(`site ${siteId} does not exist`)
        const what = change.siteChanged
        ctx.tx.insert(eventLog).values({ siteId, seq: row.seq, type: 'site:changed', actorType: 'staff', actorId: user.id, at: now, data: { what } }).run()
        events.push({ name: 'site:changed', payload: { what, siteId, seq: row.seq, at: now } })
      }
      return change.result
    },
    { behavior: 'immediate' },
  )
  app.realtime.publish(events)
  return result
}
