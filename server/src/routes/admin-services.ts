/**
 * Services (lĩnh vực) as administrators set them up: names, numbering, hours, caps and targets.
 * Managers may read. A service with tickets is never deleted, only deactivated: reports need it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { and, asc, count, eq, ne } from 'drizzle-orm'
import { NUMBERING_KINDS } from '../../../shared/constants.js'
import type { AdminServiceView, DeleteResult } from '../../../shared/admin.js'
import { counterServices, numberCounters, services, tickets } from '../db/schema.js'
import type { Db } from '../db/client.js'
import { serviceView } from '../domain/views.js'
import { requireSomeChange, runChange } from '../admin/change.js'
import { checkHours, checkNumbering } from '../admin/service-rules.js'
import { HttpError } from '../plugins/errors.js'
import { AnyObject, CommandErrors, ErrorResponse, IdParams } from './schemas.js'
import { siteOf } from '../http/principal.js'

type ServiceRow = typeof services.$inferSelect

export function adminServiceView(row: ServiceRow): AdminServiceView {
  return { ...serviceView(row), defaultServiceMinutes: row.defaultServiceMinutes }
}

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
type PatchBody = Static<typeof PatchBody>

const ServiceResponse = Type.Object({ service: AnyObject })

/** Trims names and puts codes and prefixes in capitals, as they are printed. */
function normalise(body: PatchBody): Partial<ServiceRow> {
  const out: Partial<ServiceRow> = {}
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue
    ;(out as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value
  }
  if (out.code !== undefined) out.code = out.code.toUpperCase()
  if (out.prefix !== undefined) out.prefix = out.prefix.toUpperCase()
  return out
}

function checkService(tx: Db, siteId: number, row: ServiceRow | (Omit<ServiceRow, 'id'> & { id?: number })): void {
  const others = tx
    .select()
    .from(services)
    .where(row.id === undefined ? eq(services.siteId, siteId) : and(eq(services.siteId, siteId), ne(services.id, row.id)))
    .all()
  const sameCode = others.find((o) => o.code === row.code)
  if (sameCode) throw new HttpError(409, 'service_code_taken', `A service with code ${row.code} already exists`)
  checkHours(row.hours)
  checkNumbering(row, others)
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])
  const db = app.storage.db

  function load(tx: Db, siteId: number, id: number): ServiceRow {
    const row = tx.select().from(services).where(and(eq(services.id, id), eq(services.siteId, siteId))).get()
    if (!row) throw new HttpError(404, 'service_not_found', `Service ${id} does not exist`)
    return row
  }

  app.get(
    '/api/admin/services',
    { preHandler: reader, schema: { response: { 200: Type.Object({ services: Type.Array(AnyObject) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({
      services: db
        .select()
        .from(services)
        .where(eq(services.siteId, siteOf(request)))
        .orderBy(asc(services.sortOrder), asc(services.id))
        .all()
        .map(adminServiceView),
    }),
  )

  app.post(
    '/api/admin/services',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: ServiceResponse, ...CommandErrors } } },
    async (request, reply) => {
      const service = runChange(app, request, ({ tx, siteId }) => {
        const values = {
          siteId,
          prefix: '',
          digits: 3,
          blockStart: 1,
          blockEnd: 999,
          hours: null,
          dailyCap: null,
          targetWaitMinutes: 15,
          defaultServiceMinutes: 8,
          active: true,
          sortOrder: 0,
          ...normalise(request.body),
        } as Omit<ServiceRow, 'id'>
        checkService(tx, siteId, values)
        const row = tx.insert(services).values(values).returning().get()
        return {
          result: adminServiceView(row),
          audit: { action: 'service.create', targetType: 'service', targetId: row.id, detail: { ...request.body } },
          siteChanged: 'services',
        }
      })
      return reply.status(201).send({ service })
    },
  )

  app.patch(
    '/api/admin/services/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: ServiceResponse, ...CommandErrors } } },
    async (request) => {
      const service = runChange(app, request, ({ tx, siteId }) => {
        const before = load(tx, siteId, request.params.id)
        const changes = normalise(request.body)
        requireSomeChange(changes)
        checkService(tx, siteId, { ...before, ...changes })
        const row = tx.update(services).set(changes).where(eq(services.id, before.id)).returning().get()
        if (!row) throw new HttpError(404, 'service_not_found', 'Service vanished')
        return {
          result: adminServiceView(row),
          audit: { action: 'service.update', targetType: 'service', targetId: row.id, detail: { code: before.code, ...request.body } },
          siteChanged: 'services',
        }
      })
      return { service }
    },
  )

  app.delete(
    '/api/admin/services/:id',
    {
      preHandler: admin,
      schema: { params: IdParams, response: { 200: Type.Object({ deleted: Type.Boolean(), item: Type.Union([AnyObject, Type.Null()]) }), ...CommandErrors } },
    },
    async (request) =>
      runChange<DeleteResult<AdminServiceView>>(app, request, ({ tx, siteId }) => {
        const before = load(tx, siteId, request.params.id)
        const used = tx.select({ n: count() }).from(tickets).where(eq(tickets.serviceId, before.id)).get()
        if ((used?.n ?? 0) > 0) {
          // Tickets (and so reports) refer to it: keep it, but no kiosk offers it any more.
          const row = tx.update(services).set({ active: false }).where(eq(services.id, before.id)).returning().get()
          return {
            result: { deleted: false, item: row ? adminServiceView(row) : null },
            audit: { action: 'service.deactivate', targetType: 'service', targetId: before.id, detail: { code: before.code, reason: 'has_tickets' } },
            siteChanged: 'services',
          }
        }
        tx.delete(counterServices).where(eq(counterServices.serviceId, before.id)).run()
        tx.delete(numberCounters).where(eq(numberCounters.serviceId, before.id)).run()
        tx.delete(services).where(eq(services.id, before.id)).run()
        return {
          result: { deleted: true, item: null },
          audit: { action: 'service.delete', targetType: 'service', targetId: before.id, detail: { code: before.code, nameVi: before.nameVi } },
          siteChanged: 'services',
        }
      }),
  )
}
export default routes
