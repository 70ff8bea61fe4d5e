/** The audit log: who changed what, when. Written in the same transaction as the change. */
import type { Db } from '../db/client.js'
import { auditLog } from '../db/schema.js'

export interface AuditEntry {
  siteId: number
  userId: number | null
  action: string
  targetType: string
  targetId: number | null
  /** What changed. Never passwords or tokens. */
  detail?: Record<string, unknown>
  at: number
}

export function audit(db: Db, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ ...entry, detail: entry.detail ?? null })
    .run()
}
