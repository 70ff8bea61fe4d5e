/**
 * Counters (quầy) as administrators set them up: number, name, call strategy and the services
 * they serve, in order. A counter that is open, or that has served tickets, is not deleted.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CALL_STRATEGIES } from '../../../shared/constants.js'
import { createCounter, deleteCounter, updateCounter } from '../domain/admin/counters.js'
import { counterViews } from '../domain/views.js'
import { CommandErrors, CounterViewSchema, ErrorResponse, Id, IdParams } from './schemas.js'
import { siteOf, staffCommand } from '../http/principal.js'

const CreateBody = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 999 }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    strategy: Type.Optional(Type.Enum([...CALL_STRATEGIES])),
    /** In the order the counter serves them. */
    serviceIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
)
const PatchBody = Type.Partial(CreateBody, { additionalProperties: false, minProperties: 1 })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])

  app.get(
    '/api/admin/counters',
    { preHandler: reader, schema: { response: { 200: Type.Object({ counters: Type.Array(CounterViewSchema) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({ counters: await app.store.read((r) => counterViews(r, siteOf(request))) }),
  )

  app.post(
    '/api/admin/counters',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: Type.Object({ counter: CounterViewSchema }), ...CommandErrors } } },
    async (request, reply) => {
      const counter = await app.commands.run(createCounter, staffCommand(request), request.body)
      return reply.status(201).send({ counter })
    },
  )

  app.patch(
    '/api/admin/counters/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: Type.Object({ counter: CounterViewSchema }), ...CommandErrors } } },
    async (request) => ({ counter: await app.commands.run(updateCounter, staffCommand(request), { id: request.params.id, changes: request.body }) }),
  )

  app.delete(
    '/api/admin/counters/:id',
    { preHandler: admin, schema: { params: IdParams, response: { 200: Type.Object({ deleted: Type.Boolean() }), ...CommandErrors } } },
    async (request) => app.commands.run(deleteCounter, staffCommand(request), { id: request.params.id }),
  )
}
export default routes
