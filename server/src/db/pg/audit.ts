import { and, asc, count, desc, eq, gte, ilike, lt, sql, type SQL } from 'drizzle-orm'
import type { AuditRepository } from '../repositories.js'
import { auditEntryView } from '../rows.js'
import type { PgDb } from './client.js'
import { auditLog, counters, devices, priorityGroups, services, sites, users } from './schema.js'

export function auditRepository(db: PgDb): AuditRepository {
  return {
    async append(entry) {
      await db.insert(auditLog).values({ ...entry, detail: entry.detail ?? null })
    },
    async page(q) {
      const where: SQL[] = [eq(auditLog.siteId, q.siteId)]
      // ILIKE: SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's does not.
      if (q.action) where.push(q.action.endsWith('.') ? ilike(auditLog.action, `${q.action}%`) : eq(auditLog.action, q.action))
      if (q.targetType) where.push(eq(auditLog.targetType, q.targetType))
      if (q.userId) where.push(eq(auditLog.userId, q.userId))
      if (q.from !== undefined) where.push(gte(auditLog.at, q.from))
      if (q.to !== undefined) where.push(lt(auditLog.at, q.to))
      const filter = and(...where)
      const total = (await db.select({ n: count() }).from(auditLog).where(filter))[0]?.n ?? 0
      const rows = await db
        .select({ entry: auditLog, username: users.username, displayName: users.displayName })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.userId))
        .where(filter)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(q.limit)
        .offset(q.offset)
      return { total, entries: rows.map(auditEntryView) }
    },
    // A site has tens of services, counters and accounts, not thousands. In SQLite's order: services
    // and counters through their site's unique index (by code, by number), the others by row id.
    async names(siteId) {
      const [site] = await db.select({ name: sites.name }).from(sites).where(eq(sites.id, siteId))
      return {
        site: site?.name ?? '',
        services: await db
          .select({ id: services.id, code: services.code, nameVi: services.nameVi, nameEn: services.nameEn })
          .from(services)
          .where(eq(services.siteId, siteId))
          .orderBy(sql`${services.code} collate "C"`),
        counters: await db
          .select({ id: counters.id, number: counters.number, name: counters.name })
          .from(counters)
          .where(eq(counters.siteId, siteId))
          .orderBy(asc(counters.number)),
        users: await db
          .select({ id: users.id, username: users.username, displayName: users.displayName })
          .from(users)
          .where(eq(users.siteId, siteId))
          .orderBy(asc(users.id)),
        priorityGroups: await db
          .select({ id: priorityGroups.id, code: priorityGroups.code, nameVi: priorityGroups.nameVi, nameEn: priorityGroups.nameEn })
          .from(priorityGroups)
          .where(eq(priorityGroups.siteId, siteId))
          .orderBy(asc(priorityGroups.id)),
        devices: await db.select({ id: devices.id, name: devices.name }).from(devices).where(eq(devices.siteId, siteId)).orderBy(asc(devices.id)),
      }
    },
  }
}
