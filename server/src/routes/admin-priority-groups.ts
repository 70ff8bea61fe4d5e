/**
 * Priority groups (đối tượng ưu tiên) the kiosk offers. Managers may read. A group that tickets
 * refer to is deactivated rather than deleted, so reports keep their meaning.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { priorityGroupView } from '../domain/views.js'
import { createPriorityGroup, deletePriorityGroup, updatePriorityGroup } from '../domain/admin/priority-groups.js'
import { CommandErrors, DeleteResultSchema, ErrorResponse, IdParams, PriorityGroupViewSchema } from './schemas.js'
import { siteOf, staffCommand } from '../http/principal.js'

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
const GroupResponse = Type.Object({ group: PriorityGroupViewSchema })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])

  app.get(
    '/api/admin/priority-groups',
    { preHandler: reader, schema: { response: { 200: Type.Object({ groups: Type.Array(PriorityGroupViewSchema) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({ groups: (await app.store.read((r) => r.priorityGroups.all(siteOf(request)))).map(priorityGroupView) }),
  )

  app.post(
    '/api/admin/priority-groups',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: GroupResponse, ...CommandErrors } } },
    async (request, reply) => {
      const group = await app.commands.run(createPriorityGroup, staffCommand(request), request.body)
      return reply.status(201).send({ group })
    },
  )

  app.patch(
    '/api/admin/priority-groups/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: GroupResponse, ...CommandErrors } } },
    async (request) => ({ group: await app.commands.run(updatePriorityGroup, staffCommand(request), { id: request.params.id, changes: request.body }) }),
  )

  app.delete(
    '/api/admin/priority-groups/:id',
    {
      preHandler: admin,
      schema: { params: IdParams, response: { 200: DeleteResultSchema(PriorityGroupViewSchema), ...CommandErrors } },
    },
    async (request) => app.commands.run(deletePriorityGroup, staffCommand(request), { id: request.params.id }),
  )
}
export default routes
