/** The audit log for administrators: who changed what, when; newest first, paged and filtered. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { and, count, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm'
import type { AuditNames, AuditPage } from '../../../shared/admin.js'
import { auditLog, counters, devices, priorityGroups, services, sites, users } from '../db/schema.js'
import { AnyObject, ErrorResponse, Id } from './schemas.js'
import { siteOf } from '../http/principal.js'

const Query = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** An exact action (`service.update`) or a family (`service.`). */
    action: Type.Optional(Type.String({ pattern: '^[a-z_.]{1,60}$' })),
    targetType: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    userId: Type.Optional(Id),
    /** UTC milliseconds, inclusive. */
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    /** UTC milliseconds, exclusive. */
    to: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
)

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.storage.db

  /** Every name an entry may refer to; a site has tens of services, counters and accounts, not thousands. */
  const namesOf = (siteId: number): AuditNames => ({
    site: db.select({ name: sites.name }).from(sites).where(eq(sites.id, siteId)).get()?.name ?? '',
    services: db.select({ id: services.id, code: services.code, nameVi: services.nameVi, nameEn: services.nameEn }).from(services).where(eq(services.siteId, siteId)).all(),
    counters: db.select({ id: counters.id, number: counters.number, name: counters.name }).from(counters).where(eq(counters.siteId, siteId)).all(),
    users: db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(eq(users.siteId, siteId)).all(),
    priorityGroups: db
      .select({ id: priorityGroups.id, code: priorityGroups.code, nameVi: priorityGroups.nameVi, nameEn: priorityGroups.nameEn })
      .from(priorityGroups)
      .where(eq(priorityGroups.siteId, siteId))
      .all(),
    devices: db.select({ id: devices.id, name: devices.name }).from(devices).where(eq(devices.siteId, siteId)).all(),
  })

  app.get(
    '/api/admin/audit',
    {
      preHandler: app.requireStaff(['admin']),
      schema: { querystring: Query, response: { 200: AnyObject, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse } },
    },
    async (request): Promise<AuditPage> => {
      const q = request.query
      const limit = q.limit ?? 50
      const offset = q.offset ?? 0
      const where: SQL[] = [eq(auditLog.siteId, siteOf(request))]
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
        .limit(limit)
        .offset(offset)
        .all()
      return {
        entries: rows.map(({ entry, username, displayName }) => ({
          id: entry.id,
          at: entry.at,
          userId: entry.userId,
          username: username ?? null,
          displayName: displayName ?? null,
          action: entry.action,
          targetType: entry.targetType,
          targetId: entry.targetId,
          detail: entry.detail ?? null,
        })),
        total,
        limit,
        offset,
        names: namesOf(siteOf(request)),
      }
    },
  )
}
export default routes
