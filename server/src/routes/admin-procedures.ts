/**
 * The procedure catalogue (thủ tục) of the centre: procedures within each service with the papers to
 * bring, kept by administrators (managers may read), and the import of the province's list from CSV:
 * `commit: false` previews every row with its errors and saves nothing; `commit: true` saves a list
 * without errors in one go, or refuses (422 procedure_import_invalid) and saves nothing.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { createProcedure, deleteProcedure, importProcedures, previewProcedureImport, updateProcedure } from '../domain/admin/procedures.js'
import { procedureView } from '../domain/views.js'
import { siteOf, staffCommand } from '../http/principal.js'
import { CommandErrors, DeleteResultSchema, ErrorResponse, Id, IdParams, ProcedureImportResultSchema, ProcedureViewSchema } from './schemas.js'

const fields = {
  serviceId: Id,
  code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$' }),
  nameVi: Type.String({ minLength: 1, maxLength: 300 }),
  nameEn: Type.String({ maxLength: 300 }),
  papers: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 30 }),
  active: Type.Boolean(),
  sortOrder: Type.Integer({ minimum: 0, maximum: 100_000 }),
}

const CreateBody = Type.Object(
  {
    serviceId: fields.serviceId,
    code: fields.code,
    nameVi: fields.nameVi,
    nameEn: Type.Optional(fields.nameEn),
    papers: Type.Optional(fields.papers),
    active: Type.Optional(fields.active),
    sortOrder: Type.Optional(fields.sortOrder),
  },
  { additionalProperties: false },
)
const PatchBody = Type.Partial(CreateBody, { additionalProperties: false, minProperties: 1 })
const ProcedureResponse = Type.Object({ procedure: ProcedureViewSchema })
const ImportBody = Type.Object({ csv: Type.String({ maxLength: 900_000 }), commit: Type.Boolean() }, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])

  app.get(
    '/api/admin/procedures',
    {
      preHandler: reader,
      schema: { response: { 200: Type.Object({ procedures: Type.Array(ProcedureViewSchema) }), 401: ErrorResponse, 403: ErrorResponse } },
    },
    async (request) => ({ procedures: (await app.store.read((r) => r.procedures.all(siteOf(request)))).map(procedureView) }),
  )

  app.post(
    '/api/admin/procedures',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: ProcedureResponse, ...CommandErrors } } },
    async (request, reply) => reply.status(201).send({ procedure: await app.commands.run(createProcedure, staffCommand(request), request.body) }),
  )

  app.patch(
    '/api/admin/procedures/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: ProcedureResponse, ...CommandErrors } } },
    async (request) => ({ procedure: await app.commands.run(updateProcedure, staffCommand(request), { id: request.params.id, changes: request.body }) }),
  )

  app.delete(
    '/api/admin/procedures/:id',
    { preHandler: admin, schema: { params: IdParams, response: { 200: DeleteResultSchema(ProcedureViewSchema), ...CommandErrors } } },
    async (request) => app.commands.run(deleteProcedure, staffCommand(request), { id: request.params.id }),
  )

  app.post(
    '/api/admin/procedures/import',
    { preHandler: admin, schema: { body: ImportBody, response: { 200: ProcedureImportResultSchema, ...CommandErrors } } },
    async (request) => {
      const { csv, commit } = request.body
      if (commit) return app.commands.run(importProcedures, staffCommand(request), { csv })
      return app.store.read((r) => previewProcedureImport(r, siteOf(request), csv))
    },
  )
}
export default routes
