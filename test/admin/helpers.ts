/** Helpers for admin API tests: audit rows and `site:changed` events as the database holds them. */
import type { FastifyInstance } from 'fastify'
import { sqlRows } from '../helpers/build.js'

/** JSON columns are text on SQLite and jsonb (already parsed) on PostgreSQL. */
const json = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : (value as Record<string, unknown> | null)

export interface AuditRow {
  id: number
  userId: number | null
  action: string
  targetType: string | null
  targetId: number | null
  detail: Record<string, unknown> | null
}

/** The audit rows of one action, newest first. */
export async function auditRows(app: FastifyInstance, action: string): Promise<AuditRow[]> {
  const rows = await sqlRows<AuditRow>(
    app,
    `select id, user_id as "userId", action, target_type as "targetType", target_id as "targetId", detail
       from audit_log where action = ? order by id desc`,
    [action],
  )
  return rows.map((r) => ({ ...r, detail: json(r.detail) }))
}

export interface EventRow {
  seq: number
  at: number
  actorType: string
  actorId: number | null
  data: Record<string, unknown> | null
}

/** The site's `site:changed` events, newest first. */
export async function siteChangedEvents(app: FastifyInstance): Promise<EventRow[]> {
  const rows = await sqlRows<EventRow>(
    app,
    `select seq, at, actor_type as "actorType", actor_id as "actorId", data
       from events where site_id = 1 and type = 'site:changed' order by seq desc`,
  )
  return rows.map((r) => ({ ...r, data: json(r.data) }))
}
