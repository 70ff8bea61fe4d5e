import type { Db } from '../client.js'
import type { AuditRepository } from '../repositories.js'
import { auditLog } from '../schema.js'

export function auditRepository(db: Db): AuditRepository {
  return {
    async append(entry) {
      db.insert(auditLog)
        .values({ ...entry, detail: entry.detail ?? null })
        .run()
    },
  }
}
