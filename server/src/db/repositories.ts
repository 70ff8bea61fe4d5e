/**
 * What each aggregate's repository can do, independent of the database. Rows are the shapes in
 * schema.ts (the same columns on every database).
 */
import type { QueueEventName } from '../../../shared/contract.js'
import type { auditLog, sites } from './schema.js'

export type SiteRow = typeof sites.$inferSelect

export interface SiteRepository {
  get(siteId: number): Promise<SiteRow | undefined>
  all(): Promise<SiteRow[]>
  /**
   * Takes the site's write lock for the rest of the transaction (PostgreSQL: `SELECT … FOR UPDATE`
   * on its row; SQLite: the transaction is already `BEGIN IMMEDIATE`, one writer). Every command
   * calls this first, through the runner.
   */
  lock(siteId: number): Promise<SiteRow | undefined>
  /** Hands out the site's next event sequence number (the caller holds the site's lock). */
  nextEventSeq(siteId: number): Promise<number>
}

/** One row of the event log, as a command describes it; the runner adds site, sequence, instant and actor. */
export type EventRecord = {
  siteId: number
  seq: number
  type: QueueEventName
  ticketId: number | null
  counterId: number | null
  serviceId: number | null
  fromStatus: string | null
  toStatus: string | null
  actorType: 'staff' | 'device' | 'system'
  actorId: number | null
  at: number
  data: Record<string, unknown> | null
}

export interface EventRepository {
  append(record: EventRecord): Promise<void>
}

export type AuditRow = typeof auditLog.$inferInsert

export interface AuditRepository {
  append(entry: AuditRow): Promise<void>
}
