/** The audit log for administrators: who changed what, when; newest first, paged and filtered. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { AuditPage } from '../../../shared/admin.js'
import { AuditPageSchema, ErrorResponse, Id } from './schemas.js'
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
    from: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    /** UTC milliseconds, exclusive. */
    to: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  },
  { additionalProperties: false },
)

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/admin/audit',
    {
      preHandler: app.requireStaff(['admin']),
      schema: { querystring: Query, response: { 200: AuditPageSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse } },
    },
    async (request): Promise<AuditPage> => {
      const q = request.query
      const siteId = siteOf(request)
      const limit = q.limit ?? 50
      const offset = q.offset ?? 0
      const { page, names } = await app.store.read(async (r) => ({
        page: await r.audit.page({ siteId, action: q.action, targetType: q.targetType, userId: q.userId, from: q.from, to: q.to, limit, offset }),
        names: await r.audit.names(siteId),
      }))
      return { entries: page.entries, total: page.total, limit, offset, names }
    },
  )
}
export default routes
