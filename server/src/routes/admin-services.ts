/**
 * Services (lĩnh vực) as administrators set them up: names, numbering, hours, caps and targets.
 * Managers may read. A service with tickets is never deleted, only deactivated: reports need it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { NUMBERING_KINDS } from '../../../shared/constants.js'
import { adminServiceView, createService, deleteService, updateService } from '../domain/admin/services.js'
import { AdminServiceViewSchema, CommandErrors, DeleteResultSchema, ErrorResponse, IdParams } from './schemas.js'
import { siteOf, staffCommand } from '../http/principal.js'

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })
export const OpeningHoursSchema = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }),
    periods: Type.Array(Type.Object({ from: Time, to: Time }, { additionalProperties: false }), { minItems: 1, maxItems: 6 }),
  },
  { additionalProperties: false },
)

const fields = {
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,10}$' }),
  nameVi: Type.String({ minLength: 1, maxLength: 120 }),
  nameEn: Type.String({ minLength: 1, maxLength: 120 }),
  numbering: Type.Enum([...NUMBERING_KINDS]),
  prefix: Type.String({ pattern: '^[A-Za-z]{0,3}$' }),
  digits: Type.Integer({ minimum: 1, maximum: 6 }),
  blockStart: Type.Integer({ minimum: 1, maximum: 999_999 }),
  blockEnd: Type.Integer({ minimum: 1, maximum: 999_999 }),
  hours: Type.Union([OpeningHoursSchema, Type.Null()]),
  dailyCap: Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()]),
  targetWaitMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
  defaultServiceMinutes: Type.Integer({ minimum: 1, maximum: 480 }),
  active: Type.Boolean(),
  sortOrder: Type.Integer({ minimum: 0, maximum: 10_000 }),
}

const CreateBody = Type.Object(
  {
    code: fields.code,
    nameVi: fields.nameVi,
    nameEn: fields.nameEn,
    numbering: fields.numbering,
    prefix: Type.Optional(fields.prefix),
    digits: Type.Optional(fields.digits),
    blockStart: Type.Optional(fields.blockStart),
    blockEnd: Type.Optional(fields.blockEnd),
    hours: Type.Optional(fields.hours),
    dailyCap: Type.Optional(fields.dailyCap),
    targetWaitMinutes: Type.Optional(fields.targetWaitMinutes),
    defaultServiceMinutes: Type.Optional(fields.defaultServiceMinutes),
    active: Type.Optional(fields.active),
    sortOrder: Type.Optional(fields.sortOrder),
  },
  { additionalProperties: false },
)
const PatchBody = Type.Partial(CreateBody, { additionalProperties: false, minProperties: 1 })

const ServiceResponse = Type.Object({ service: AdminServiceViewSchema })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])

  app.get(
    '/api/admin/services',
    {
      preHandler: reader,
      schema: { response: { 200: Type.Object({ services: Type.Array(AdminServiceViewSchema) }), 401: ErrorResponse, 403: ErrorResponse } },
    },
    async (request) => ({ services: (await app.store.read((r) => r.services.all(siteOf(request)))).map(adminServiceView) }),
  )

  app.post(
    '/api/admin/services',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: ServiceResponse, ...CommandErrors } } },
    async (request, reply) => {
      const service = await app.commands.run(createService, staffCommand(request), request.body)
      return reply.status(201).send({ service })
    },
  )

  app.patch(
    '/api/admin/services/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: ServiceResponse, ...CommandErrors } } },
    async (request) => ({ service: await app.commands.run(updateService, staffCommand(request), { id: request.params.id, changes: request.body }) }),
  )

  app.delete(
    '/api/admin/services/:id',
    {
      preHandler: admin,
      schema: { params: IdParams, response: { 200: DeleteResultSchema(AdminServiceViewSchema), ...CommandErrors } },
    },
    async (request) => app.commands.run(deleteService, staffCommand(request), { id: request.params.id }),
  )
}
export default routes
