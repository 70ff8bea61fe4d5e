/**
 * Priority groups (đối tượng ưu tiên) the kiosk offers. Managers may read. A group that tickets
 * refer to is deactivated rather than deleted, so reports keep their meaning.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { and, asc, count, eq, ne } from 'drizzle-orm'
import type { PriorityGroupView } from '../../../shared/types.js'
import type { DeleteResult } from '../../../shared/admin.js'
import { priorityGroups, tickets } from '../db/schema.js'
import type { Db } from '../db/client.js'
import { priorityGroupView } from '../domain/views.js'
import { requireSomeChange, runChange } from '../admin/change.js'
import { HttpError } from '../plugins/errors.js'
import { AnyObject, CommandErrors, ErrorResponse, IdParams } from './schemas.js'
import { siteOf } from '../http/principal.js'

type GroupRow = typeof priorityGroups.$inferSelect

const CreateBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,10}$' }),
    nameVi: Type.String({ minLength: 1, maxLength: 120 }),
    nameEn: Type.String({ minLength: 1, maxLength: 120 }),
    active: Type.Optional(Type.Boolean()),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
)
const PatchBody = Type.Partial(CreateBody, { additionalProperties: false, minProperties: 1 })
const GroupResponse = Type.Object({ group: AnyObject })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])
  const db = app.storage.db

  function load(tx: Db, siteId: number, id: number): GroupRow {
    const row = tx.select().from(priorityGroups).where(and(eq(priorityGroups.id, id), eq(priorityGroups.siteId, siteId))).get()
    if (!row) throw new HttpError(404, 'priority_group_not_found', `Priority group ${id} does not exist`)
    return row
  }

  function checkCodeFree(tx: Db, siteId: number, code: string, exceptId?: number): void {
    const where = exceptId === undefined
      ? and(eq(priorityGroups.siteId, siteId), eq(priorityGroups.code, code))
      : and(eq(priorityGroups.siteId, siteId), eq(priorityGroups.code, code), ne(priorityGroups.id, exceptId))
    if (tx.select({ id: priorityGroups.id }).from(priorityGroups).where(where).get()) {
      throw new HttpError(409, 'priority_group_code_taken', `A priority group with code ${code} already exists`)
    }
  }

  app.get(
    '/api/admin/priority-groups',
    { preHandler: reader, schema: { response: { 200: Type.Object({ groups: Type.Array(AnyObject) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({
      groups: db
        .select()
        .from(priorityGroups)
        .where(eq(priorityGroups.siteId, siteOf(request)))
        .orderBy(asc(priorityGroups.sortOrder), asc(priorityGroups.id))
        .all()
        .map(priorityGroupView),
    }),
  )

  app.post(
    '/api/admin/priority-groups',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: GroupResponse, ...CommandErrors } } },
    async (request, reply) => {
      const group = runChange(app, request, ({ tx, siteId }) => {
        const body = request.body
        const code = body.code.toUpperCase()
        checkCodeFree(tx, siteId, code)
        const row = tx
          .insert(priorityGroups)
          .values({ siteId, code, nameVi: body.nameVi.trim(), nameEn: body.nameEn.trim(), active: body.active ?? true, sortOrder: body.sortOrder ?? 0 })
          .returning()
          .get()
        return {
          result: priorityGroupView(row),
          audit: { action: 'priority_group.create', targetType: 'priority_group', targetId: row.id, detail: { ...body } },
          siteChanged: 'priority_groups',
        }
      })
      return reply.status(201).send({ group })
    },
  )

  app.patch(
    '/api/admin/priority-groups/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: GroupResponse, ...CommandErrors } } },
    async (request) => {
      const group = runChange(app, request, ({ tx, siteId }) => {
        const before = load(tx, siteId, request.params.id)
        const body = request.body
        requireSomeChange(body)
        const code = body.code?.toUpperCase()
        if (code !== undefined) checkCodeFree(tx, siteId, code, before.id)
        const row = tx
          .update(priorityGroups)
          .set({
            ...(code !== undefined ? { code } : {}),
            ...(body.nameVi !== undefined ? { nameVi: body.nameVi.trim() } : {}),
            ...(body.nameEn !== undefined ? { nameEn: body.nameEn.trim() } : {}),
            ...(body.active !== undefined ? { active: body.active } : {}),
            ...(body.sortOrder !== undefined ? { sortOrder: body.sortOrder } : {}),
          })
          .where(eq(priorityGroups.id, before.id))
          .returning()
          .get()
        if (!row) throw new HttpError(404, 'priority_group_not_found', 'Priority group vanished')
        return {
          result: priorityGroupView(row),
          audit: { action: 'priority_group.update', targetType: 'priority_group', targetId: before.id, detail: { code: before.code, ...body } },
          siteChanged: 'priority_groups',
        }
      })
      return { group }
    },
  )

  app.delete(
    '/api/admin/priority-groups/:id',
    {
      preHandler: admin,
      schema: { params: IdParams, response: { 200: Type.Object({ deleted: Type.Boolean(), item: Type.Union([AnyObject, Type.Null()]) }), ...CommandErrors } },
    },
    async (request) =>
      runChange<DeleteResult<PriorityGroupView>>(app, request, ({ tx, siteId }) => {
        const before = load(tx, siteId, request.params.id)
        const used = tx.select({ n: count() }).from(tickets).where(eq(tickets.priorityGroupId, before.id)).get()
        if ((used?.n ?? 0) > 0) {
          const row = tx.update(priorityGroups).set({ active: false }).where(eq(priorityGroups.id, before.id)).returning().get()
          return {
            result: { deleted: false, item: row ? priorityGroupView(row) : null },
            audit: { action: 'priority_group.deactivate', targetType: 'priority_group', targetId: before.id, detail: { code: before.code, reason: 'has_tickets' } },
            siteChanged: 'priority_groups',
          }
        }
        tx.delete(priorityGroups).where(eq(priorityGroups.id, before.id)).run()
        return {
          result: { deleted: true, item: null },
          audit: { action: 'priority_group.delete', targetType: 'priority_group', targetId: before.id, detail: { code: before.code, nameVi: before.nameVi } },
          siteChanged: 'priority_groups',
        }
      }),
  )
}
export default routes
