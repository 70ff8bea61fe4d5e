/**
 * Counters (quầy) as administrators set them up: number, name, call strategy and the services
 * they serve, in order. A counter that is open, or that has served tickets, is not deleted.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { and, count, eq, inArray, ne, or } from 'drizzle-orm'
import { CALL_STRATEGIES } from '../../../shared/constants.js'
import { counterServices, counters, services, tickets } from '../db/schema.js'
import type { Db } from '../db/client.js'
import { counterView, counterViews } from '../domain/views.js'
import { runChange } from '../admin/change.js'
import { HttpError } from '../plugins/errors.js'
import { CommandErrors, CounterSchema, ErrorResponse, Id, IdParams } from './schemas.js'
import { siteOf } from '../http/principal.js'

type CounterRow = typeof counters.$inferSelect

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

  function load(tx: Db, siteId: number, id: number): CounterRow {
    const row = tx.select().from(counters).where(and(eq(counters.id, id), eq(counters.siteId, siteId))).get()
    if (!row) throw new HttpError(404, 'counter_not_found', `Counter ${id} does not exist`)
    return row
  }

  function checkNumberFree(tx: Db, siteId: number, number: number, exceptId?: number): void {
    const where = exceptId === undefined
      ? and(eq(counters.siteId, siteId), eq(counters.number, number))
      : and(eq(counters.siteId, siteId), eq(counters.number, number), ne(counters.id, exceptId))
    if (tx.select({ id: counters.id }).from(counters).where(where).get()) {
      throw new HttpError(409, 'counter_number_taken', `Counter number ${number} is already used`)
    }
  }

  function setServices(tx: Db, siteId: number, counterId: number, serviceIds: number[]): void {
    if (serviceIds.length > 0) {
      const found = tx
        .select({ id: services.id })
        .from(services)
        .where(and(eq(services.siteId, siteId), inArray(services.id, serviceIds)))
        .all()
      const missing = serviceIds.filter((id) => !found.some((f) => f.id === id))
      if (missing.length > 0) throw new HttpError(422, 'service_not_found', `No service with id ${missing.join(', ')}`)
    }
    tx.delete(counterServices).where(eq(counterServices.counterId, counterId)).run()
    if (serviceIds.length > 0) {
      tx.insert(counterServices).values(serviceIds.map((serviceId, position) => ({ counterId, serviceId, position }))).run()
    }
  }

  app.get(
    '/api/admin/counters',
    { preHandler: reader, schema: { response: { 200: Type.Object({ counters: Type.Array(CounterSchema) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => {
      const siteId = siteOf(request)
      return { counters: await app.store.read((r) => counterViews(r, siteId)) }
    },
  )

  app.post(
    '/api/admin/counters',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: Type.Object({ counter: CounterSchema }), ...CommandErrors } } },
    async (request, reply) => {
      const id = runChange(app, request, ({ tx, siteId, now }) => {
        const body = request.body
        checkNumberFree(tx, siteId, body.number)
        const row = tx
          .insert(counters)
          .values({ siteId, number: body.number, name: body.name.trim(), strategy: body.strategy ?? 'service_order', updatedAt: now })
          .returning()
          .get()
        setServices(tx, siteId, row.id, body.serviceIds ?? [])
        return {
          result: row.id,
          audit: { action: 'counter.create', targetType: 'counter', targetId: row.id, detail: { ...body } },
          siteChanged: 'counters',
        }
      })
      const counter = await app.store.read((r) => counterView(r, siteOf(request), id))
      return reply.status(201).send({ counter: counter! })
    },
  )

  app.patch(
    '/api/admin/counters/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: Type.Object({ counter: CounterSchema }), ...CommandErrors } } },
    async (request) => {
      const id = runChange(app, request, ({ tx, siteId, now }) => {
        const before = load(tx, siteId, request.params.id)
        const body = request.body
        if (body.number !== undefined) checkNumberFree(tx, siteId, body.number, before.id)
        tx.update(counters)
          .set({
            ...(body.number !== undefined ? { number: body.number } : {}),
            ...(body.name !== undefined ? { name: body.name.trim() } : {}),
            ...(body.strategy !== undefined ? { strategy: body.strategy } : {}),
            updatedAt: now,
          })
          .where(eq(counters.id, before.id))
          .run()
        if (body.serviceIds !== undefined) setServices(tx, siteId, before.id, body.serviceIds)
        return {
          result: before.id,
          audit: { action: 'counter.update', targetType: 'counter', targetId: before.id, detail: { number: before.number, ...body } },
          siteChanged: 'counters',
        }
      })
      const counter = await app.store.read((r) => counterView(r, siteOf(request), id))
      return { counter: counter! }
    },
  )

  app.delete(
    '/api/admin/counters/:id',
    { preHandler: admin, schema: { params: IdParams, response: { 200: Type.Object({ deleted: Type.Boolean() }), ...CommandErrors } } },
    async (request) =>
      runChange(app, request, ({ tx, siteId }) => {
        const before = load(tx, siteId, request.params.id)
        if (before.status !== 'closed') throw new HttpError(409, 'counter_not_closed', `Counter ${before.number} is ${before.status}; close it first`)
        const used = tx.select({ n: count() }).from(tickets).where(or(eq(tickets.counterId, before.id), eq(tickets.targetCounterId, before.id))).get()
        if ((used?.n ?? 0) > 0) throw new HttpError(409, 'counter_has_history', `Counter ${before.number} has served tickets; rename it instead`)
        tx.delete(counterServices).where(eq(counterServices.counterId, before.id)).run()
        tx.delete(counters).where(eq(counters.id, before.id)).run()
        return {
          result: { deleted: true },
          audit: { action: 'counter.delete', targetType: 'counter', targetId: before.id, detail: { number: before.number, name: before.name } },
          siteChanged: 'counters',
        }
      }),
  )
}
export default routes
