import { and, count, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { AuditRepository } from '../repositories.js'
import { auditLog, counters, devices, priorityGroups, services, sites, users } from '../schema.js'
import { auditEntryView } from '../rows.js'

export function auditRepository(db: Db): AuditRepository {
  return {
    async append(entry) {
      db.insert(auditLog)
        .values({ ...entry, detail: entry.detail ?? null })
        .run()
    },
    async page(q) {
      const where: SQL[] = [eq(auditLog.siteId, q.siteId)]
      if (q.action) where.push(q.action.endsWith('.') ? like(auditLog.action, `${q.action}%`) : eq(auditLog.action, q.action))
      if (q.targetType) where.push(eq(auditLog.targetType, q.targetType))
      if (q.userId) where.push(eq(auditLog.userId, q.userId))
      if (q.from !== undefined) where.push(gte(auditLog.at, q.from))
      if (q.to !== undefined) where.push(lt(auditLog.at, q.to))
      const filter = and(...where)
      const total = db.select({ n: count() }).from(auditLog).where(filter).get()?.n ?? 0
      const rows = db
        .select({ entry: auditLog, username: users.username, displayName: users.displayName })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.userId))
        .where(filter)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(q.limit)
        .offset(q.offset)
        .all()
      return { total, entries: rows.map(auditEntryView) }
    },
    // A site has tens of services, counters and accounts, not thousands.
    async names(siteId) {
      return {
        site: db.select({ name: sites.name }).from(sites).where(eq(sites.id, siteId)).get()?.name ?? '',
        services: db
          .select({ id: services.id, code: services.code, nameVi: services.nameVi, nameEn: services.nameEn })
          .from(services)
          .where(eq(services.siteId, siteId))
          .all(),
        counters: db.select({ id: counters.id, number: counters.number, name: counters.name }).from(counters).where(eq(counters.siteId, siteId)).all(),
        users: db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(eq(users.siteId, siteId)).all(),
        priorityGroups: db
          .select({ id: priorityGroups.id, code: priorityGroups.code, nameVi: priorityGroups.nameVi, nameEn: priorityGroups.nameEn })
          .from(priorityGroups)
          .where(eq(priorityGroups.siteId, siteId))
          .all(),
        devices: db.select({ id: devices.id, name: devices.name }).from(devices).where(eq(devices.siteId, siteId)).all(),
      }
    },
  }
}
